import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { classify, renderDiffText } from '../../src/diff/index.ts';
import { extract } from '../../src/normalize/index.ts';

/**
 * Typographic re-renders through the whole path (extraction, then classification), from pairs of our own
 * (test/fixtures/noise/typography.yaml): noise where the glyphs look the same, formatting where only typography
 * differs, substantive as soon as a word, a number or a sign changes.
 */

const Pair = z.object({ name: z.string(), a: z.string(), b: z.string() }).strict();
const table = z
  .object({ pairs: z.array(Pair.extend({ kind: z.enum(['noise', 'formatting']) }).strict()).min(20), substantive: z.array(Pair).min(5) })
  .strict()
  .parse(parse(readFileSync(join(import.meta.dirname, '../fixtures/noise/typography.yaml'), 'utf8')));

function markdown(paragraph: string): string {
  const html = `<!doctype html><html><body><main><h1>Privacy “Policy”</h1>
<p>We explain how we use your data in plain words, and for how long we keep each kind of information we collect.</p>
<p>${paragraph}</p></main></body></html>`;
  return extract({ body: html, format: 'html', url: 'https://www.example.com/legal/privacy', doc: { id: 't' } }).markdown;
}

function kindOf(a: string, b: string): { kind: string; shown: string } {
  const c = classify(markdown(a), markdown(b));
  return { kind: c.kind, shown: c.diff ? renderDiffText(c.diff) : '' };
}

describe('typographic re-renders are formatting at most', () => {
  for (const pair of table.pairs) {
    it(`${pair.kind}: ${pair.name}`, () => {
      const there = kindOf(pair.a, pair.b);
      expect(there.kind, there.shown).toBe(pair.kind);
      expect(kindOf(pair.b, pair.a).kind, 'the other way round').toBe(pair.kind);
    });
  }
});

describe('a change of words beside typography stays substantive', () => {
  for (const pair of table.substantive) {
    it(pair.name, () => expect(kindOf(pair.a, pair.b).kind).toBe('substantive'));
  }
});
