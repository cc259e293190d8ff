import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DocumentSchema, type DocumentConfig, type Settings } from '../config/schema.ts';
import type { FetchedPage } from '../fetch/types.ts';
import { judgeResponse, withoutBrowser } from '../gate/index.ts';
import { createMemoryStore } from '../store/index.ts';
import { CorpusError } from '../shared/errors.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { processFetched, type ProcessDeps } from './process.ts';

export interface ReplayEvent {
  snapshot: string;
  kind: 'first' | 'substantive' | 'formatting' | 'failure';
  summary?: string;
  reason?: string;
}

export interface ReplayOutput {
  documents: { doc: string; url: string; events: ReplayEvent[] }[];
}

/** "2026-03-02T233043Z" → ISO time. */
function snapshotTime(name: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(name);
  if (!m) throw new CorpusError(`snapshot file name "${name}.html" is not YYYY-MM-DDTHHMMSSZ.html`);
  return `${m[1]}T${m[2]}:${m[3]}:${m[4]}.000Z`;
}

async function readDocumentsTsv(corpusDir: string): Promise<{ doc: string; url: string }[]> {
  const path = join(corpusDir, 'documents.tsv');
  const text = await readFile(path, 'utf8').catch((cause: unknown) => {
    throw new CorpusError(`${path}: cannot read it; a corpus needs documents.tsv (doc, url, family) — see the corpus README`, { cause });
  });
  const [head, ...rows] = text.split('\n').filter((line) => line.trim() !== '');
  const keys = (head ?? '').split('\t');
  const docIndex = keys.indexOf('doc');
  const urlIndex = keys.indexOf('url');
  if (docIndex < 0 || urlIndex < 0) throw new CorpusError(`${path}: the header must name the columns "doc" and "url"`);
  return rows.map((row, i) => {
    const cells = row.split('\t');
    const doc = cells[docIndex];
    const url = cells[urlIndex];
    if (!doc || !url) throw new CorpusError(`${path}:${i + 2}: a row needs both doc and url`);
    return { doc, url };
  });
}

/**
 * Backtests the pipeline on an archive of raw snapshots: each snapshot goes through exactly the code path of
 * `check` from extraction onward (processFetched), against an in-memory store.
 */
export async function replayCorpus(
  corpusDir: string,
  configured: DocumentConfig[],
  settings: Settings,
  logger: Logger = silentLogger,
): Promise<ReplayOutput> {
  const entries = await readDocumentsTsv(corpusDir);
  const documents = await Promise.all(
    entries.map(async ({ doc: folder, url }) => {
      // Unconfigured corpus documents get the defaults, as a user giving only a URL would.
      const doc = configured.find((d) => d.url === url) ?? DocumentSchema.parse({ id: folder.toLowerCase(), title: folder, url });
      const files = (await readdir(join(corpusDir, folder))).filter((f) => f.endsWith('.html')).sort();
      const store = createMemoryStore();
      const deps: ProcessDeps = { store, settings, logger, enqueue: async () => {} };
      const events: ReplayEvent[] = [];
      for (const file of files) {
        const snapshot = file.slice(0, -'.html'.length);
        const body = await readFile(join(corpusDir, folder, file), 'utf8');
        const judged = judgeResponse({ status: 200, headers: {}, html: body, via: 'http' });
        const page: FetchedPage = {
          kind: 'fetched',
          status: 200,
          finalUrl: url,
          redirects: [url],
          fetchedAt: snapshotTime(snapshot),
          contentType: 'text/html',
          body,
          format: 'html',
          via: 'http',
          verdict: judged.kind === 'undecided' ? withoutBrowser(judged) : judged,
        };
        const outcome = await processFetched(deps, doc, page);
        if (outcome.outcome === 'failed') events.push({ snapshot, kind: 'failure', reason: outcome.failure?.reason ?? 'unknown' });
        else if (outcome.outcome === 'first' || outcome.outcome === 'formatting') events.push({ snapshot, kind: outcome.outcome });
        else if (outcome.outcome === 'substantive') events.push({ snapshot, kind: 'substantive', summary: outcome.headline ?? '' });
      }
      return { doc: folder, url, events };
    }),
  );
  return { documents };
}
