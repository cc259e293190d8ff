import { describe, expect, it } from 'vitest';
import { EMPHASIS_MARK, EMPHASIS_MARK_PLAIN, STRONG_MARK, STRONG_MARK_PLAIN } from '../../src/diff/presentation.ts';
import { corpusPages, describeWithCorpus } from '../support/corpus.ts';

/**
 * presentationFree's emphasis patterns are written mark first for speed; each must remove exactly what its plainer
 * reference (the look-behind first) removes, on every short string over the characters that matter and on real text.
 */

const PAIRS = [
  ['strong', STRONG_MARK, STRONG_MARK_PLAIN],
  ['emphasis', EMPHASIS_MARK, EMPHASIS_MARK_PLAIN],
] as const;

// Marks, letters and digits of several scripts, every kind of space, astral characters and lone surrogates.
const ALPHABET = ['_', '*', '~', 'a', 'Z', '7', 'é', '٣', 'ß', '\u{1F600}', '\u{10400}', '\ud800', '\udc00', ' ', '\n', '\t', '\u00a0', '\u3000', '-', '.', '`', '\\'];

function* strings(length: number, prefix = ''): Generator<string> {
  yield prefix;
  if (length === 0) return;
  for (const c of ALPHABET) yield* strings(length - 1, prefix + c);
}

describe('presentation emphasis patterns match their references', () => {
  for (const [name, fast, plain] of PAIRS) {
    it(`${name}: on every string of up to 4 of ${ALPHABET.length} characters`, () => {
      const differ: string[] = [];
      for (const s of strings(4)) if (s.replace(fast, '') !== s.replace(plain, '')) differ.push(s);
      expect(differ).toEqual([]);
    });
  }

  it('removes the marks of a run and keeps those inside words', () => {
    const text = '**Bold** and __bold__, ~~gone~~, _em_ and *em*, DISABLE_TELEMETRY, 2*3, a ** b';
    expect(text.replace(STRONG_MARK, '').replace(EMPHASIS_MARK, '')).toBe('Bold and bold, gone, em and em, DISABLE_TELEMETRY, 2*3, a  b');
    expect(text.replace(STRONG_MARK, '').replace(EMPHASIS_MARK, '')).toBe(text.replace(STRONG_MARK_PLAIN, '').replace(EMPHASIS_MARK_PLAIN, ''));
  });
});

describeWithCorpus('presentation emphasis patterns on corpus pages', ['dev', 'dev-other'], () => {
  it('remove the same as their references from every snapshot page', () => {
    let pages = 0;
    for (const { folder, file, html } of corpusPages(['dev', 'dev-other'])) {
      // The page's text content (tags dropped) is the kind of text these patterns see.
      const text = html.replace(/<[^>]*>/g, ' ');
      for (const [name, fast, plain] of PAIRS) expect(text.replace(fast, ''), `${name} ${folder}/${file}`).toBe(text.replace(plain, ''));
      pages++;
    }
    expect(pages).toBeGreaterThan(500);
  }, 120_000);
});
