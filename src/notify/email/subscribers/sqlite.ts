import { randomBytes } from 'node:crypto';
import type { Db } from '../../../store/database.ts';
import { SubscribersError } from '../errors.ts';
import type { SubscriberKey, SubscriberRepository } from './port.ts';
import { SubscriberBookSchema, SubscriberSchema } from './schema.ts';
import type { Subscriber, SubscriberBook } from './schema.ts';

const SECRET_KEY = 'subscribers.secret';

/**
 * Subscribers in the SQLite database (what `serve` uses): one row per subscriber, the address and state in indexed
 * columns, the whole record as JSON validated on every read. Edits of one subscriber are one IMMEDIATE transaction,
 * so two processes (serve and a `check` beside it) never lose each other's writes.
 */
export function createSqliteSubscriberRepository(db: Db): SubscriberRepository {
  const parse = (record: string, id: string): Subscriber => {
    const parsed = SubscriberSchema.safeParse(JSON.parse(record));
    if (!parsed.success) {
      throw new SubscribersError(`the database's subscriber record ${id} is damaged (${parsed.error.issues[0]?.path.join('.')}); it was left untouched`, 'corrupt');
    }
    return parsed.data;
  };
  const statements = {
    secret: db.prepare('SELECT value FROM meta WHERE key = ?'),
    setSecret: db.prepare('INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)'),
    all: db.prepare('SELECT id, record FROM subscribers ORDER BY rowid'),
    byId: db.prepare('SELECT id, record FROM subscribers WHERE id = ?'),
    byAddress: db.prepare('SELECT id, record FROM subscribers WHERE address = ?'),
    upsert: db.prepare(
      'INSERT INTO subscribers (id, address, state, record) VALUES (@id, @address, @state, @record) ON CONFLICT (id) DO UPDATE SET address = excluded.address, state = excluded.state, record = excluded.record',
    ),
    remove: db.prepare('DELETE FROM subscribers WHERE id = ?'),
  };
  type Row = { id: string; record: string };

  const secret = (): string => {
    const found = statements.secret.get(SECRET_KEY) as { value: string } | undefined;
    if (found) return found.value;
    // Created once, on first use; INSERT OR IGNORE keeps the first of two racing processes.
    statements.setSecret.run(SECRET_KEY, randomBytes(32).toString('base64'));
    return (statements.secret.get(SECRET_KEY) as { value: string }).value;
  };
  const readAll = (): SubscriberBook => ({
    version: 1,
    secret: secret(),
    subscribers: (statements.all.all() as Row[]).map((row) => parse(row.record, row.id)),
  });
  const findRow = (key: SubscriberKey) => ('id' in key ? statements.byId.get(key.id) : statements.byAddress.get(key.address)) as Row | undefined;
  const write = (s: Subscriber) => statements.upsert.run({ id: s.id, address: s.address, state: s.state, record: JSON.stringify(SubscriberSchema.parse(s)) });

  return {
    load: async () => db.transaction(readAll).immediate(),
    async update(change) {
      return db.transaction(() => {
        const book = readAll();
        const before = new Map(book.subscribers.map((s) => [s.id, JSON.stringify(s)]));
        const result = change(book);
        const after = SubscriberBookSchema.parse(book);
        const addresses = new Set<string>();
        for (const s of after.subscribers) {
          if (addresses.has(s.address)) throw new SubscribersError('two subscriber records have the same address; nothing was changed', 'corrupt');
          addresses.add(s.address);
          if (before.get(s.id) !== JSON.stringify(s)) write(s);
          before.delete(s.id);
        }
        for (const id of before.keys()) statements.remove.run(id);
        return result;
      }).immediate();
    },
    async find(key) {
      const row = findRow(key);
      return row ? parse(row.record, row.id) : undefined;
    },
    async edit(key, change) {
      return db.transaction(() => {
        const row = findRow(key);
        const { next, result } = change(row ? parse(row.record, row.id) : undefined);
        if (next) write(next);
        return result;
      }).immediate();
    },
  };
}
