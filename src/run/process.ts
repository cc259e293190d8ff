import type { DocumentConfig, Settings } from '../config/schema.ts';
import type { ClaimStatus } from '../claims/types.ts';
import type { FetchedPage, NotModified } from '../fetch/types.ts';
import { DOCUMENT, judgeChange, judgeContent, type ContentEvidence } from '../gate/index.ts';
import type { Extraction } from '../normalize/index.ts';
import type { PipelineEvent } from '../notify/events.ts';
import { emptyDocState, type DocState, type PendingChange, type SnapshotRecord, type SnapshotStore } from '../store/types.ts';
import type { FailureInfo } from '../shared/failure.ts';
import { sha256 } from '../shared/hash.ts';
import { classifyWithoutDiff } from '../diff/trivial.ts';
import { judgeSighting, pendingOf, persists } from './confirm.ts';
import type { Logger } from '../shared/logger.ts';
import { TOOL_VERSION } from '../shared/version.ts';
import {
  changeEvent,
  claimsChangedEvent,
  documentMovedEvent,
  selectorFallbackEvent,
  trackingFailingEvent,
  trackingResumedEvent,
} from './events.ts';
import { checkClaims } from './claims-step.ts';
import { readClaimStatuses, writeClaimStatuses } from './claims-record.ts';
import { extractionKey } from './extraction-key.ts';
import type { DocOutcome } from './types.ts';

export interface ProcessDeps {
  store: SnapshotStore;
  settings: Settings;
  logger: Logger;
  /** Must durably record the events before it resolves: snapshots are written only after it. */
  enqueue(events: PipelineEvent[]): Promise<void>;
  links?: (docId: string) => { commit?: string; compare?: string };
}

/** The gate's evidence from an extraction. */
export function contentEvidence(extraction: Extraction): ContentEvidence {
  return { ...extraction.signals, markdown: extraction.markdown };
}

/** The extraction stage, and with it the HTML parser, loads with the first page to read: a run of 304s reads none. */
export const loadExtract = async () => (await import('../normalize/index.ts')).extract;

/**
 * The diff and the change summary (and the `diff` package) load with the first page whose text differs from the
 * stored one: a 304, a first record or an unchanged page compares nothing.
 */
const loadCompare = async () => {
  const [{ classify }, { summarizeChange }] = await Promise.all([import('../diff/index.ts'), import('../summarize/index.ts')]);
  return { classify, summarizeChange };
};

/** A document's records as the caller already read them (check reads each once); absent, they are read here. */
export interface StoredRecords {
  state: DocState;
  previous: SnapshotRecord | undefined;
}

/**
 * The state and claim statuses as read, to skip writing them back unchanged: the store would skip identical bytes
 * too, but only after reading the file again. A state that was absent (read as the empty state) or claim statuses
 * that were absent or empty are always written, so which files exist stays as before.
 */
function asRead(state: DocState, claims: ClaimStatus[]): { stateChanged(now: DocState): boolean; claimsChanged(now: ClaimStatus[]): boolean } {
  const stateJson = JSON.stringify(state);
  const claimsJson = JSON.stringify(claims);
  return {
    stateChanged: (now) => stateJson === EMPTY_STATE_JSON || JSON.stringify(now) !== stateJson,
    claimsChanged: (now) => claims.length === 0 || JSON.stringify(now) !== claimsJson,
  };
}
const EMPTY_STATE_JSON = JSON.stringify(emptyDocState());

async function readStored(deps: ProcessDeps, doc: DocumentConfig, stored: StoredRecords | undefined) {
  const [state, previous, previousClaims] = await Promise.all([
    stored?.state ?? deps.store.readState(doc.id),
    stored ? stored.previous : deps.store.readSnapshot(doc.id),
    readClaimStatuses(deps.store, doc.id),
  ]);
  return { state, previous, previousClaims, was: asRead(state, previousClaims) };
}

/** A second fetch of the same page, for confirming a change in the same run; undefined when it failed. */
export type Refetch = () => Promise<FetchedPage | undefined>;

/** The page read as the document, or why it is not the document. */
async function readPage(doc: DocumentConfig, page: FetchedPage): Promise<{ extraction: Extraction } | { failure: FailureInfo }> {
  if (page.verdict.kind === 'not-document') return { failure: page.verdict.failure };
  const extract = await loadExtract();
  const extraction = extract({ body: page.body, format: page.format, url: page.finalUrl, doc });
  const content = judgeContent(contentEvidence(extraction));
  return content.kind === 'not-document' ? { failure: content.failure } : { extraction };
}

