import type { Db } from '../store/database.ts';
import { PipelineEventSchema } from '../notify/event-schema.ts';
import { isMailEvent } from '../notify/email/view.ts';
import type { MailEvent } from '../notify/email/view.ts';
import { eventTopics } from '../notify/email/match.ts';
import { StoreError } from '../shared/errors.ts';

export interface StoredAlert {
  event: MailEvent;
  receivedAt: string;
}

/** How long a failed delivery waits before the next try: 1, 2, 4 … minutes, at most an hour. */
export const retryDelayMs = (attempts: number) => Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;

/**
 * Every alert serve accepted, in its database: the inbox of the delivery worker (undelivered ones) and the source
 * of the Atom feeds (all of them). Accepting is idempotent by event id, so a workflow that retries a hand-off, or a
 * check that crashed and runs again, never makes a second alert.
 */
export function createAlertLog(db: Db) {
  const statements = {
    insert: db.prepare('INSERT OR IGNORE INTO alerts (id, doc_id, at, event, received_at) VALUES (?, ?, ?, ?, ?)'),
    due: db.prepare('SELECT event, received_at AS receivedAt FROM alerts WHERE delivered_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= ?) ORDER BY at, id'),
    undelivered: db.prepare('SELECT COUNT(*) AS n FROM alerts WHERE delivered_at IS NULL'),
    delivered: db.prepare('UPDATE alerts SET delivered_at = ?, last_error = NULL, next_attempt_at = NULL WHERE id = ?'),
    failed: db.prepare('UPDATE alerts SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ? RETURNING attempts'),
    recent: db.prepare('SELECT event, received_at AS receivedAt FROM alerts ORDER BY at DESC, id DESC LIMIT ?'),
    recentForDoc: db.prepare('SELECT event, received_at AS receivedAt FROM alerts WHERE doc_id = ? ORDER BY at DESC, id DESC LIMIT ?'),
    latestPerDoc: db.prepare('SELECT doc_id AS docId, event FROM alerts a WHERE at = (SELECT MAX(at) FROM alerts b WHERE b.doc_id = a.doc_id)'),
  };
  type Row = { event: string; receivedAt: string };
  const parse = (row: Row): StoredAlert => {
    const parsed = PipelineEventSchema.safeParse(JSON.parse(row.event));
    if (!parsed.success || !isMailEvent(parsed.data as MailEvent)) throw new StoreError('an alert in the database is damaged; restore the database from a backup');
    return { event: parsed.data as MailEvent, receivedAt: row.receivedAt };
  };

  return {
    /** Stores the alerts not seen before; returns the ids now held (all of them: known ones count as accepted). */
    accept(events: readonly MailEvent[], now: Date): string[] {
      const at = now.toISOString();
      db.transaction(() => {
        for (const e of events) statements.insert.run(e.id, e.doc.id, e.at, JSON.stringify(e), at);
      }).immediate();
      return events.map((e) => e.id);
    },
    due(now: Date): MailEvent[] {
      return (statements.due.all(now.toISOString()) as Row[]).map((row) => parse(row).event);
    },
    undeliveredCount(): number {
      return (statements.undelivered.get() as { n: number }).n;
    },
    markDelivered(ids: readonly string[], now: Date): void {
      db.transaction(() => {
        for (const id of ids) statements.delivered.run(now.toISOString(), id);
      }).immediate();
    },
    markFailed(id: string, error: string, now: Date): void {
      db.transaction(() => {
        const row = statements.failed.get(error.slice(0, 300), null, id) as { attempts: number } | undefined;
        if (row) db.prepare('UPDATE alerts SET next_attempt_at = ? WHERE id = ?').run(new Date(now.getTime() + retryDelayMs(row.attempts)).toISOString(), id);
      }).immediate();
    },
    /** The newest alerts, newest first; for a topic, those about it (eventTopics: what a follower of it is sent). */
    recent(filter: { docId?: string; topic?: string; limit: number }): StoredAlert[] {
      if (filter.docId) return (statements.recentForDoc.all(filter.docId, filter.limit) as Row[]).map(parse);
      if (!filter.topic) return (statements.recent.all(filter.limit) as Row[]).map(parse);
      const out: StoredAlert[] = [];
      // Topics live inside the event: scan newest first in pages until enough match.
      for (let offset = 0; out.length < filter.limit; offset += 500) {
        const rows = db.prepare('SELECT event, received_at AS receivedAt FROM alerts ORDER BY at DESC, id DESC LIMIT 500 OFFSET ?').all(offset) as Row[];
        for (const row of rows) {
          const alert = parse(row);
          if ((eventTopics(alert.event) as string[]).includes(filter.topic) && out.length < filter.limit) out.push(alert);
        }
        if (rows.length < 500) break;
      }
      return out;
    },
    /** The latest alert of each document (its last change a reader heard about). */
    latestPerDocument(): Map<string, MailEvent> {
      const rows = statements.latestPerDoc.all() as { docId: string; event: string }[];
      return new Map(rows.map((r) => [r.docId, parse({ event: r.event, receivedAt: '' }).event]));
    },
  };
}
export type AlertLog = ReturnType<typeof createAlertLog>;
