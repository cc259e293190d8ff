import type { Topic } from '../config/schema.ts';
import type { ClaimChange } from '../claims/types.ts';
import type { KeyChange } from '../summarize/types.ts';
import type { ReadableDiff } from '../diff/types.ts';
import type { FailureInfo } from '../shared/failure.ts';

/** What notifiers need to know about a document; never the page's HTML. */
export interface DocRef {
  id: string;
  title: string;
  url: string;
  topics: Topic[];
}

export interface Links {
  page: string;
  /** The snapshot commit and compare view, when running in GitHub Actions. */
  commit?: string;
  compare?: string;
  /** Filled in by the GitHub notifier for notifiers that run after it (email). */
  issue?: string;
}

/** A recorded change of a document's text. */
export interface ChangeEvent {
  type: 'change';
  /** Stable fingerprint: document + hashes of the old and new text. Idempotency key for every notifier. */
  id: string;
  doc: DocRef;
  kind: 'substantive' | 'formatting';
  at: string;
  oldHash: string;
  newHash: string;
  headline: string;
  keyChanges: KeyChange[];
  claimChanges: ClaimChange[];
  effectiveDate: { before?: string; after?: string };
  diff: ReadableDiff;
  links: Links;
}

export interface TrackingFailingEvent {
  type: 'tracking-failing';
  id: string;
  doc: DocRef;
  at: string;
  failure: FailureInfo;
  consecutiveFailures: number;
  since: string;
}

export interface TrackingResumedEvent {
  type: 'tracking-resumed';
  id: string;
  doc: DocRef;
  at: string;
}

export interface DocumentMovedEvent {
  type: 'document-moved';
  id: string;
  doc: DocRef;
  at: string;
  from: string;
  to: string;
}

export interface SelectorFallbackEvent {
  type: 'selector-fallback';
  id: string;
  doc: DocRef;
  at: string;
  selectors: string[];
}

/** Claim statuses changed without any text change we alert on (e.g. formatting-only page change). */
export interface ClaimsChangedEvent {
  type: 'claims-changed';
  id: string;
  doc: DocRef;
  at: string;
  claimChanges: ClaimChange[];
}

export type PipelineEvent =
  | ChangeEvent
  | TrackingFailingEvent
  | TrackingResumedEvent
  | DocumentMovedEvent
  | SelectorFallbackEvent
  | ClaimsChangedEvent;

/** The events users (subscribers) hear about. */
export type UserFacingEvent = ChangeEvent | ClaimsChangedEvent;

/**
 * Whether an event is one that users (subscribers) should hear about, not only maintainers: a substantive change,
 * or claim statuses the page changed. True narrows to UserFacingEvent; false does not mean "not a change"
 * (formatting).
 */
export function isUserFacing(event: PipelineEvent): event is UserFacingEvent {
  if (event.type === 'change') return event.kind === 'substantive' || event.claimChanges.some(isPageChange);
  return event.type === 'claims-changed' && event.claimChanges.some(isPageChange);
}

/**
 * A claim change the page made (it had a status before). A first sighting that does not verify says the guide is
 * out of date (e.g. its stated effective date): maintainers' business, not subscribers'.
 */
export function isPageChange(change: ClaimChange): boolean {
  return change.before !== undefined;
}