/**
 * A fetched page, for `check` and `replay` alike: the gate's verdicts (the response's, carried by the page; the
 * content's; the change's), normalization, classification, confirmation of a change (confirm.ts; `refetch` gets the
 * second sighting in this run), claims, failure tracking, events, and the writes, in crash-safe order: events
 * queued, then claim statuses, then snapshot, then state. A crash between any two leaves a state that a re-run
 * completes with the same event ids; a crash while a change is held leaves the hold for the next run to decide.
 */
export async function processFetched(deps: ProcessDeps, doc: DocumentConfig, page: FetchedPage, refetch?: Refetch, stored?: StoredRecords): Promise<DocOutcome> {
  const read = await readPage(doc, page);
  if ('failure' in read) return processFailure(deps, doc, read.failure, page.fetchedAt);
  return processDocument(deps, doc, page, read.extraction, refetch, stored);
}

/**
 * The held page, read again, when the held change is still there in `now` (confirm.ts `persists`); undefined when
 * it is not, or when the held page is gone or reads differently under today's rules.
 */
async function confirmHeldFirst(
  deps: ProcessDeps,
  doc: DocumentConfig,
  before: string,
  pending: PendingChange,
  now: string,
): Promise<{ page: FetchedPage; extraction: Extraction } | undefined> {
  const body = pending.page ? await deps.store.readHeld(doc.id) : undefined;
  if (body === undefined || !pending.page) return undefined;
  const page: FetchedPage = { kind: 'fetched', ...pending.page, redirects: [pending.page.finalUrl], fetchedAt: pending.firstSeenAt, contentType: '', body, verdict: DOCUMENT };
  const read = await readPage(doc, page);
  if (!('extraction' in read) || sha256(read.extraction.markdown) !== pending.contentHash) return undefined;
  return persists(before, read.extraction.markdown, now) ? { page, extraction: read.extraction } : undefined;
}

