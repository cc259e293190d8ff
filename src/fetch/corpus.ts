import { readdir, readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { judgeResponse, withoutBrowser } from '../gate/index.ts';
import { CorpusError } from '../shared/errors.ts';
import type { Fetcher, FetchedPage } from './types.ts';

/** One document of a corpus: its folder, its URL, and its snapshots' names (YYYY-MM-DDTHHMMSSZ) in time order. */
export interface CorpusDocument {
  folder: string;
  url: string;
  snapshots: string[];
}

/** "2026-03-02T233043Z" → ISO time. */
function snapshotTime(name: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(name);
  if (!m) throw new CorpusError(`snapshot file name "${name}.html" is not YYYY-MM-DDTHHMMSSZ.html`);
  return `${m[1]}T${m[2]}:${m[3]}:${m[4]}.000Z`;
}

async function readDocumentsTsv(corpusDir: string): Promise<{ folder: string; url: string }[]> {
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
    const folder = cells[docIndex];
    const url = cells[urlIndex];
    if (!folder || !url) throw new CorpusError(`${path}:${i + 2}: a row needs both doc and url`);
    return { folder, url };
  });
}

/** The documents of a corpus folder (documents.tsv, then <doc>/<YYYY-MM-DDTHHMMSSZ>.html; see the corpus README). */
export async function readCorpus(corpusDir: string): Promise<CorpusDocument[]> {
  const entries = await readDocumentsTsv(corpusDir);
  return Promise.all(
    entries.map(async ({ folder, url }) => {
      const files = await readdir(join(corpusDir, folder)).catch((cause: unknown) => {
        throw new CorpusError(`${join(corpusDir, folder)}: cannot list the snapshots of "${folder}" named in documents.tsv`, { cause });
      });
      const snapshots = files.filter((f) => f.endsWith('.html')).sort().map((f) => f.slice(0, -'.html'.length));
      // A misnamed file stops the replay before it starts, not halfway as a failed fetch.
      snapshots.forEach(snapshotTime);
      return { folder, url, snapshots };
    }),
  );
}

/**
 * A Fetcher over the archive of one corpus document: each fetch serves its next snapshot, as if the page had been
 * fetched over plain HTTP at the snapshot's time (status 200, no validators, so never a 304). An archive has no
 * browser: what plain HTTP leaves undecided is settled without one.
 */
export function createCorpusFetcher(corpusDir: string, document: CorpusDocument): Fetcher & { remaining(): number } {
  let next = 0;
  return {
    async fetch(): Promise<FetchedPage> {
      const snapshot = document.snapshots[next];
      if (snapshot === undefined) throw new CorpusError(`${document.folder}: no snapshot left to serve (${document.snapshots.length} in all)`);
      next += 1;
      const fetchedAt = snapshotTime(snapshot);
      // A synchronous read: a replay is a batch over local files, and the asynchronous one decodes a large page in
      // chunks through a StringDecoder (the dev corpus read 159–170 ms of CPU against 174–218).
      const body = readFileSync(join(corpusDir, document.folder, `${snapshot}.html`), 'utf8');
      const judged = judgeResponse({ status: 200, headers: {}, html: body, via: 'http' });
      return {
        kind: 'fetched',
        status: 200,
        finalUrl: document.url,
        redirects: [document.url],
        fetchedAt,
        contentType: 'text/html',
        body,
        format: 'html',
        via: 'http',
        verdict: judged.kind === 'undecided' ? withoutBrowser(judged) : judged,
      };
    },
    remaining: () => document.snapshots.length - next,
    async close() {},
  };
}
