export { createFsStore } from './fs-store.ts';
export { createMemoryStore } from './memory-store.ts';
export { emptyDocState, type DocState, type SnapshotMeta, type SnapshotRecord, type SnapshotStore } from './types.ts';