/** `stored` only for the first pass: a pass after a write (a confirmed hold, a re-fetch) reads the records again. */
async function processDocument(
  deps: ProcessDeps,
  doc: DocumentConfig,
  page: FetchedPage,
  extraction: Extraction,
  refetch?: Refetch,
  stored?: StoredRecords,
): Promise<DocOutcome> {
  const at = page.fetchedAt;
  const { state, previous, previousClaims, was } = await readStored(deps, doc, stored);
  const events: PipelineEvent[] = [];
  succeed(doc, state, at, events);
  noteMove(doc, state, page, at, events);
  noteSelectorFallback(doc, state, extraction.selectorFallback, at, events);

  const markdown = extraction.markdown;
  const newHash = sha256(markdown);
  const quick = classifyWithoutDiff(previous?.markdown, markdown);
  const compare = quick ? undefined : await loadCompare();
  const classification = quick ?? compare!.classify(previous?.markdown, markdown);
  const base = { docId: doc.id, title: doc.title, url: doc.url, finalUrl: page.finalUrl, via: page.via };

  // Only words can vanish: a noise or formatting change keeps them.
  const shrink = classification.kind === 'substantive' && previous !== undefined && judgeChange({ before: previous.markdown, after: markdown }).kind === 'undecided';
  const sighting = judgeSighting({ pending: pendingOf(state), contentHash: newHash, kind: classification.kind, shrink, mode: deps.settings.confirm.changes });
  delete state.pendingShrink;
  delete state.pendingChange;
  if (sighting.kind === 'other' && previous) {
    const split = await confirmHeldFirst(deps, doc, previous.markdown, sighting.pending, markdown);
    if (split) {
      // The held change is still there: recorded as confirmed, then this page is judged against it.
      const first = await processDocument(deps, doc, split.page, split.extraction);
      const then = await processDocument(deps, doc, page, extraction);
      return { ...then, ...pickDefined({ outcome: first.outcome, headline: first.headline }), events: [...first.events, ...then.events] };
    }
  }
  if (sighting.kind === 'hold') {
    // Held: nothing recorded. The old validators stay and the next fetch is unconditional, so a 304 cannot hide
    // the page that decides; the hold is in the state before any re-fetch, so a crash leaves it to the next run.
    state.pendingChange = {
      contentHash: newHash,
      firstSeenAt: at,
      reason: sighting.reason,
      page: pickDefined({ finalUrl: page.finalUrl, status: page.status, via: page.via, format: page.format, etag: page.etag, lastModified: page.lastModified }),
    };
    await deps.store.writeHeld(doc.id, page.body);
    await deps.enqueue(events);
    await deps.store.writeState(doc.id, state);
    if (sighting.reason === 'unconfirmed' && refetch) {
      const second = await refetch();
      const again = second && (await readPage(doc, second));
      if (second && again && 'extraction' in again) return processDocument(deps, doc, second, again.extraction);
      // No second sighting to be had in this run: the first one is alerted rather than held past the run.
      deps.logger.warn('the confirming re-fetch failed; the change is alerted as first seen', { doc: doc.id });
      return processDocument(deps, doc, page, extraction);
    }
    deps.logger.warn(
      sighting.reason === 'drastic-shrink'
        ? 'most of the text vanished; holding the change until the next run confirms it'
        : 'a change seen once; holding it until the next fetch confirms it',
      { doc: doc.id },
    );
    return { ...base, outcome: 'held', held: sighting.reason, claims: previousClaims, events };
  }
  if (sighting.kind === 'flip-flop') {
    deps.logger.info(`a change first seen at ${sighting.pending.firstSeenAt} was gone at the next fetch (a flip-flop); nothing recorded`, { doc: doc.id });
  }
  state.http = pickDefined({ etag: page.etag, lastModified: page.lastModified, finalUrl: page.finalUrl });

  const kind = classification.kind;
  // A stamp that vanished while the text stayed the same un-states nothing: the stored date still holds.
  const effectiveDate = extraction.effectiveDate ?? (kind === 'noise' ? previous?.meta.effectiveDate : undefined);
  const { claims, claimChanges } = checkClaims(doc, markdown, at, previousClaims, effectiveDate);
  let headline: string | undefined;
  if ((kind === 'substantive' || kind === 'formatting') && previous && compare) {
    const summary = compare.summarizeChange(doc, previous.markdown, markdown, classification.diff, { claimChanges });
    headline = summary.headline;
    events.push(
      changeEvent({
        doc,
        at,
        kind,
        oldHash: previous.meta.contentHash,
        newHash,
        since: previous.meta.fetchedAt,
        classification,
        summary,
        claimChanges,
        effectiveDate: pickDefined({ before: previous.meta.effectiveDate, after: extraction.effectiveDate }),
        pageUrl: page.finalUrl,
        links: deps.links?.(doc.id),
      }),
    );
  } else if (claimChanges.length > 0) {
    events.push(claimsChangedEvent(doc, at, newHash, claimChanges));
  }

  // A crash between text.md and meta.json leaves this text under the old meta.json. Its alert was queued before the
  // text was written, so the write is completed now, without another one.
  const interrupted = previous !== undefined && previous.meta.contentHash !== sha256(previous.markdown);
  await deps.enqueue(events);
  if (was.claimsChanged(claims)) await writeClaimStatuses(deps.store, doc.id, claims);
  // A noise change that re-dated the page (an "Updated <date>" bump with the same text) is recorded, unannounced, so
  // that the stored date the next 304 verifies claims against is the page's.
  const redated = previous !== undefined && effectiveDate !== previous.meta.effectiveDate;
  if (kind !== 'noise' || interrupted || redated) {
    const record: SnapshotRecord = {
      markdown,
      meta: pickDefined({
        docId: doc.id,
        url: doc.url,
        finalUrl: page.finalUrl,
        fetchedAt: at,
        status: page.status,
        etag: page.etag,
        lastModified: page.lastModified,
        contentHash: newHash,
        effectiveDate,
        title: extraction.title,
        kind: kind === 'noise' ? 'technical' : kind,
        via: page.via,
        toolVersion: TOOL_VERSION,
        rulesVersion: extractionKey(doc),
      }),
    };
    await deps.store.writeSnapshot(record, page.format === 'html' ? page.body : undefined);
  }
  if (was.stateChanged(state)) await deps.store.writeState(doc.id, state);
  if (sighting.kind !== 'plain') await deps.store.deleteHeld(doc.id);
  return pickDefined({ ...base, outcome: kind, headline, effectiveDate: effectiveDate ?? previous?.meta.effectiveDate, claims, events });
}

