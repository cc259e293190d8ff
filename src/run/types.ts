import type { ClaimStatus } from '../claims/types.ts';
import type { ChangeKind } from '../diff/types.ts';
import type { FailureInfo } from '../shared/failure.ts';
import type { PipelineEvent } from '../notify/events.ts';

/** What happened to one document in one run. */
export type DocOutcomeKind =
  | ChangeKind // first | noise | formatting | substantive
  | 'not-modified' // 304: nothing parsed
  | 'technical' // re-extracted from stored raw HTML after a rules change
  | 'held' // a change seen once (or most of the text vanished): held back until a second sighting confirms it
  | 'failed';

export interface DocOutcome {
  docId: string;
  title: string;
  url: string;
  finalUrl?: string;
  outcome: DocOutcomeKind;
  failure?: FailureInfo;
  headline?: string;
  /** Why a held change waits (outcome 'held'). */
  held?: 'unconfirmed' | 'drastic-shrink';
  effectiveDate?: string;
  via?: 'http' | 'browser';
  claims: ClaimStatus[];
  events: PipelineEvent[];
}
