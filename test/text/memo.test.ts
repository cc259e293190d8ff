import { describe, expect, it } from 'vitest';
import { StringMemo } from '../../src/shared/memo.ts';
import { compact, lineToPlainText, tokenize, toPlainText, wordsOf } from '../../src/text/index.ts';
import type { TextOptions } from '../../src/text/index.ts';
import { plainLines, splitSentences } from '../../src/summarize/sentences.ts';
import type { Sentence } from '../../src/summarize/sentences.ts';
import { extract } from '../../src/normalize/index.ts';
import { presentationFree, setAsideStamps } from '../../src/diff/index.ts';
import { corpusPages, describeWithCorpus, FIRST_AND_LAST_SNAPSHOTS } from '../support/corpus.ts';

/**
 * The summary's remembered line texts, words and sentences (text/plain.ts, summarize/sentences.ts) against what they
 * stand for, computed afresh: on varied lines, then on every line of real pages, each asked twice (the second answer
 * comes from the memo).
 */

const LINES = [
  '',
  '   ',
  '# 4. Data Retention',
  '- **Strictly Necessary Cookies**: we use them. See [our policy](https://example.com/p "t").',
  '| Name | Purpose | Retention |',
  '| --- | --- | --- |',
  '| _ga | Analytics \\| stats | 2 years |',
  '1. Updated March 3, 2026. We keep data for 30 days; $5.00 or 1,5 % — “quoted” ‘text’.',
  'back-end back end backend 1 5 15 1.5',
  'ﬁrst ligature, full\u00a0width １２３, zero\u200bwidth, DISABLE_TELEMETRY and _emphasis_',
  '> quoted - [x] task <https://example.com/a>',
  'Mr. Smith went to Washington. He said "hi!" Then he left... OK? Yes.',
  'Section 2.2 Company\'s Obligations. Company shall… (i) first; (ii) second.',
];

/** splitSentences as it was written before its memo: every line segmented and tokenized afresh. */
function referenceSentences(markdown: string, options: TextOptions = {}): Sentence[] {
  const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
  const out: Sentence[] = [];
  let section: string | undefined;
  const push = (text: string, at: Pick<Sentence, 'kind' | 'block' | 'index' | 'line' | 'clause' | 'row'>, inSection: string | undefined): void => {
    const tokens = tokenize(text);
    if (tokens.length === 0) return;
    const sentence: Sentence = { text, key: compact(tokens).text, tokens: tokens.map((t) => t.text), ...at };
    if (inSection !== undefined) sentence.section = inSection;
    out.push(sentence);
  };
  markdown.split(/\r\n?|\n/).forEach((line, block) => {
    const plain = toPlainText(line, options).replace(/(?<=\S)\[\d{1,3}\]/gu, '');
    if (plain === '') return;
    const kind = /^\s*#{1,6}\s/.test(line) ? 'heading' : /^\s*(?:[-*+]|\d{1,3}[.)])\s|^\s*\|/.test(line) ? 'item' : 'paragraph';
    if (kind === 'heading') {
      section = plain;
      push(plain, { kind, block, index: 0, line: plain }, undefined);
      return;
    }
    // runInTitle is not memoized: take it from the function under test's own output for this block.
    const clause = splitSentences(line, options).find((s) => s.index === 0)?.clause;
    const row = /^\s*\|/u.test(line);
    let index = 0;
    for (const { segment } of segmenter.segment(plain)) {
      push(segment.trim(), { kind, block, index, line: plain, ...(clause && { clause }), ...(row && { row: true as const }) }, section);
      index++;
    }
  });
  return out;
}

function expectSameAsFresh(lines: readonly string[]): void {
  for (let round = 0; round < 2; round++) {
    for (const line of lines) {
      expect(lineToPlainText(line)).toBe(toPlainText(line));
      const plain = toPlainText(line);
      const tokens = tokenize(plain);
      expect(wordsOf(plain)).toEqual({ key: compact(tokens).text, tokens: tokens.map((t) => t.text) });
    }
  }
  const markdown = lines.join('\n');
  expect(plainLines(markdown)).toEqual(lines.map((l) => toPlainText(l)));
  expect(splitSentences(markdown)).toEqual(referenceSentences(markdown));
  expect(splitSentences(markdown)).toEqual(referenceSentences(markdown));
}

describe('remembered line texts', () => {
  it('answer as toPlainText, tokenize and the sentence segmenter do, first time and again', () => {
    expectSameAsFresh(LINES);
  });

  it('a date form of the caller’s own is never answered from the memo', () => {
    const options: TextOptions = { canonicalizeDates: (t) => t.replace(/\d{4}/g, 'YEAR') };
    for (const line of LINES) {
      lineToPlainText(line);
      expect(lineToPlainText(line, options)).toBe(toPlainText(line, options));
    }
    const markdown = LINES.join('\n');
    expect(splitSentences(markdown, options)).toEqual(referenceSentences(markdown, options));
  });

  it('sentences handed out are copies: changing one does not change the next answer', () => {
    const first = splitSentences('One two three. Four five.');
    first[0]!.tokens.push('changed');
    expect(splitSentences('One two three. Four five.')[0]!.tokens).toEqual(['one', 'two', 'three']);
  });

  it('StringMemo starts afresh past its bound and keeps answering the same', () => {
    let computed = 0;
    const memo = new StringMemo((s) => {
      computed++;
      return s.toUpperCase();
    }, 10);
    expect(memo.get('abcd')).toBe('ABCD');
    expect(memo.get('abcd')).toBe('ABCD');
    expect(computed).toBe(1);
    expect(memo.get('efghijk')).toBe('EFGHIJK'); // 4 + 7 > 10: the map was cleared
    expect(memo.get('abcd')).toBe('ABCD');
    expect(computed).toBe(3);
    // A key longer than the bound is answered and not kept.
    expect(memo.get('abcdefghijklmnop')).toBe('ABCDEFGHIJKLMNOP');
    expect(memo.get('abcdefghijklmnop')).toBe('ABCDEFGHIJKLMNOP');
    expect(computed).toBe(5);
    expect(memo.get('abcd')).toBe('ABCD');
    expect(computed).toBe(5);
  });

  it('the diff’s remembered readings of a version answer the same when asked again, and cannot be changed', () => {
    const markdown = '# Terms\n\nLast updated: 2026-01-05\n\nEffective 2026-02-01, we **keep** data — for 30 days.\n';
    const first = { free: presentationFree(markdown), stamps: setAsideStamps(markdown) };
    expect(presentationFree(markdown)).toBe(first.free);
    expect(setAsideStamps(markdown)).toEqual(first.stamps);
    expect(first.stamps.dates).toEqual(['2026-01-05']);
    expect(() => (first.stamps.dates as string[]).push('x')).toThrow();
  });
});

describeWithCorpus('remembered line texts on real pages', ['dev-other'], () => {
  it('answer as computed afresh for every line of the first and last snapshot of each document', () => {
    for (const { folder, html } of corpusPages(['dev-other'], FIRST_AND_LAST_SNAPSHOTS)) {
      const { markdown } = extract({ body: html, format: 'html', url: 'https://example.com/', doc: { id: folder, remove: [] } });
      expectSameAsFresh(markdown.split('\n'));
    }
  }, 120_000);
});
