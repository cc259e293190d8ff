import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { extract } from '../../src/normalize/index.ts';
import { classify } from '../../src/diff/index.ts';

/**
 * Replays a corpus (see shared/corpus/README.md) through extract + classify the way the orchestrator does: a
 * snapshot that is not the document is a failure and keeps the previous good baseline. Prints the replay JSON when
 * run directly: `npx tsx test/normalize/corpus-replay.ts ../shared/corpus/dev > replay.json`.
 */

export interface ReplayEvent {
  snapshot: string;
  kind: 'first' | 'noise' | 'formatting' | 'substantive' | 'failure';
  summary?: string;
}

export interface ReplayDocument {
  doc: string;
  url: string;
  events: ReplayEvent[];
}

function readTsv(path: string): Record<string, string>[] {
  const [head = '', ...rows] = readFileSync(path, 'utf8').split('\n').filter(Boolean);
  const keys = head.split('\t');
  return rows.map((line) => Object.fromEntries(line.split('\t').map((v, i) => [keys[i] ?? '', v])));
}

export function replayCorpus(corpusDir: string, onMarkdown?: (doc: string, snapshot: string, md: string) => void): {
  documents: ReplayDocument[];
} {
  const documents: ReplayDocument[] = [];
  for (const row of readTsv(join(corpusDir, 'documents.tsv'))) {
    const doc = row.doc ?? '';
    const url = row.url ?? '';
    const snapshots = readdirSync(join(corpusDir, doc))
      .filter((f) => f.endsWith('.html'))
      .map((f) => f.slice(0, -5))
      .sort();
    const events: ReplayEvent[] = [];
    let baseline: string | undefined;
    for (const snapshot of snapshots) {
      const body = readFileSync(join(corpusDir, doc, `${snapshot}.html`), 'utf8');
      const extraction = extract({ body, format: 'html', url, doc: { id: doc, remove: [] } });
      onMarkdown?.(doc, snapshot, extraction.markdown);
      if (extraction.notDocument) {
        events.push({ snapshot, kind: 'failure', summary: extraction.notDocument.message });
        continue;
      }
      const result = classify(baseline, extraction.markdown);
      baseline = extraction.markdown;
      if (result.kind === 'noise') continue;
      const summary = result.diff?.hunks[0]?.section;
      events.push({ snapshot, kind: result.kind, ...(summary ? { summary: `changed in ${summary}` } : {}) });
    }
    documents.push({ doc, url, events });
  }
  return { documents };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = resolve(process.argv[2] ?? '../shared/corpus/dev');
  const started = performance.now();
  const out = replayCorpus(dir);
  console.error(`replayed in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  console.log(JSON.stringify(out, null, 2));
}
