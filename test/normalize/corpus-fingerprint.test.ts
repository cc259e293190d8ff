import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { extract, RULES_VERSION } from '../../src/normalize/index.ts';
import { sha256 } from '../../src/shared/hash.ts';
import { corpusDir, describeWithCorpus, type CorpusSet } from '../support/corpus.ts';
import { mismatch, readJson, stale, UPDATING, writeJson } from './fingerprint.ts';

/**
 * A tripwire over real pages: the hash of what every corpus snapshot extracts to (Markdown, title, effective date,
 * and the signals the gate judges), per document, recorded with the rules version. Any rule edit that changes the output
 * of any real page without a version bump fails here, naming the documents it changed.
 */

const SETS: CorpusSet[] = ['dev', 'dev-other'];
const path = join(import.meta.dirname, 'corpus-fingerprint.json');

interface Recorded {
  rulesVersion: string;
  /** set → document folder → [snapshots, sha256 of their extractions]. */
  sets: Record<string, Record<string, [number, string]>>;
}

function fingerprint(set: CorpusSet): Record<string, [number, string]> {
  const dir = corpusDir(set);
  const rows = readFileSync(join(dir, 'documents.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
  const out: Record<string, [number, string]> = {};
  for (const [doc = '', url = ''] of rows) {
    const files = readdirSync(join(dir, doc)).filter((f) => f.endsWith('.html')).sort();
    const parts = files.map((f) => {
      const e = extract({ body: readFileSync(join(dir, doc, f), 'utf8'), format: 'html', url, doc: { id: doc.toLowerCase(), remove: [] } });
      const { pageText, pageTitle, rootFound, selectorConfigured } = e.signals;
      return [f, e.markdown, e.title ?? '', e.effectiveDate ?? '', sha256(pageText), pageTitle ?? '', rootFound, selectorConfigured].join('\u0000');
    });
    out[doc] = [files.length, sha256(parts.join('\u0001'))];
  }
  return out;
}

describeWithCorpus('corpus fingerprint (dev, dev-other)', SETS, () => {
  it('every snapshot extracts as recorded under the current rules version', () => {
    const recorded = readJson<Recorded>(path, { rulesVersion: '', sets: {} });
    const now: Recorded['sets'] = Object.fromEntries(SETS.map((s) => [s, fingerprint(s)]));
    const changed = SETS.flatMap((s) =>
      Object.keys({ ...now[s], ...recorded.sets[s] })
        .filter((doc) => JSON.stringify(now[s]?.[doc]) !== JSON.stringify(recorded.sets[s]?.[doc]))
        .map((doc) => `${s}/${doc}`),
    );
    const snapshots = SETS.reduce((n, s) => n + Object.values(now[s] ?? {}).reduce((m, [count]) => m + count, 0), 0);
    // Snapshots added to or removed from the corpus are not a rule change.
    const corpusMoved = changed.filter((key) => {
      const [s = '', doc = ''] = key.split('/');
      return now[s]?.[doc]?.[0] !== recorded.sets[s]?.[doc]?.[0];
    });
    expect(UPDATING || corpusMoved.length === 0, `the corpus itself changed (${corpusMoved.join(', ')}): record it with UPDATE_GOLDEN=1`).toBe(true);
    if (UPDATING && (changed.length === corpusMoved.length || recorded.rulesVersion !== RULES_VERSION)) {
      writeJson(path, { rulesVersion: RULES_VERSION, sets: now });
      console.log(`corpus fingerprint: recorded ${snapshots} snapshots under rules ${RULES_VERSION}`);
      return;
    }
    const hint = `\n(\`policywatch explain ${corpusDir('dev')}/<doc>/<snapshot>.html\` shows what each rule removes)`;
    expect(changed, mismatch(`the extraction of ${changed.length} corpus document(s) (${changed.join(', ')})`, recorded.rulesVersion, hint)).toEqual([]);
    expect(recorded.rulesVersion, stale('the corpus fingerprint', recorded.rulesVersion)).toBe(RULES_VERSION);
    console.log(`corpus fingerprint: ${snapshots} snapshots extract as recorded under rules ${RULES_VERSION}`);
  });
});
