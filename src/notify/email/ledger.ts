import type { EmailIntent, EmailJournalRecord, LedgerEntry, LedgerRecord, SnapshotStore } from '../../store/types.ts';

export type { EmailIntent, LedgerEntry } from '../../store/types.ts';

/** Stored in snapshots/_records/email-ledger.json (store/types.ts LedgerRecord). */
const KEEP_DAYS = 400;
/** Outcomes kept in the journal before they are folded into the ledger: bounds the journal's size (and write). */
const FOLD_EVERY = 100;

export interface Ledger {
  get(subscriberKey: string, eventId: string): LedgerEntry | undefined;
  /**
   * Messages an earlier delivery handed to the server without recording the answer: it died (or lost the
   * connection) between sending and recording, so the server may have taken them. Each is sent again as the same
   * message (events, Message-ID, Date), or given up with `settle` when that is no longer right.
   */
  uncertain(): readonly EmailIntent[];
  /** Before the message goes out: recorded (a small write) so a crash after this point is known to be uncertain. */
  begin(intent: EmailIntent): Promise<void>;
  /** The server's answer for every event of one message; a small write, made at once. */
  record(intent: EmailIntent, entry: LedgerEntry): Promise<void>;
  /** Drops an uncertain message that will not be sent again (its subscriber left, or its events are gone). */
  settle(intent: EmailIntent): Promise<void>;
  /** Folds recorded outcomes into the ledger and removes the journal when nothing is in flight. */
  flush(): Promise<void>;
}

const sameMessage = (a: EmailIntent) => (b: EmailIntent) => a.key === b.key && a.messageId === b.messageId;

/**
 * Loads the ledger and any journal an interrupted delivery left. An unreadable ledger or journal is an error, never
 * an empty one: an empty one would send every recorded change to everyone again.
 *
 * Writes are ordered so that a crash anywhere loses nothing: the intent is in the journal before the message goes
 * out, the outcome is in the journal right after the server answers, and the journal is removed only after the
 * ledger holds its outcomes (folding twice is harmless).
 */
export async function openLedger(store: SnapshotStore, now: Date): Promise<Ledger> {
  const data: LedgerRecord = (await store.readLedger()) ?? { version: 1, entries: {} };
  const journal: EmailJournalRecord = (await store.readEmailJournal()) ?? { version: 1, sending: [], outcomes: [] };
  const put = (key: string, eventIds: readonly string[], entry: LedgerEntry) => {
    const events = (data.entries[key] ??= {});
    for (const id of eventIds) events[id] = entry;
  };
  for (const { key, eventIds, entry } of journal.outcomes) put(key, eventIds, entry);
  const cutoff = new Date(now.getTime() - KEEP_DAYS * 86_400_000).toISOString();
  for (const [key, events] of Object.entries(data.entries)) {
    for (const [eventId, entry] of Object.entries(events)) if (entry.at < cutoff) delete events[eventId];
    if (!Object.keys(events).length) delete data.entries[key];
  }
  const uncertain = journal.sending.filter((i) => i.eventIds.some((id) => !data.entries[i.key]?.[id]));
  const writeJournal = () => store.writeEmailJournal(journal.sending.length || journal.outcomes.length ? journal : undefined);

  const ledger: Ledger = {
    get: (key, eventId) => data.entries[key]?.[eventId],
    uncertain: () => uncertain,
    async begin(intent) {
      if (!journal.sending.some(sameMessage(intent))) journal.sending.push(intent);
      await writeJournal();
    },
    async record(intent, entry) {
      put(intent.key, intent.eventIds, entry);
      journal.sending = journal.sending.filter((i) => !sameMessage(intent)(i));
      journal.outcomes.push({ key: intent.key, eventIds: [...intent.eventIds], entry });
      await writeJournal();
      if (journal.outcomes.length >= FOLD_EVERY) await ledger.flush();
    },
    async settle(intent) {
      journal.sending = journal.sending.filter((i) => !sameMessage(intent)(i));
      await writeJournal();
    },
    async flush() {
      // Outcomes an interrupted delivery left in the journal are folded here too.
      if (journal.outcomes.length) {
        await store.writeLedger(data);
        journal.outcomes = [];
      }
      await writeJournal();
    },
  };
  return ledger;
}
