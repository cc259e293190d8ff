import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'vitest';

/**
 * The real-page corpus sits beside the project (../shared/corpus), or where POLICYWATCH_CORPUS_ROOT points. Tests that
 * need it say so loudly when it is missing, and with POLICYWATCH_REQUIRE_CORPUS=1 (set by .ci/run, whose machine has
 * ../shared) they fail instead of skipping: a green project CI run must mean the corpus tests ran. A fork's GitHub CI
 * has no corpus, so there they skip, loudly.
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
 * what is missing (and a warning), or, when the corpus is required, one failing test.
 */
export function describeWithCorpus(title: string, sets: readonly CorpusSet[], body: () => void): void {
  const missing = sets.filter((s) => !hasCorpus(s));
  if (missing.length === 0) {
    describe(title, body);
    return;
  }
  const reason = `no corpus at ${missing.map(corpusDir).join(', ')} (expected beside the project as ../shared/corpus, or set POLICYWATCH_CORPUS_ROOT)`;
  if (process.env.POLICYWATCH_REQUIRE_CORPUS === '1') {
    describe(title, () => {
      it('has the real-page corpus it tests against', () => {
        throw new Error(`${reason}; POLICYWATCH_REQUIRE_CORPUS=1 says these tests must run, not skip`);
      });
    });
    return;
  }
  console.warn(`SKIPPED ${title}: ${reason}`);
  describe(title, () => {
    it.skip(`SKIPPED: ${reason}`, () => {});
  });
}

/** Which of a document's snapshots (file names, oldest first) a test reads. */
export type SnapshotPick = (files: readonly string[]) => readonly string[];
export const EVERY_SNAPSHOT: SnapshotPick = (files) => files;
export const FIRST_SNAPSHOT: SnapshotPick = (files) => files.slice(0, 1);
export const FIRST_TWO_SNAPSHOTS: SnapshotPick = (files) => files.slice(0, 2);
export const FIRST_AND_LAST_SNAPSHOTS: SnapshotPick = (files) => [...new Set([files[0]!, files.at(-1)!])];

/** The snapshot pages of the sets, document by document: each document's folder, the file's name and its HTML. */
export function* corpusPages(
  sets: readonly CorpusSet[],
  pick: SnapshotPick = EVERY_SNAPSHOT,
): Generator<{ set: CorpusSet; folder: string; file: string; html: string }> {
  for (const set of sets) {
    const dir = corpusDir(set);
    for (const folder of readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name)) {
      const files = readdirSync(join(dir, folder)).filter((n) => n.endsWith('.html')).sort();
      for (const file of pick(files)) yield { set, folder, file, html: readFileSync(join(dir, folder, file), 'utf8') };
    }
  }
}
