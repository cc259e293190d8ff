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
import { readClaimStatuses, writeClaimStatuses } from './claims-record.ts';
import { processFailure, processFetched, processNotModified, type ProcessDeps } from './process.ts';
import { reextractStale } from './reextract.ts';
import type { RunReport } from './report.ts';
import type { DocOutcome } from './types.ts';

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

  await reextractStale({ store, logger, now: startedAt }, options.documents);

  const outcomes = await Promise.all(
    options.documents.map(async (doc): Promise<DocOutcome> => {
      const previousClaims = await readClaimStatuses(store, doc.id);
      try {
        const state = await store.readState(doc.id);
        const hasSnapshot = (await store.readSnapshot(doc.id)) !== undefined;
        const result = await fetcher.fetch({ doc, previous: hasSnapshot ? state.http : undefined });
        const outcome =
          result.kind === 'not-modified'
            ? await processNotModified(processDeps, doc, result, previousClaims)
            : await processFetched(processDeps, doc, result, previousClaims);
        await writeClaimStatuses(store, doc.id, outcome.claims);
        return outcome;
      } catch (error) {
        if (error instanceof FetchError) return processFailure(processDeps, doc, error.toFailure(), clock.now().toISOString(), previousClaims);
        // A broken record or an unexpected bug in one document must not stop the others.
        const message = error instanceof PolicywatchError ? error.message : `internal error: ${describeError(error)}`;
        logger.error(`${doc.id}: ${message}`);
        return { docId: doc.id, title: doc.title, url: doc.url, outcome: 'failed', failure: { reason: 'network', message }, claims: previousClaims, events: [] };
      }
    }),
  );

  const dispatch = options.notify
    ? await queue.dispatch(deps.notifiers, logger, deps.links ? { links: deps.links } : {})
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
