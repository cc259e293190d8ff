import type { DocumentConfig, Settings } from '../config/schema.ts';
import { summarizeChange } from '../summarize/index.ts';
import { classify } from '../diff/index.ts';
import type { FetchedPage, NotModified } from '../fetch/types.ts';
import { judgeChange, judgeContent, type ContentEvidence } from '../gate/index.ts';
import { extract, type Extraction } from '../normalize/index.ts';
import type { PipelineEvent } from '../notify/events.ts';
import type { DocState, SnapshotRecord, SnapshotStore } from '../store/types.ts';
import type { FailureInfo } from '../shared/failure.ts';
import { sha256 } from '../shared/hash.ts';
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

/**
 * A fetched page, for `check` and `replay` alike: the gate's verdicts (the response's, carried by the page; the
 * content's; the change's), normalization, classification, claims, failure tracking, events, and the writes, in
 * crash-safe order: events queued, then claim statuses, then snapshot, then state. A crash between any two leaves
 * a state that a re-run completes with the same event ids.
 */
export async function processFetched(deps: ProcessDeps, doc: DocumentConfig, page: FetchedPage): Promise<DocOutcome> {
  const at = page.fetchedAt;
  if (page.verdict.kind === 'not-document') return processFailure(deps, doc, page.verdict.failure, at);
  const extraction = extract({ body: page.body, format: page.format, url: page.finalUrl, doc });
  const content = judgeContent(contentEvidence(extraction));
  if (content.kind === 'not-document') return processFailure(deps, doc, content.failure, at);

  const [state, previous, previousClaims] = await Promise.all([
    deps.store.readState(doc.id),
    deps.store.readSnapshot(doc.id),
    readClaimStatuses(deps.store, doc.id),
  ]);
  const events: PipelineEvent[] = [];
  succeed(doc, state, at, events);
  noteMove(doc, state, page, at, events);
  noteSelectorFallback(doc, state, extraction.selectorFallback, at, events);

  const markdown = extraction.markdown;
  const newHash = sha256(markdown);
  const classification = classify(previous?.markdown, markdown);
  const base = { docId: doc.id, title: doc.title, url: doc.url, finalUrl: page.finalUrl, via: page.via };

  // Only words can vanish: a noise or formatting change keeps them.
  const change = classification.kind === 'substantive' && previous ? judgeChange({ before: previous.markdown, after: markdown }) : undefined;
  if (change?.kind === 'undecided') {
    if (state.pendingShrink?.contentHash !== newHash) {
      // A page that lost most of its text is more often broken than rewritten: wait for a second sighting.
      // The old validators stay, so the next run gets the page again instead of a 304 that would hide it.
      state.pendingShrink = { contentHash: newHash, firstSeenAt: at };
      await deps.enqueue(events);
      await deps.store.writeState(doc.id, state);
      deps.logger.warn('most of the text vanished; holding the change until the next run confirms it', { doc: doc.id });
      return { ...base, outcome: 'suspicious', claims: previousClaims, events };
    }
  }
  delete state.pendingShrink;
  state.http = pickDefined({ etag: page.etag, lastModified: page.lastModified, finalUrl: page.finalUrl });

  const kind = classification.kind;
  // A stamp that vanished while the text stayed the same un-states nothing: the stored date still holds.
  const effectiveDate = extraction.effectiveDate ?? (kind === 'noise' ? previous?.meta.effectiveDate : undefined);
  const { claims, claimChanges } = checkClaims(doc, markdown, at, previousClaims, effectiveDate);
  let headline: string | undefined;
  if ((kind === 'substantive' || kind === 'formatting') && previous) {
    const summary = summarizeChange(doc, previous.markdown, markdown, classification.diff);
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
  await writeClaimStatuses(deps.store, doc.id, claims);
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
  await deps.store.writeState(doc.id, state);
  return pickDefined({ ...base, outcome: kind, headline, effectiveDate: effectiveDate ?? previous?.meta.effectiveDate, claims, events });
}

/** A 304: the stored text stands; claims are confirmed against it again. */
export async function processNotModified(deps: ProcessDeps, doc: DocumentConfig, result: NotModified): Promise<DocOutcome> {
  const [state, previous, previousClaims] = await Promise.all([
    deps.store.readState(doc.id),
    deps.store.readSnapshot(doc.id),
    readClaimStatuses(deps.store, doc.id),
  ]);
  const events: PipelineEvent[] = [];
  succeed(doc, state, result.fetchedAt, events);
  state.http = pickDefined({ ...state.http, etag: result.etag ?? state.http?.etag, lastModified: result.lastModified ?? state.http?.lastModified });
  const { claims, claimChanges } = previous
    ? checkClaims(doc, previous.markdown, result.fetchedAt, previousClaims, previous.meta.effectiveDate)
    : { claims: previousClaims, claimChanges: [] };
  if (previous && claimChanges.length > 0) events.push(claimsChangedEvent(doc, result.fetchedAt, previous.meta.contentHash, claimChanges));
  await deps.enqueue(events);
  await writeClaimStatuses(deps.store, doc.id, claims);
  await deps.store.writeState(doc.id, state);
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
  state.lastCheckedAt = at;
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
