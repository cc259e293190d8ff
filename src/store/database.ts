import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type Database from 'better-sqlite3';
import { StoreError } from '../shared/errors.ts';
import { DamagedRecordError } from './errors.ts';

export type Db = Database.Database;

/**
 * The database's schema, one step per version. A step never changes once released: a new need is a new step, so a
 * database of any age is brought up to date by running the steps it has not seen, in order, in one transaction each.
 */
export const MIGRATIONS: readonly { version: number; what: string; sql: string }[] = [
  {
    version: 1,
    what: 'subscribers, alerts, key-value records',
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE subscribers (
        id TEXT PRIMARY KEY,
        address TEXT NOT NULL UNIQUE,
        state TEXT NOT NULL,
        record TEXT NOT NULL
      );
      CREATE INDEX subscribers_state ON subscribers (state);
      CREATE TABLE alerts (
        id TEXT PRIMARY KEY,
        doc_id TEXT NOT NULL,
        at TEXT NOT NULL,
        event TEXT NOT NULL,
        received_at TEXT NOT NULL,
        delivered_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT,
        last_error TEXT
      );
      CREATE INDEX alerts_at ON alerts (at);
      CREATE INDEX alerts_undelivered ON alerts (delivered_at) WHERE delivered_at IS NULL;
      CREATE TABLE records (key TEXT PRIMARY KEY, value TEXT NOT NULL, updated_at TEXT NOT NULL);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;

/**
 * Opens (creating when absent) the SQLite database and migrates it. WAL lets a `check` in another process read
 * and write while `serve` answers; a busy timeout waits for the other writer instead of failing.
 */
export function openDatabase(path: string, options: { readonly?: boolean } = {}): Db {
  let db: Db;
  try {
    // The native module loads when a database is opened, not with every command that could open one.
    const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
    if (path !== ':memory:' && !options.readonly) mkdirSync(dirname(path), { recursive: true });
    db = new Sqlite(path, { fileMustExist: Boolean(options.readonly), readonly: Boolean(options.readonly) });
  } catch (error) {
    throw new StoreError(`could not open the database ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db, path);
    }
    return db;
  } catch (error) {
    db.close();
    // Classified by SQLite's result code: a file that is not a database, or one whose pages are damaged.
    const code = (error as { code?: unknown }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new DamagedRecordError(
        `${path} is damaged: ${code === 'SQLITE_NOTADB' ? 'it is not an SQLite database' : 'SQLite reports damaged pages'}. It was left as it is; ` +
          'restore it from your backup (or, for damaged pages, try `sqlite3 FILE ".recover"` into a new file)',
        path,
        { cause: error },
      );
    }
    throw error;
  }
}

export function migrate(db: Db, shownAs = 'the database'): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new DamagedRecordError(
      `${shownAs} has schema version ${current}, newer than this policywatch knows (${SCHEMA_VERSION}); upgrade policywatch, or restore a backup made by this version`,
      shownAs,
    );
  }
  for (const step of MIGRATIONS.filter((m) => m.version > current)) {
    db.transaction(() => {
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
    }).immediate();
  }
  return db.pragma('user_version', { simple: true }) as number;
}

/** A JSON record by key (the status a workflow pushed): last write wins. */
export function readRecord(db: Db, key: string): { value: unknown; updatedAt: string } | undefined {
  const row = db.prepare('SELECT value, updated_at AS updatedAt FROM records WHERE key = ?').get(key) as { value: string; updatedAt: string } | undefined;
  return row ? { value: JSON.parse(row.value) as unknown, updatedAt: row.updatedAt } : undefined;
}

export function writeRecord(db: Db, key: string, value: unknown, now: Date): void {
  db.prepare('INSERT INTO records (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at').run(
    key,
    JSON.stringify(value),
    now.toISOString(),
  );
}
