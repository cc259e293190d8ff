import type { DocumentConfig } from '../config/schema.ts';
import { FetchError, type Fetcher } from '../fetch/types.ts';
import type { Clock } from '../shared/clock.ts';
import { describeError, PolicywatchError } from '../shared/errors.ts';
import type { FailureInfo } from '../shared/failure.ts';
import { processFailure, processFetched, processNotModified, type ProcessDeps, type Refetch } from './process.ts';
import { pendingOf } from './confirm.ts';
import { logReextracted, reextractRecord } from './reextract.ts';
import { directPipeline, type PagePipeline } from './pipeline.ts';
import type { DocOutcome } from './types.ts';

export interface DocumentDeps extends ProcessDeps {
  fetcher: Fetcher;
  clock: Clock;
  /** When the run started (re-extraction records it). */
  startedAt: string;
  /**
   * Runs the processing of a fetched page (gate, extraction, diff, claims, writes) in one of a few slots, apart
   * from the fetch slots, and holds back fetches while fetched pages wait for one (pipeline.ts). Default: at once.
   */
  pipeline?: Pick<PagePipeline, 'page'>;
}

/** Records a failure; when even that is impossible (the store itself is broken), reports it without recording. */
async function failSafely(deps: ProcessDeps, doc: DocumentConfig, failure: FailureInfo, at: string): Promise<DocOutcome> {
  try {
    return await processFailure(deps, doc, failure, at);
  } catch (error) {
    deps.logger.error(`${doc.id}: ${failure.message}; and the failure could not be recorded: ${describeError(error)}`);
    return { docId: doc.id, title: doc.title, url: doc.url, outcome: 'failed', failure, claims: [], events: [] };
  }
}

/**
 * The confirming second fetch of a held change: after a short wait, unconditional, through the same fetcher (so the
 * per-host limits and politeness delay apply). A failure is logged and leaves the decision to the caller.
 */
function refetcher(deps: DocumentDeps, doc: DocumentConfig): Refetch {
  return async () => {
    await deps.clock.sleep(deps.settings.confirm.refetchDelayMs);
    try {
      const again = await deps.fetcher.fetch({ doc });
      return again.kind === 'fetched' ? again : undefined;
    } catch (error) {
      deps.logger.warn(`${doc.id}: the confirming re-fetch failed: ${describeError(error)}`, { doc: doc.id });
      return undefined;
    }
  };
}

/**
 * One document, one run: the path `check` (over the network) and `replay` (over an archive) share. Stored text is
 * re-extracted if the rules changed, the page is fetched (conditionally), and the page goes through the gate,
 * extraction, diff, claims and the store. Never throws: a fetch failure or a bug is this document's failure only.
 */
export async function checkDocument(deps: DocumentDeps, doc: DocumentConfig): Promise<DocOutcome> {
  const { store, fetcher, clock } = deps;
  try {
    // Each record is read once here and handed on: a 304 costs four small reads and, when nothing changed, no write.
    const [stored, state] = await Promise.all([store.readSnapshot(doc.id), store.readState(doc.id)]);
    const reextracted = stored && (await reextractRecord({ store, logger: deps.logger, now: deps.startedAt }, doc, stored));
    if (reextracted?.updated) logReextracted(deps.logger, [doc.id]);
    const previous = reextracted?.record;
    // While a change awaits confirmation the page must be fetched whole, never answered by a 304.
    const conditional = previous !== undefined && !pendingOf(state) ? state.http : undefined;
    const read = { state, previous };
    return await (deps.pipeline ?? directPipeline).page(
      () => fetcher.fetch({ doc, previous: conditional }),
      (result) => result.kind === 'fetched',
      (result) =>
        result.kind === 'not-modified'
          ? processNotModified(deps, doc, result, read)
          : processFetched(deps, doc, result, deps.settings.confirm.changes === 'refetch' ? refetcher(deps, doc) : undefined, read),
    );
  } catch (error) {
    const at = clock.now().toISOString();
    if (error instanceof FetchError) return failSafely(deps, doc, error.toFailure(), at);
    // A damaged record or an unexpected bug in one document must not stop the others.
    const message = error instanceof PolicywatchError ? error.message : `internal error: ${describeError(error)}`;
    return failSafely(deps, doc, { reason: 'internal', message }, at);
  }
}
