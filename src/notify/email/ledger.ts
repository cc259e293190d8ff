import { z } from 'zod';
import type { SnapshotStore } from '../../store/types.ts';
import { NotifyError } from '../../shared/errors.ts';

/** The record name beside the snapshots. Keys are keyed hashes of addresses (see address.ts addressKey). */
export const LEDGER_RECORD = 'email-ledger';
const KEEP_DAYS = 400;

const EntrySchema = z.object({
  status: z.enum(['sent', 'rejected']),
  at: z.string(),
  messageId: z.string().optional(),
  code: z.number().optional(),
});
export type LedgerEntry = z.infer<typeof EntrySchema>;

const LedgerSchema = z.object({
  version: z.literal(1),
  entries: z.record(z.string(), z.record(z.string(), EntrySchema)),
});
type LedgerData = z.infer<typeof LedgerSchema>;

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
  const raw = await store.readRecord(LEDGER_RECORD);
  let data: LedgerData = { version: 1, entries: {} };
  if (raw !== undefined && raw !== null) {
    const parsed = LedgerSchema.safeParse(raw);
    if (!parsed.success) throw new NotifyError('the email delivery ledger is unreadable; nothing was sent', 'email', { cause: parsed.error });
    data = parsed.data;
  }
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
      await store.writeRecord(LEDGER_RECORD, data);
    },
  };
}
