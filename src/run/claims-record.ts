import type { ClaimStatus } from '../claims/types.ts';
import type { SnapshotStore } from '../store/types.ts';

/** Claim statuses are kept per document, so shards write disjoint records. */
const recordName = (docId: string) => `claims.${docId}`;

export async function readClaimStatuses(store: SnapshotStore, docId: string): Promise<ClaimStatus[]> {
  const value = await store.readRecord(recordName(docId));
  return Array.isArray(value) ? (value as ClaimStatus[]) : [];
}

export async function writeClaimStatuses(store: SnapshotStore, docId: string, statuses: ClaimStatus[]): Promise<void> {
  await store.writeRecord(recordName(docId), statuses);
}
