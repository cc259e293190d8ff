import type { DocumentConfig } from '../config/schema.ts';
import type { ClaimChange } from '../claims/types.ts';
import type { Classification } from '../diff/types.ts';
import type { ChangeSummary } from '../summarize/types.ts';
import type { ChangeEvent, DocRef, PipelineEvent } from '../notify/events.ts';
import type { FailureInfo } from '../shared/failure.ts';

export function docRef(doc: DocumentConfig): DocRef {
  return { id: doc.id, title: doc.title, url: doc.url, topics: doc.topics };
}

/**
 * Event ids are derived from what happened, never from when the run happened, so a re-run after a crash
 * produces the same ids and every notifier can recognise what it already did.
 */
export function changeEvent(input: {
  doc: DocumentConfig;
  at: string;
  kind: 'substantive' | 'formatting';
  oldHash: string;
  newHash: string;
  /** When the old text was recorded: tells a change that comes back (A→B→A→B) from a re-run of the same one. */
  since: string;
  classification: Classification;
  summary: ChangeSummary;
  claimChanges: ClaimChange[];
  effectiveDate: { before?: string; after?: string };
  pageUrl: string;
  links?: { commit?: string; compare?: string };
}): ChangeEvent {
  return {
    type: 'change',
    id: `change:${input.doc.id}:${input.oldHash.slice(0, 12)}:${input.newHash.slice(0, 12)}:${compactTime(input.since)}`,
    doc: docRef(input.doc),
    kind: input.kind,
    at: input.at,
    oldHash: input.oldHash,
    newHash: input.newHash,
    headline: input.summary.headline,
    keyChanges: input.summary.keyChanges,
    claimChanges: input.claimChanges,
    effectiveDate: input.effectiveDate,
    diff: input.classification.diff ?? { hunks: [], truncated: false, stats: { added: 0, removed: 0, changed: 0 } },
    links: { page: input.pageUrl, ...input.links },
  };
}

/** "2026-11-22T03:00:00.000Z" → "20261122T030000Z": short, and safe in file names and labels. */
function compactTime(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
}

export function claimsChangedEvent(doc: DocumentConfig, at: string, textHash: string, claimChanges: ClaimChange[]): PipelineEvent {
  const statusKey = claimChanges.map((c) => `${c.claim.id}=${c.after.status}`).join(',');
  return { type: 'claims-changed', id: `claims:${doc.id}:${textHash.slice(0, 12)}:${statusKey}`, doc: docRef(doc), at, claimChanges };
}

export function trackingFailingEvent(doc: DocumentConfig, at: string, failure: FailureInfo, count: number, since: string): PipelineEvent {
  return {
    type: 'tracking-failing',
    id: `failing:${doc.id}:${since}:${failure.reason}`,
    doc: docRef(doc),
    at,
    failure,
    consecutiveFailures: count,
    since,
  };
}

export function trackingResumedEvent(doc: DocumentConfig, at: string, since: string): PipelineEvent {
  return { type: 'tracking-resumed', id: `resumed:${doc.id}:${since}`, doc: docRef(doc), at };
}

export function documentMovedEvent(doc: DocumentConfig, at: string, from: string, to: string): PipelineEvent {
  return { type: 'document-moved', id: `moved:${doc.id}:${to}`, doc: docRef(doc), at, from, to };
}

export function selectorFallbackEvent(doc: DocumentConfig, at: string): PipelineEvent {
  return { type: 'selector-fallback', id: `selector:${doc.id}:${(doc.select ?? []).join('|')}`, doc: docRef(doc), at, selectors: doc.select ?? [] };
}
