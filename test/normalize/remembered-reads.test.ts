import { load } from 'cheerio';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { classNames, classTokens } from '../../src/normalize/classes.ts';
import { ElementIndex } from '../../src/normalize/elements.ts';
import { findPlace, linkPlace } from '../../src/normalize/pagelinks.ts';
import { corpusPages, describeWithCorpus, FIRST_SNAPSHOT } from '../support/corpus.ts';

/** classNames and linkPlace remember their answers (classes.ts, pagelinks.ts): held against the same reads made afresh. */

const referencePlace = (href: string | undefined, base: string) => findPlace((href ?? '').trim(), base);

const referenceNames = (el: Element): string[] => classTokens(el).filter((t) => t.variants.length === 0 && t.name !== '').map((t) => t.name);

function expectSameReads(elements: readonly Element[], bases: readonly string[]): void {
  for (let round = 0; round < 2; round++) {
    for (const el of elements) expect(classNames(el)).toEqual(referenceNames(el));
    for (const base of bases) for (const el of elements) if (el.name === 'a') expect(linkPlace(el.attribs.href, base)).toEqual(referencePlace(el.attribs.href, base));
    // Bases taking turns: the memo starts afresh for each.
    for (const el of elements) if (el.name === 'a') for (const base of bases) expect(linkPlace(el.attribs.href, base)).toEqual(referencePlace(el.attribs.href, base));
  }
}

const elementsOf = (html: string): Element[] => {
  const $ = load(html, { xml: { xmlMode: false, decodeEntities: true } });
  return [...new ElementIndex($.root()[0]!).list()];
};

describe('remembered class names and link places', () => {
  it('answer as computed afresh', () => {
    const elements = elementsOf(`<div class="a md:b [&_a]:c  d-[3px] active"></div><div class="a md:b [&_a]:c  d-[3px] active"></div><p class=""></p><p>x</p>
      <a href="#s1">1</a><a href="#">2</a><a href=" /terms#x ">3</a><a href="https://WWW.example.com/terms/">4</a><a href="mailto:a@b.c">5</a>
      <a href="javascript:void 0">6</a><a href="//other.example/x">7</a><a href="http://[bad">8</a><a>9</a><a href="ftp://x/y">10</a><a href="?tab=2">11</a>`);
    expectSameReads(elements, ['https://example.com/terms', 'https://www.example.com/privacy?x=1', 'not a url']);
    const names = classNames(elements[0]!);
    expect(() => (names as string[]).push('x')).toThrow();
  });
});

describeWithCorpus('remembered class names and link places on real pages', ['dev', 'dev-other'], () => {
  it('answer as computed afresh on the first snapshot of each document', () => {
    for (const { html } of corpusPages(['dev', 'dev-other'], FIRST_SNAPSHOT)) {
      const elements = elementsOf(html).filter((el) => el.name === 'a' || el.attribs.class !== undefined);
      expectSameReads(elements, ['https://example.com/', 'https://www.anthropic.com/legal/privacy']);
    }
  }, 300_000);
});