/** A 304: the stored text stands; claims are confirmed against it again. */
export async function processNotModified(deps: ProcessDeps, doc: DocumentConfig, result: NotModified, stored?: StoredRecords): Promise<DocOutcome> {
  const { state, previous, previousClaims, was } = await readStored(deps, doc, stored);
  const events: PipelineEvent[] = [];
  succeed(doc, state, result.fetchedAt, events);
  state.http = pickDefined({ ...state.http, etag: result.etag ?? state.http?.etag, lastModified: result.lastModified ?? state.http?.lastModified });
  const { claims, claimChanges } = previous
    ? checkClaims(doc, previous.markdown, result.fetchedAt, previousClaims, previous.meta.effectiveDate)
    : { claims: previousClaims, claimChanges: [] };
  if (previous && claimChanges.length > 0) events.push(claimsChangedEvent(doc, result.fetchedAt, previous.meta.contentHash, claimChanges));
  await deps.enqueue(events);
  if (was.claimsChanged(claims)) await writeClaimStatuses(deps.store, doc.id, claims);
  if (was.stateChanged(state)) await deps.store.writeState(doc.id, state);
  return { docId: doc.id, title: doc.title, url: doc.url, finalUrl: result.finalUrl, outcome: 'not-modified', claims, events };
}

/** Not the document, or not fetched: the baseline is kept; maintainers hear of it only after N in a row. */
export async function processFailure(deps: ProcessDeps, doc: DocumentConfig, failure: FailureInfo, at: string): Promise<DocOutcome> {
  // The claims record may be what is broken: the failure must still be counted.
  const [state, previousClaims] = await Promise.all([deps.store.readState(doc.id), readClaimStatuses(deps.store, doc.id).catch(() => [])]);
  const previousReason = state.lastFailure?.reason;
  state.consecutiveFailures += 1;
  state.failingSince ??= at;
  state.lastFailure = { ...failure, at };
  const events: PipelineEvent[] = [];
  const threshold = deps.settings.failures.threshold;
  if (state.consecutiveFailures >= threshold && (!state.failingNotified || previousReason !== failure.reason)) {
    events.push(trackingFailingEvent(doc, at, failure, state.consecutiveFailures, state.failingSince));
    state.failingNotified = true;
  }
  await deps.enqueue(events);
  await deps.store.writeState(doc.id, state);
  deps.logger.warn(`${doc.id}: ${failure.reason}: ${failure.message}`, { doc: doc.id, consecutive: state.consecutiveFailures });
  return { docId: doc.id, title: doc.title, url: doc.url, outcome: 'failed', failure, claims: previousClaims, events };
}

function succeed(doc: DocumentConfig, state: DocState, at: string, events: PipelineEvent[]): void {
  if (state.failingNotified) events.push(trackingResumedEvent(doc, at, state.failingSince ?? at));
  state.consecutiveFailures = 0;
  state.failingNotified = false;
  delete state.lastFailure;
  delete state.failingSince;
  // The time of a check is in the run's report and job summary, not in a committed file that would change on
  // every run; claims.json says the day claims were last checked. Older state files lose the field once.
  delete state.lastCheckedAt;
}

/** Tells maintainers once when a document now lives on another host (support.anthropic.com → support.claude.com). */
function noteMove(doc: DocumentConfig, state: DocState, page: FetchedPage, at: string, events: PipelineEvent[]): void {
  const configuredHost = new URL(doc.url).host;
  const finalHost = new URL(page.finalUrl).host;
  if (configuredHost === finalHost) {
    delete state.movedNotifiedTo;
    return;
  }
  if (state.movedNotifiedTo === page.finalUrl) return;
  events.push(documentMovedEvent(doc, at, doc.url, page.finalUrl));
  state.movedNotifiedTo = page.finalUrl;
}

function noteSelectorFallback(doc: DocumentConfig, state: DocState, fellBack: boolean, at: string, events: PipelineEvent[]): void {
  if (!fellBack) {
    state.selectorFallbackNotified = false;
    return;
  }
  if (!state.selectorFallbackNotified) events.push(selectorFallbackEvent(doc, at));
  state.selectorFallbackNotified = true;
}

/** Drops undefined fields so records stay small and JSON round-trips compare equal. */
export function pickDefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
