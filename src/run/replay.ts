import { DocumentSchema, type DocumentConfig, type Settings } from '../config/schema.ts';
import { createCorpusFetcher, readCorpus } from '../fetch/index.ts';
import { createMemoryStore } from '../store/index.ts';
import { systemClock } from '../shared/clock.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { checkDocument } from './document.ts';
import { tell, type RunProgress } from './progress.ts';

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
 * in-memory store. A change is confirmed by the next snapshot (a flip-flop records nothing), so it is reported one
 * snapshot after it appeared; on the last snapshot there is no next one and it is reported as it stands.
 */
export async function replayCorpus(
  corpusDir: string,
  configured: DocumentConfig[],
  settings: Settings,
  logger: Logger = silentLogger,
  progress?: RunProgress,
): Promise<ReplayOutput> {
  const corpus = await readCorpus(corpusDir);
  // An archive cannot be fetched twice at one time: the next snapshot is the second sighting of a change.
  const replaySettings: Settings = settings.confirm.changes === 'refetch' ? { ...settings, confirm: { ...settings.confirm, changes: 'next-run' } } : settings;
  const startedAt = systemClock.now().toISOString();
  tell(progress, (p) => p.begin(corpus.length));
  const documents = await Promise.all(
    corpus.map(async (entry) => {
      tell(progress, (p) => p.start(entry.folder));
      const { folder, url } = entry;
      // Unconfigured corpus documents get the defaults, as a user giving only a URL would.
      const doc = configured.find((d) => d.url === url) ?? DocumentSchema.parse({ id: folder.toLowerCase(), title: folder, url });
      const fetcher = createCorpusFetcher(corpusDir, entry);
      const deps = { store: createMemoryStore(), settings: replaySettings, logger, enqueue: async () => {}, fetcher, clock: systemClock, startedAt };
      const events: ReplayEvent[] = [];
      for (const snapshot of entry.snapshots) {
        // The last snapshot has no next one to confirm a change: it is judged as it stands.
        const last = fetcher.remaining() === 1;
        const outcome = await checkDocument(last ? { ...deps, settings: { ...replaySettings, confirm: { ...replaySettings.confirm, changes: 'off' } } } : deps, doc);
        if (outcome.outcome === 'failed') events.push({ snapshot, kind: 'failure', reason: outcome.failure?.reason ?? 'unknown' });
        else if (outcome.outcome === 'first' || outcome.outcome === 'formatting') events.push({ snapshot, kind: outcome.outcome });
        else if (outcome.outcome === 'substantive') events.push({ snapshot, kind: 'substantive', summary: outcome.headline ?? '' });
      }
      tell(progress, (p) => p.done(folder));
      return { doc: folder, url, events };
    }),
  );
  return { documents };
}
