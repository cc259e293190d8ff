import type { FailureInfo } from '../shared/failure.ts';

/**
 * The run report as publishing reads it (`policywatch check --json`, one per shard). It is a structural subset of
 * the orchestrator's RunReport (src/run/report.ts): a test checks that the orchestrator's report is assignable
 * here, so the two cannot drift apart unnoticed. Everything but `documents` is optional or tolerant, so a report
 * from an older or newer version still publishes.
 */
export type DocOutcome =
  | 'first' // first snapshot recorded
  | 'unchanged'
  | 'noise' // text changed only in ignorable ways (dates of rendering, tracking ids)
  | 'formatting'
  | 'substantive'
  | 'not-modified' // HTTP 304: skipped
  | 'technical' // re-extracted after a rules change
  | 'suspicious' // most of the text vanished: held back until confirmed
  | 'failed';

export interface ReportDocument {
  id: string;
  title: string;
  url: string;
  outcome: DocOutcome;
  /** One-line description of the change; derived from page text, so untrusted. */
  headline?: string;
  failure?: FailureInfo;
  issueUrl?: string;
}

export interface ReportClaim {
  id: string;
  docId: string;
  status: 'verified' | 'reworded' | 'missing';
}

export interface NotificationTally {
  queued: number;
  delivered: number;
  failed: { notifier: string; eventId: string; error: string }[];
  pending: number;
}

export interface RunReport {
  startedAt?: string;
  finishedAt?: string;
  toolVersion?: string;
  shard?: { index: number; count: number };
  /** Set on a report merged from shard reports: which of the `count` shards made it (a failed shard job is absent). */
  merged?: { count: number; shards: number[] };
  documents: ReportDocument[];
  claims?: { verified: number; reworded: number; missing: number; items?: ReportClaim[] };
  notifications?: NotificationTally;
  /** URLs of the issues opened or updated. */
  issues?: string[];
}

/** What `policywatch notify --json` prints: deliveries made after the snapshot commit. */
export interface NotifyResult extends NotificationTally {
  issues: string[];
}

/** Documents whose recorded snapshot changed in this run, i.e. what a commit carries. */
export const CHANGED_OUTCOMES: readonly DocOutcome[] = ['substantive', 'formatting', 'first', 'technical'];
