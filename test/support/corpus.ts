import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'vitest';

/**
 * The real-page corpus sits beside the project (../shared/corpus), or where POLICYWATCH_CORPUS_ROOT points. Tests that
 * need it say so loudly when it is missing, and under CI=true they fail instead of skipping: a green CI run must
 * mean the corpus tests ran.
 */
export const CORPUS_ROOT = resolve(process.env.POLICYWATCH_CORPUS_ROOT ?? join(import.meta.dirname, '../../../shared/corpus'));

export type CorpusSet = 'dev' | 'dev-other';

export function corpusDir(set: CorpusSet): string {
  return join(CORPUS_ROOT, set);
}

export function hasCorpus(set: CorpusSet): boolean {
  return existsSync(join(corpusDir(set), 'documents.tsv'));
}

/**
 * describe() for tests that need corpus sets: runs them when present; otherwise one skipped test whose name says
 * what is missing (and a warning), or, under CI=true, one failing test.
 */
export function describeWithCorpus(title: string, sets: readonly CorpusSet[], body: () => void): void {
  const missing = sets.filter((s) => !hasCorpus(s));
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  const reason = `no corpus at ${missing.map(corpusDir).join(', ')} (expected beside the project as ../shared/corpus, or set POLICYWATCH_CORPUS_ROOT)`;
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('has the real-page corpus it tests against', () => {
        throw new Error(`${reason}; in CI these tests must run, not skip`);
      });
    });
    return;
  }
  console.warn(`SKIPPED ${title}: ${reason}`);
  describe(title, () => {
    it.skip(`SKIPPED: ${reason}`, () => {});
  });
}
