import { load } from 'cheerio';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { classNames, classTokens } from '../../src/normalize/classes.ts';
import { isVisuallyHidden } from '../../src/normalize/visibility.ts';

describe('class tokens', () => {
  const $ = load('<p id="a" class="md:col-span-6 toc  [&_a]:underline scroll-mt-[var(--h)]"></p><p id="b" class="md:col-span-6 toc  [&_a]:underline scroll-mt-[var(--h)]"></p>');
  const a = $('#a')[0] as Element;
  const b = $('#b')[0] as Element;

  it('reads variants and names, arbitrary values cut out', () => {
    expect(classTokens(a)).toEqual([
      { variants: ['md'], name: 'col-span-6' },
      { variants: [], name: 'toc' },
      { variants: ['[&_a]'], name: 'underline' },
      { variants: [], name: 'scroll-mt-' },
    ]);
    expect(classNames(a)).toEqual(['toc', 'scroll-mt-']);
  });

  it('parses a class attribute once for every element carrying it, and no reader can change the shared answer', () => {
    expect(classTokens(b)).toBe(classTokens(a));
    expect(Object.isFrozen(classTokens(a))).toBe(true);
    expect(classTokens(a).every((t) => Object.isFrozen(t) && Object.isFrozen(t.variants))).toBe(true);
  });

  it('follows an edited attribute (the answer depends on its text alone)', () => {
    const c = load('<p class="x md:y"></p>')('p')[0] as Element;
    expect(classNames(c)).toEqual(['x']);
    c.attribs.class = 'z';
    expect(classNames(c)).toEqual(['z']);
    delete c.attribs.class;
    expect(classTokens(c)).toEqual([]);
  });
});

describe('visually hidden, judged once per class attribute', () => {
  it('gives every element with the attribute the same verdict, and follows an edited attribute', () => {
    const $ = load('<span class="sr-only">a</span><span class="sr-only">b</span><span class="sr-only md:not-sr-only">c</span>');
    const [a, b, c] = $('span').toArray() as Element[];
    expect([isVisuallyHidden(a!), isVisuallyHidden(b!), isVisuallyHidden(c!)]).toEqual([true, true, false]);
    a!.attribs.class = 'label';
    expect(isVisuallyHidden(a!)).toBe(false);
    c!.attribs.class = 'sr-only focus:not-sr-only';
    expect(isVisuallyHidden(c!)).toBe(true);
  });
});
