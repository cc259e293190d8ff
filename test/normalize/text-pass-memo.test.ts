import { describe, expect, it } from 'vitest';
import { RULES } from '../../src/normalize/registry.ts';
import { runExtraction } from '../../src/normalize/runner.ts';
import type { ExtractInput } from '../../src/normalize/types.ts';
import { corpusPages, describeWithCorpus, FIRST_TWO_SNAPSHOTS } from '../support/corpus.ts';

/**
 * With the registry's rules and no trace, the text rules' answers for a line are remembered (runner.ts); the same
 * rules passed as another array are not. Both must extract the same, the first time and again, and with a document
 * that disables a text rule (another remembered rule set).
 */

function expectSameBothWays(input: ExtractInput): void {
  const fresh = runExtraction(input, { rules: [...RULES] }).extraction;
  expect(runExtraction(input).extraction).toEqual(fresh);
  expect(runExtraction(input).extraction).toEqual(fresh);
}

const PAGE = `<main><h1>Terms</h1><p>Updated 3 days ago</p><p>Effective March 3, 2026 we changed the ﬁrst section.</p>
  <p>Posted yesterday · 5 min read</p><p>Posted yesterday · 5 min read</p><p><time>2 hours ago</time> Edited today</p></main>`;

describe('remembered text rules', () => {
  it('extract as the rules run afresh do, again, and with a text rule disabled', () => {
    const input: ExtractInput = { body: PAGE, format: 'html', url: 'https://example.com/terms', doc: { id: 't', remove: [] } };
    expectSameBothWays(input);
    expectSameBothWays({ ...input, doc: { ...input.doc, disable: ['relative-times'] } });
    expectSameBothWays({ ...input, doc: { ...input.doc, disable: ['canonical-dates', 'unicode-forms'] } });
    expect(runExtraction({ ...input, doc: { ...input.doc, disable: ['relative-times'] } }).extraction.markdown).toContain('3 days ago');
    expect(runExtraction(input).extraction.markdown).not.toContain('3 days ago');
  });
});

describeWithCorpus('remembered text rules on real pages', ['dev-other'], () => {
  it('extract as the rules run afresh do, on the first two snapshots of each document', () => {
    for (const { folder, html } of corpusPages(['dev-other'], FIRST_TWO_SNAPSHOTS)) {
      expectSameBothWays({ body: html, format: 'html', url: 'https://example.com/', doc: { id: folder, remove: [] } });
    }
  }, 300_000);
});
