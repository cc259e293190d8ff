import pLimit from 'p-limit';
import type { LoadedConfig } from '../config/load.ts';
import type { DocumentConfig } from '../config/schema.ts';
import type { ClaimStatus } from '../claims/types.ts';
import type { Fetcher } from '../fetch/types.ts';
import { NotificationQueue } from '../notify/queue.ts';
import type { Channel } from '../notify/channel.ts';
import type { SnapshotStore } from '../store/types.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { TOOL_VERSION } from '../shared/version.ts';
import { checkDocument, type DocumentDeps } from './document.ts';
import type { ProcessDeps } from './process.ts';
import type { RunReport } from './report.ts';
import { tell, type RunProgress } from './progress.ts';
import { tuneV8ForRun } from './v8-flags.ts';
import { createPagePipeline } from './pipeline.ts';
import type { DocOutcome } from './types.ts';

export interface CheckDeps {
  config: LoadedConfig;
  store: SnapshotStore;
  fetcher: Fetcher;
  /** In delivery order: the maintainers' channel first, so subscribers' mail can link its issue. */
  channels: readonly Channel[];
  clock: Clock;
  logger: Logger;
  links?: ProcessDeps['links'];
}

export interface CheckOptions {
  documents: DocumentConfig[];
  /** false: record and queue only; `policywatch notify` (or the next run) delivers. */
  notify: boolean;
  shard?: { index: number; count: number };
  /** Told as each document starts and finishes (the CLI's progress line). */
  progress?: RunProgress;
}

/**
 * Pages processed at once. Extraction is synchronous, so more would not finish sooner on a machine of 2 cores; a
 * slot is also held through a change's confirming re-fetch (a few seconds), which is why it is not 1.
 */
export const PROCESSING_SLOTS = 3;

/**
 * Fetched pages that may wait for a processing slot before fetching holds back (pipeline.ts): enough that
 * processing never waits on a fetch, few enough that bodies do not pile up.
 */
export const PAGES_AHEAD = 6;

/** The pipeline, stage by stage: re-extract → fetch → extract → diff → claims → store → notify. */
export async function runCheck(deps: CheckDeps, options: CheckOptions): Promise<RunReport> {
  const { store, fetcher, clock, logger, config } = deps;
  tuneV8ForRun();
  const startedAt = clock.now().toISOString();
  const queue = await NotificationQueue.open(store);
  // Fetching waits on the network, processing on the one JavaScript thread: pages being read, diffed and written
  // are bounded apart from pages being fetched, so many fast hosts never put a dozen parsed pages in memory at once,
  // and fetching holds back while fetched pages wait for processing.
  const pipeline = createPagePipeline({ slots: PROCESSING_SLOTS, maxWaiting: PAGES_AHEAD });
  const documentDeps: DocumentDeps = {
    pipeline,
    store,
    settings: config.settings,
    logger,
    enqueue: (events) => queue.add(events, deps.channels),
    links: deps.links,
    fetcher,
    clock,
    startedAt,
  };

  // Bodies arrive faster than extraction consumes them: bounding documents in flight (fetched, not yet processed)
  // bounds memory to a few dozen pages instead of the whole run.
  const inFlight = pLimit(config.settings.http.concurrency);
  tell(options.progress, (p) => p.begin(options.documents.length));
  const outcomes = await Promise.all(
    options.documents.map((doc) =>
      inFlight(async () => {
        tell(options.progress, (p) => p.start(doc.id));
        try {
          return await checkDocument(documentDeps, doc);
        } finally {
          tell(options.progress, (p) => p.done(doc.id));
        }
      }),
    ),
  );

  const dispatch = options.notify
    ? await queue.dispatch(deps.channels, logger)
    : { delivered: 0, failed: [], links: {} };
  const linkFor = (outcome: DocOutcome) => outcome.events.map((e) => dispatch.links[e.id]).find(Boolean);
  const claims: ClaimStatus[] = outcomes.flatMap((o) => o.claims);
  return {
    startedAt,
    finishedAt: clock.now().toISOString(),
    toolVersion: TOOL_VERSION,
    ...(options.shard ? { shard: options.shard } : {}),
    documents: outcomes.map((o) => {
      const issueUrl = linkFor(o);
      return {
        id: o.docId,
        title: o.title,
        url: o.url,
        outcome: o.outcome,
        ...(o.finalUrl ? { finalUrl: o.finalUrl } : {}),
        ...(o.headline ? { headline: o.headline } : {}),
        ...(o.held ? { held: o.held } : {}),
        ...(o.effectiveDate ? { effectiveDate: o.effectiveDate } : {}),
        ...(o.failure ? { failure: o.failure } : {}),
        ...(issueUrl ? { issueUrl } : {}),
      };
    }),
    claims: {
      verified: claims.filter((c) => c.status === 'verified').length,
      reworded: claims.filter((c) => c.status === 'reworded').length,
      missing: claims.filter((c) => c.status === 'missing').length,
      items: claims,
    },
    notifications: {
      queued: outcomes.reduce((n, o) => n + o.events.length, 0),
      delivered: dispatch.delivered,
      failed: dispatch.failed,
      pending: queue.pending().length,
    },
    issues: [...new Set(Object.values(dispatch.links))],
  };
}
