import type { ClaimConfig, Topic } from '../config/schema.ts';
import type { WordPart } from '../diff/types.ts';

export type ClaimStatusKind = 'verified' | 'reworded' | 'missing';

/** quote and label come from the config; effective-date is the page's date against the one the guide states. */
export type ClaimKind = NonNullable<ClaimConfig['kind']> | 'effective-date';

/** A claim as a run watches it: a configured one, or one derived from the document (its stated effective date). */
export type WatchedClaim = Omit<ClaimConfig, 'kind'> & { kind?: ClaimKind };

export interface ClaimStatus {
  id: string;
  docId: string;
  topic: Topic;
  quote: string;
  status: ClaimStatusKind;
  /** 0..1: 1 for verified. */
  similarity: number;
  /** The closest passage in the current text (verified: the matched passage). */
  currentWording?: string;
  /** quote → currentWording, for reworded claims. */
  wordDiff?: WordPart[];
  /** ISO time of the last run on which the claim was verified. */
  verifiedAt?: string;
  checkedAt: string;
}

/** A claim whose status or wording moved between two runs: the most important alert there is. */
export interface ClaimChange {
  claim: WatchedClaim;
  docId: string;
  before: Pick<ClaimStatus, 'status' | 'currentWording'> | undefined;
  after: ClaimStatus;
}
