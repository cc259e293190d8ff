import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { looksBinary } from '../../src/fetch/content.ts';
import { corpusDir, describeWithCorpus } from '../support/corpus.ts';

/** The rule as first written: a loop over code points. The search-based count must agree with it everywhere. */
function reference(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.slice(0, 64 * 1024);
  let bad = 0;
  for (const char of sample) if (char === '\uFFFD') bad += 1;
  return sample.length > 0 && bad / sample.length > 0.02;
}

/** Deterministic pseudo-random text: ASCII, accented letters, astral pairs, lone surrogates and U+FFFD. */
function sampleText(seed: number, length: number, replacementShare: number): string {
  let state = seed;
  const next = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const pieces = ['a', ' ', 'é', '\u{1F600}', '\uD800', '\uDC00', '<p>', '\n'];
  let out = '';
  while (out.length < length) out += next() < replacementShare ? '\uFFFD' : pieces[Math.floor(next() * pieces.length)]!;
  return out;
}

describe('looksBinary', () => {
  it('agrees with the code-point loop around the 2% line, at the 64 KiB sample edge and with surrogates', () => {
    const cases: string[] = ['', '\uFFFD', 'plain text', 'a\u0000b'];
    for (const share of [0, 0.005, 0.015, 0.019, 0.02, 0.021, 0.025, 0.05, 0.5]) {
      for (const length of [10, 1000, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1, 200_000]) cases.push(sampleText(length + share * 1000, length, share));
    }
    // A pair cut by the sample's end, and replacement characters only past it.
    cases.push('a'.repeat(64 * 1024 - 1) + '\u{1F600}' + '\uFFFD'.repeat(5000));
    cases.push('\uFFFD'.repeat(1400) + 'a'.repeat(64 * 1024));
    const verdicts = cases.map((text) => looksBinary(text));
    expect(verdicts).toEqual(cases.map((text) => reference(text)));
    // Both answers occur, so agreement means something.
    expect(new Set(verdicts)).toEqual(new Set([true, false]));
  });

  describeWithCorpus('on real pages', ['dev', 'dev-other'], () => {
    it('agrees with the code-point loop on every corpus page', () => {
      for (const set of ['dev', 'dev-other'] as const) {
        for (const folder of readdirSync(corpusDir(set), { withFileTypes: true }).filter((d) => d.isDirectory())) {
          for (const name of readdirSync(join(corpusDir(set), folder.name)).filter((n) => n.endsWith('.html'))) {
            const text = readFileSync(join(corpusDir(set), folder.name, name), 'utf8');
            expect(looksBinary(text), `${set}/${folder.name}/${name}`).toBe(reference(text));
          }
        }
      }
    });
  });
});
