import type { LedgerEntry, LedgerRecord, SnapshotStore } from '../../store/types.ts';

export type { LedgerEntry } from '../../store/types.ts';

/** Stored in snapshots/_records/email-ledger.json (store/types.ts LedgerRecord). */
const KEEP_DAYS = 400;

export interface Ledger {
  get(subscriberKey: string, eventId: string): LedgerEntry | undefined;
  /** Records the outcome for every event of one message, and persists at once (one atomic write). */
  record(subscriberKey: string, eventIds: readonly string[], entry: LedgerEntry): Promise<void>;
}

/**
 * Loads the ledger. An unreadable ledger is an error, never an empty ledger: an empty one would send every
 * recorded change to everyone again.
 */
export async function openLedger(store: SnapshotStore, now: Date): Promise<Ledger> {
  const data: LedgerRecord = (await store.readLedger()) ?? { version: 1, entries: {} };
  const cutoff = new Date(now.getTime() - KEEP_DAYS * 86_400_000).toISOString();
  for (const [key, events] of Object.entries(data.entries)) {
    for (const [eventId, entry] of Object.entries(events)) if (entry.at < cutoff) delete events[eventId];
    if (!Object.keys(events).length) delete data.entries[key];
  }
  return {
    get: (key, eventId) => data.entries[key]?.[eventId],
    async record(key, eventIds, entry) {
      const events = (data.entries[key] ??= {});
      for (const id of eventIds) events[id] = entry;
      await store.writeLedger(data);
    },
  };
}
