import { createFsDriver } from './fs-driver.ts';
import { createMemoryDriver } from './memory-driver.ts';
import { createStore, type StoreOptions } from './records.ts';
import type { SnapshotStore } from './types.ts';

export { createStore, SHARED_RECORD_KEYS, type StoreOptions } from './records.ts';
export { createFsDriver } from './fs-driver.ts';
export { createMemoryDriver } from './memory-driver.ts';
export type { StoreDriver } from './driver.ts';
export { DamagedRecordError } from './errors.ts';
export {
  emptyDocState,
  type DocState,
  type EmailIntent,
  type EmailJournalRecord,
  type DeliveryRecord,
  type LedgerEntry,
  type LedgerRecord,
  type PendingChange,
  type QueueItem,
  type QueueRecord,
  type SnapshotMeta,
  type SnapshotRecord,
  type SnapshotStore,
} from './types.ts';

/** snapshots/ in a git repository. */
export const createFsStore = (root: string): SnapshotStore => createStore(createFsDriver(root));
/** Everything in memory: replay runs the check path against it, and tests use it. */
export const createMemoryStore = (options: StoreOptions = {}): SnapshotStore => createStore(createMemoryDriver(), options);
