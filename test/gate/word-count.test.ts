import { describe, expect, it } from 'vitest';
import { wordCount, wordCountUpTo } from '../../src/gate/error-page.ts';
import { extract } from '../../src/normalize/index.ts';
import { corpusPages, describeWithCorpus, FIRST_SNAPSHOT } from '../support/corpus.ts';
import { seededInts } from '../support/random.ts';

/** wordCountUpTo(text, limit) is Math.min(wordCount(text), limit), whatever the text and the limit. */

function expectSame(texts: Iterable<string>): void {
  for (const t of texts) {
    const full = wordCount(t);
    for (const limit of [0, 1, 2, 25, 150, full, full + 1, 1e9]) {
      if (wordCountUpTo(t, limit) !== Math.min(full, limit)) expect.fail(`limit ${limit} on ${JSON.stringify(t.slice(0, 80))}`);
    }
  }
}

describe('wordCountUpTo', () => {
  it('counts as wordCount does, up to the limit, on varied texts', () => {
    expectSame(['', ' ', 'one', ' one  two\tthree\n', '--- | --- |', '# Title\n\n- a\n- **b**', '💡 idea 𝒜 ١٢٣ — –', '\u00a0x\u2003y\u3000', 'a\u200bb c', '...!!! ?']);
    const next = seededInts(5);
    const alphabet = ['a', '1', ' ', '\n', '\t', '-', '|', '#', '\u00a0', '💡', 'é', '\u2028'];
    const texts: string[] = [];
    for (let i = 0; i < 5000; i++) {
      let t = '';
      for (let j = next() % 30; j > 0; j--) t += alphabet[next() % alphabet.length];
      texts.push(t);
    }
    expectSame(texts);
  });
});

describeWithCorpus('wordCountUpTo on real pages', ['dev-other'], () => {
  it('counts as wordCount does on the extraction of the first snapshot of each document', () => {
    for (const { folder, html } of corpusPages(['dev-other'], FIRST_SNAPSHOT)) {
      const { markdown } = extract({ body: html, format: 'html', url: 'https://example.com/', doc: { id: folder, remove: [] } });
      expectSame([markdown, ...markdown.split('\n')]);
    }
  }, 300_000);
});
