import { emptyDocState, type DocState, type SnapshotRecord, type SnapshotStore } from './types.ts';

/** Keeps everything in memory: replay runs the check path against it, and tests use it. */
export function createMemoryStore(): SnapshotStore {
  const snapshots = new Map<string, SnapshotRecord>();
  const raws = new Map<string, string>();
  const states = new Map<string, DocState>();
  const records = new Map<string, string>();
  // Deep copies keep callers from mutating what is "on disk", as with the filesystem adapter.
  const clone = <T>(value: T): T => structuredClone(value);

  return {
    async readSnapshot(docId) {
      const record = snapshots.get(docId);
      return record && clone(record);
    },
    async writeSnapshot(record, rawHtml) {
      snapshots.set(record.meta.docId, clone(record));
      if (rawHtml !== undefined) raws.set(record.meta.docId, rawHtml);
    },
    async readRaw(docId) {
      return raws.get(docId);
    },
    async readState(docId) {
      const state = states.get(docId);
      return state ? clone(state) : emptyDocState();
    },
    async writeState(docId, state) {
      states.set(docId, clone(state));
    },
    async listDocuments() {
      return [...new Set([...snapshots.keys(), ...states.keys()])].sort();
    },
    async readRecord(name) {
      const json = records.get(name);
      return json === undefined ? undefined : (JSON.parse(json) as unknown);
    },
    async writeRecord(name, value) {
      records.set(name, JSON.stringify(value));
    },
  };
}
