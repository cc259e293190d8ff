import type { ClaimStatus } from '../claims/types.ts';
import type { SnapshotStore } from '../store/types.ts';

/** Claim statuses are kept per document, so shards write disjoint records; the store validates them. */
export async function readClaimStatuses(store: SnapshotStore, docId: string): Promise<ClaimStatus[]> {
  return store.readClaimStatuses(docId);
}

export async function writeClaimStatuses(store: SnapshotStore, docId: string, statuses: ClaimStatus[]): Promise<void> {
  await store.writeClaimStatuses(docId, statuses);
}
