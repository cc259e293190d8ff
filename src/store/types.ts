import type { ChangeKind } from '../diff/types.ts';
import type { ClaimStatus } from '../claims/types.ts';
import type { PipelineEvent } from '../notify/events.ts';
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
  /**
   * How the recorded text differed from the one before it. 'technical' is recorded without an alert: a re-extraction
   * after a rules change, or the completion of a snapshot write a crash interrupted.
   */
  kind: ChangeKind | 'technical';
  via: 'http' | 'browser';
  toolVersion: string;
  rulesVersion: string;
}

export interface SnapshotRecord {
  meta: SnapshotMeta;
  markdown: string;
}

export interface PendingChange {
  contentHash: string;
  firstSeenAt: string;
  reason: 'unconfirmed' | 'drastic-shrink';
  /** How the held page was fetched: enough to record it once confirmed (its body is the store's held page). */
  page?: { finalUrl: string; status: number; via: 'http' | 'browser'; format: 'html' | 'text'; etag?: string; lastModified?: string };
}

/** Per-document tracking state that survives between runs (snapshots/<doc-id>/state.json). */
export interface DocState {
  consecutiveFailures: number;
  lastFailure?: FailureInfo & { at: string };
  /** When the current run of consecutive failures began. */
  failingSince?: string;
  /** The "tracking failing" notification went out and "tracking resumed" is owed. */
  failingNotified: boolean;
  /**
   * A substantive change seen once, waiting for a second sighting before it counts (run/confirm.ts): the text's hash,
   * when it was seen, and why it waits (any change, or a sudden loss of most of the text, which waits for the next run).
   */
  pendingChange?: PendingChange;
  /** Written by versions before pendingChange: a held drastic shrink. Read as a pendingChange, removed on write. */
  pendingShrink?: { contentHash: string; firstSeenAt: string };
  /** Configured selectors stopped matching and maintainers were told. */
  selectorFallbackNotified: boolean;
  /** No longer written (the run report says when a document was checked); older state files may hold it. */
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

/** What notifiers still owe (snapshots/_records/notifications.json); the queue logic is notify/queue.ts. */
export interface QueueItem {
  event: PipelineEvent;
  /** Roles (channel queue names, not adapters) that still owe this event a delivery. */
  pendingFor: string[];
  attempts: number;
  lastError?: string;
  /** The snapshot commit link was set by the run that pushed this event's snapshot; later runs leave it alone. */
  linksFinal?: boolean;
}

export interface QueueRecord {
  version: 1;
  items: QueueItem[];
}

/** One delivery outcome in the email ledger (snapshots/_records/email-ledger.json). */
export interface LedgerEntry {
  status: 'sent' | 'rejected';
  at: string;
  messageId?: string;
  code?: number;
}

/**
 * What an HTTP channel (webhook, Slack) delivered, by event id (snapshots/_records/deliveries.<channel>.json): such a
 * receiver has no record policywatch could read back, so this is what keeps a re-run from posting twice.
 */
export interface DeliveryRecord {
  version: 1;
  delivered: Record<string, { at: string; status?: number }>;
}

export interface LedgerRecord {
  version: 1;
  /** Keyed hash of a subscriber's address (notify/email/address.ts addressKey) → event id → outcome. */
  entries: Record<string, Record<string, LedgerEntry>>;
}

/** A message handed to the mail server whose answer was not recorded yet: it may or may not have been taken. */
export interface EmailIntent {
  /** The subscriber's key in the ledger. */
  key: string;
  /** The events the message carries, in the order it shows them. */
  eventIds: string[];
  messageId: string;
  /** The Date header it was sent with, so a repeat is the same message to the byte that matters. */
  date: string;
}

/**
 * Email delivery in progress (snapshots/_records/email-journal.json): a small record written just before and just
 * after each message, so the write after the server's acceptance stays small however large the ledger grows. Its
 * outcomes are folded into the ledger every so many messages and at the end of a delivery, then it is removed.
 */
export interface EmailJournalRecord {
  version: 1;
  sending: EmailIntent[];
  outcomes: { key: string; eventIds: string[]; entry: LedgerEntry }[];
}

/**
 * The records layer: typed records over a blob driver (store/driver.ts), built once in records.ts, so every driver
 * validates, compresses and lays out files the same way. Every write is atomic (a crash leaves the previous version
 * or the new one), and a write whose bytes equal what is stored is skipped. A record that fails validation raises
 * a DamagedRecordError naming the file and the fix, and is never overwritten.
 */
export interface SnapshotStore {
  readSnapshot(docId: string): Promise<SnapshotRecord | undefined>;
  /** Records a new version; `rawHtml` is kept (compressed) so the text can be re-extracted when rules change. */
  writeSnapshot(record: SnapshotRecord, rawHtml?: string): Promise<void>;
  readRaw(docId: string): Promise<string | undefined>;
  /**
   * The page (HTML, or a PDF's text) of a change seen once and held for confirmation, kept beside the recorded
   * snapshot until a second sighting decides; state.pendingChange says which change and why it waits.
   */
  writeHeld(docId: string, body: string): Promise<void>;
  readHeld(docId: string): Promise<string | undefined>;
  deleteHeld(docId: string): Promise<void>;
  readState(docId: string): Promise<DocState>;
  writeState(docId: string, state: DocState): Promise<void>;
  listDocuments(): Promise<string[]>;
  /** The notification queue; undefined before the first event. */
  readQueue(): Promise<QueueRecord | undefined>;
  writeQueue(record: QueueRecord): Promise<void>;
  /** A document's claim statuses of its last check; [] before the first. Kept per document, so shards write disjoint records. */
  readClaimStatuses(docId: string): Promise<ClaimStatus[]>;
  writeClaimStatuses(docId: string, statuses: ClaimStatus[]): Promise<void>;
  /** The email delivery ledger; undefined before the first message. */
  readLedger(): Promise<LedgerRecord | undefined>;
  writeLedger(record: LedgerRecord): Promise<void>;
  /** Email delivery in progress; undefined when no delivery was interrupted. */
  readEmailJournal(): Promise<EmailJournalRecord | undefined>;
  /** Writes the journal; undefined removes it (everything in it is in the ledger). */
  writeEmailJournal(record: EmailJournalRecord | undefined): Promise<void>;
  /** An HTTP channel's deliveries (by channel name: lowercase letters, digits, dashes); undefined before its first. */
  readDeliveries(channel: string): Promise<DeliveryRecord | undefined>;
  writeDeliveries(channel: string, record: DeliveryRecord): Promise<void>;
}
