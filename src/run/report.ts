import type { ClaimStatus } from '../claims/types.ts';
import type { FailureInfo } from '../shared/failure.ts';
import type { DocOutcomeKind } from './types.ts';

/** What a run did, for the human summary, --json, the job summary and shard merges. */
export interface RunReport {
  startedAt: string;
  finishedAt: string;
  toolVersion: string;
  shard?: { index: number; count: number };
  documents: {
    id: string;
    title: string;
    url: string;
    finalUrl?: string;
    outcome: DocOutcomeKind;
    headline?: string;
    effectiveDate?: string;
    failure?: FailureInfo;
    issueUrl?: string;
  }[];
  claims: { verified: number; reworded: number; missing: number; items: ClaimStatus[] };
  notifications: { queued: number; delivered: number; failed: { notifier: string; eventId: string; error: string }[]; pending: number };
  /** Issue URLs opened or updated in this run. */
  issues: string[];
}

export function countOutcomes(report: RunReport): Record<DocOutcomeKind, number> {
  const counts = { first: 0, noise: 0, formatting: 0, substantive: 0, 'not-modified': 0, technical: 0, suspicious: 0, failed: 0 };
  for (const doc of report.documents) counts[doc.outcome]++;
  return counts;
}
