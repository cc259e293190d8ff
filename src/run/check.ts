import pLimit from 'p-limit';
import type { LoadedConfig } from '../config/load.ts';
import type { DocumentConfig } from '../config/schema.ts';
import type { ClaimStatus } from '../claims/types.ts';
import { FetchError, type Fetcher } from '../fetch/types.ts';
import { NotificationQueue } from '../notify/queue.ts';
import type { Notifier } from '../notify/port.ts';
import type { SnapshotStore } from '../store/types.ts';
import type { Clock } from '../shared/clock.ts';
import { describeError, PolicywatchError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { TOOL_VERSION } from '../shared/version.ts';
import type { FailureInfo } from '../shared/failure.ts';
import { processFailure, processFetched, processNotModified, type ProcessDeps } from './process.ts';
import { reextractStale } from './reextract.ts';
import type { RunReport } from './report.ts';
import type { DocOutcome } from './types.ts';

/** Records a failure; when even that is impossible (the store itself is broken), reports it without recording. */
async function failSafely(deps: ProcessDeps, doc: DocumentConfig, failure: FailureInfo, at: string): Promise<DocOutcome> {
  try {
    return await processFailure(deps, doc, failure, at);
  } catch (error) {
    deps.logger.error(`${doc.id}: ${failure.message}; and the failure could not be recorded: ${describeError(error)}`);
    return { docId: doc.id, title: doc.title, url: doc.url, outcome: 'failed', failure, claims: [], events: [] };
  }
}

export interface CheckDeps {
  config: LoadedConfig;
  store: SnapshotStore;
  fetcher: Fetcher;
  /** In delivery order: the maintainers' notifier first, so subscribers' mail can link its issue. */
  notifiers: Notifier[];
  clock: Clock;
  logger: Logger;
  links?: ProcessDeps['links'];
}

export interface CheckOptions {
  documents: DocumentConfig[];
  /** false: record and queue only; `policywatch notify` (or the next run) delivers. */
  notify: boolean;
  shard?: { index: number; count: number };
}

/** The pipeline, stage by stage: re-extract → fetch → extract → diff → claims → store → notify. */
export async function runCheck(deps: CheckDeps, options: CheckOptions): Promise<RunReport> {
  const { store, fetcher, clock, logger, config } = deps;
  const startedAt = clock.now().toISOString();
  const queue = await NotificationQueue.open(store);
  const names = deps.notifiers.map((n) => n.name);
  const processDeps: ProcessDeps = { store, settings: config.settings, logger, enqueue: (events) => queue.add(events, names), links: deps.links };

  // Bodies arrive faster than extraction consumes them: bounding documents in flight (fetched, not yet processed)
  // bounds memory to a few dozen pages instead of the whole run.
  const inFlight = pLimit(config.settings.http.concurrency);
  const outcomes = await Promise.all(
    options.documents.map((doc) => inFlight(async (): Promise<DocOutcome> => {
      try {
        await reextractStale({ store, logger, now: startedAt }, [doc]);
        const state = await store.readState(doc.id);
        const hasSnapshot = (await store.readSnapshot(doc.id)) !== undefined;
        // While a shrink awaits confirmation the page must be fetched whole, never answered by a 304.
        const conditional = hasSnapshot && !state.pendingShrink ? state.http : undefined;
        const result = await fetcher.fetch({ doc, previous: conditional });
        return result.kind === 'not-modified'
          ? await processNotModified(processDeps, doc, result)
          : await processFetched(processDeps, doc, result);
      } catch (error) {
        const at = clock.now().toISOString();
        if (error instanceof FetchError) return failSafely(processDeps, doc, error.toFailure(), at);
        // A damaged record or an unexpected bug in one document must not stop the others.
        const message = error instanceof PolicywatchError ? error.message : `internal error: ${describeError(error)}`;
        return failSafely(processDeps, doc, { reason: 'internal', message }, at);
      }
    })),
  );

  const dispatch = options.notify
    ? await queue.dispatch(deps.notifiers, logger)
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
