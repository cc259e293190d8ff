import { describe, expect, it } from 'vitest';
import { collapseSpaces, SPACE_RUNS } from '../../src/shared/spaces.ts';
import { corpusPages, describeWithCorpus } from '../support/corpus.ts';
import { seededInts } from '../support/random.ts';

/** collapseSpaces (and SPACE_RUNS used in a replace) against the pattern it replaces, text.replace(/\s+/g, ' '). */

const original = (text: string): string => text.replace(/\s+/g, ' ');

function expectSame(texts: Iterable<string>): void {
  for (const t of texts) {
    const expected = original(t);
    if (collapseSpaces(t) !== expected || t.replace(SPACE_RUNS, ' ') !== expected) expect.fail(`differs on ${JSON.stringify(t.slice(0, 80))}`);
  }
}

describe('collapseSpaces', () => {
  it('answers as /\\s+/g → " " for every UTF-16 code unit, alone, doubled and between letters', () => {
    const texts: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      texts.push(ch, ch + ch, `a${ch}b`, ` ${ch}`, `${ch} `, `a${ch} ${ch}b`);
    }
    expectSame(texts);
  });

  it('the renderer’s old patterns mean what the new ones do: its space class is \\s, and / +/g rewrites as / {2,}/g', () => {
    const rendererSpaces = /^[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]$/;
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (rendererSpaces.test(ch) !== /^\s$/.test(ch)) expect.fail(`U+${c.toString(16)}`);
    }
    for (const t of ['', ' ', '  ', 'a b', 'a  b', '   a   b ', 'a\u00a0 b', ' \t ']) expect(t.replace(/ {2,}/g, ' ')).toBe(t.replace(/ +/g, ' '));
  });

  it('answers as /\\s+/g → " " on random texts of letters, spaces and other whitespace', () => {
    const alphabet = ['a', 'b', ' ', ' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u200b', '.', 'é'];
    const next = seededInts(17);
    const texts: string[] = [''];
    for (let i = 0; i < 20000; i++) {
      let t = '';
      const length = next() % 24;
      for (let j = 0; j < length; j++) t += alphabet[next() % alphabet.length];
      texts.push(t);
    }
    expectSame(texts);
  });
});

describeWithCorpus('collapseSpaces on real pages', ['dev', 'dev-other'], () => {
  it('answers as /\\s+/g → " " on every page of the corpus, whole and line by line', () => {
    for (const { html } of corpusPages(['dev', 'dev-other'])) {
      expectSame([html]);
      expectSame(html.split('\n'));
    }
  }, 300_000);
});
