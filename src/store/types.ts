import type { ChangeKind } from '../diff/types.ts';
import type { FailureInfo } from '../shared/failure.ts';

/** Metadata stored beside each document's normalized text (snapshots/<doc-id>/meta.json). */
export interface SnapshotMeta {
  docId: string;
  url: string;
  finalUrl: string;
  fetchedAt: string;
  status: number;
  etag?: string;
  lastModified?: string;
  /** sha256 of the normalized Markdown. */
  contentHash: string;
  effectiveDate?: string;
  title?: string;
  /** How the recorded text differed from the one before it. 'technical' is a re-extraction after a rules change. */
  kind: ChangeKind | 'technical';
  via: 'http' | 'browser';
  toolVersion: string;
  rulesVersion: string;
}

export interface SnapshotRecord {
  meta: SnapshotMeta;
  markdown: string;
}

/** Per-document tracking state that survives between runs (snapshots/<doc-id>/state.json). */
export interface DocState {
  consecutiveFailures: number;
  lastFailure?: FailureInfo & { at: string };
  /** When the current run of consecutive failures began. */
  failingSince?: string;
  /** The "tracking failing" notification went out and "tracking resumed" is owed. */
  failingNotified: boolean;
  /** A sudden loss of most of the text waits for a second sighting before it counts as a change. */
  pendingShrink?: { contentHash: string; firstSeenAt: string };
  /** Configured selectors stopped matching and maintainers were told. */
  selectorFallbackNotified: boolean;
  lastCheckedAt?: string;
  /** Last final URL we told maintainers about, so a move is reported once. */
  movedNotifiedTo?: string;
  /** Validators of the last successful fetch, for conditional requests (kept here, not in meta.json, so noise records nothing). */
  http?: { etag?: string; lastModified?: string; finalUrl?: string };
}

export const emptyDocState = (): DocState => ({
  consecutiveFailures: 0,
  failingNotified: false,
  selectorFallbackNotified: false,
});

/**
 * The store port. Adapters: the filesystem (snapshots/ in a git repository) and memory (replay, tests).
 * Every write is atomic: a crash leaves the previous version or the new one.
 */
export interface SnapshotStore {
  readSnapshot(docId: string): Promise<SnapshotRecord | undefined>;
  /** Records a new version; `rawHtml` is kept (compressed) so the text can be re-extracted when rules change. */
  writeSnapshot(record: SnapshotRecord, rawHtml?: string): Promise<void>;
  readRaw(docId: string): Promise<string | undefined>;
  readState(docId: string): Promise<DocState>;
  writeState(docId: string, state: DocState): Promise<void>;
  listDocuments(): Promise<string[]>;
  /** Small named JSON records kept with the snapshots: the notification queue, claim statuses, delivery ledgers. */
  readRecord(name: string): Promise<unknown>;
  writeRecord(name: string, value: unknown): Promise<void>;
}
