import { DocumentSchema, type DocumentConfig, type Settings } from '../config/schema.ts';
import { createCorpusFetcher, readCorpus } from '../fetch/index.ts';
import { createMemoryStore } from '../store/index.ts';
import { systemClock } from '../shared/clock.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { checkDocument } from './document.ts';

export interface ReplayEvent {
  snapshot: string;
  kind: 'first' | 'substantive' | 'formatting' | 'failure';
  summary?: string;
  reason?: string;
}

export interface ReplayOutput {
  documents: { doc: string; url: string; events: ReplayEvent[] }[];
}

/**
 * Backtests the pipeline on an archive of raw snapshots: a corpus fetcher serves each document's snapshots in time
 * order, one per run, and each goes through exactly the per-document path of `check` (checkDocument), against an
 * in-memory store.
 */
export async function replayCorpus(
  corpusDir: string,
  configured: DocumentConfig[],
  settings: Settings,
  logger: Logger = silentLogger,
): Promise<ReplayOutput> {
  const corpus = await readCorpus(corpusDir);
  const startedAt = systemClock.now().toISOString();
  const documents = await Promise.all(
    corpus.map(async (entry) => {
      const { folder, url } = entry;
      // Unconfigured corpus documents get the defaults, as a user giving only a URL would.
      const doc = configured.find((d) => d.url === url) ?? DocumentSchema.parse({ id: folder.toLowerCase(), title: folder, url });
      const fetcher = createCorpusFetcher(corpusDir, entry);
      const deps = { store: createMemoryStore(), settings, logger, enqueue: async () => {}, fetcher, clock: systemClock, startedAt };
      const events: ReplayEvent[] = [];
      for (const snapshot of entry.snapshots) {
        const outcome = await checkDocument(deps, doc);
        if (outcome.outcome === 'failed') events.push({ snapshot, kind: 'failure', reason: outcome.failure?.reason ?? 'unknown' });
        else if (outcome.outcome === 'first' || outcome.outcome === 'formatting') events.push({ snapshot, kind: outcome.outcome });
        else if (outcome.outcome === 'substantive') events.push({ snapshot, kind: 'substantive', summary: outcome.headline ?? '' });
      }
      return { doc: folder, url, events };
    }),
  );
  return { documents };
}
