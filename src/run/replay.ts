import { DocumentSchema, type DocumentConfig, type Settings } from '../config/schema.ts';
import { createCorpusFetcher, readCorpus, type CorpusDocument } from '../fetch/index.ts';
import type { KeyChange } from '../summarize/index.ts';
import { createMemoryStore } from '../store/index.ts';
import { systemClock } from '../shared/clock.ts';
import { silentLogger, type Logger } from '../shared/logger.ts';
import { checkDocument } from './document.ts';
import { tell, type RunProgress } from './progress.ts';
import { tuneV8ForRun } from './v8-flags.ts';

export interface ReplayEvent {
  snapshot: string;
  kind: 'first' | 'substantive' | 'formatting' | 'failure';
  /** The headline: the issue title and email subject this change would have had. */
  summary?: string;
  /** The and the email's list of what changed, in the same order. */
  keyChanges?: KeyChange[];
  reason?: string;
}

export interface ReplayDocument {
  doc: string;
  url: string;
  events: ReplayEvent[];
}

export interface ReplayOutput {
  documents: ReplayDocument[];
}

/** The configured document with the corpus document's URL; otherwise the defaults, as a user giving only a URL gets. */
export function corpusDocumentConfig(entry: Pick<CorpusDocument, 'folder' | 'url'>, configured: readonly DocumentConfig[]): DocumentConfig {
  return configured.find((d) => d.url === entry.url) ?? DocumentSchema.parse({ id: entry.folder.toLowerCase(), title: entry.folder, url: entry.url });
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
  tuneV8ForRun();
  const corpus = await readCorpus(corpusDir);
  const startedAt = systemClock.now().toISOString();
  tell(progress, (p) => p.begin(corpus.length));
  const documents = await Promise.all(
    corpus.map(async (entry) => {
      tell(progress, (p) => p.start(entry.folder));
      const replayed = await replayDocument(corpusDir, entry, corpusDocumentConfig(entry, configured), settings, { logger, startedAt });
      tell(progress, (p) => p.done(entry.folder));
      return replayed;
    }),
  );
  return { documents };
}

/** One corpus document (or some of its snapshots: `entry.snapshots`) through the check path, from an empty store. */
export async function replayDocument(
  corpusDir: string,
  entry: CorpusDocument,
  doc: DocumentConfig,
  settings: Settings,
  options: { logger?: Logger; startedAt?: string } = {},
): Promise<ReplayDocument> {
  const fetcher = createCorpusFetcher(corpusDir, entry);
  const logger = options.logger ?? silentLogger;
  const startedAt = options.startedAt ?? systemClock.now().toISOString();
  // An archive cannot be fetched twice at one time: the next snapshot is the second sighting of a change.
  const replaySettings: Settings = settings.confirm.changes === 'refetch' ? { ...settings, confirm: { ...settings.confirm, changes: 'next-run' } } : settings;
  // Raw pages are kept only for re-extraction under other rules, which one replay never meets: none are stored.
  const deps = { store: createMemoryStore({ rawPages: false }), settings: replaySettings, logger, enqueue: async () => {}, fetcher, clock: systemClock, startedAt };
  const events: ReplayEvent[] = [];
  for (const snapshot of entry.snapshots) {
    // The last snapshot has no next one to confirm a change: it is judged as it stands.
    const last = fetcher.remaining() === 1;
    const outcome = await checkDocument(last ? { ...deps, settings: { ...replaySettings, confirm: { ...replaySettings.confirm, changes: 'off' } } } : deps, doc);
    if (outcome.outcome === 'failed') events.push({ snapshot, kind: 'failure', reason: outcome.failure?.reason ?? 'unknown' });
    else if (outcome.outcome === 'first') events.push({ snapshot, kind: 'first' });
    else if (outcome.outcome === 'substantive' || outcome.outcome === 'formatting') {
      // The change event carries what the issue and the email say; a formatting change is recorded with its summary too.
      const change = outcome.events.find((e) => e.type === 'change');
      events.push({ snapshot, kind: outcome.outcome, summary: outcome.headline ?? '', keyChanges: change?.type === 'change' ? change.keyChanges : [] });
    }
  }
  return { doc: entry.folder, url: entry.url, events };
}
