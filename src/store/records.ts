import { Buffer } from 'node:buffer';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import type { z } from 'zod';
import { ClaimStatusSchema } from '../claims/status-schema.ts';
import type { ClaimStatus } from '../claims/types.ts';
import { StoreError } from '../shared/errors.ts';
import type { StoreDriver } from './driver.ts';
import { DamagedRecordError } from './errors.ts';
import { DeliveryRecordSchema, DocStateSchema, EmailJournalSchema, LedgerRecordSchema, QueueRecordSchema, SnapshotMetaSchema } from './schema.ts';
import { emptyDocState, type DeliveryRecord, type EmailJournalRecord, type LedgerRecord, type QueueRecord, type SnapshotMeta, type SnapshotStore } from './types.ts';
import { ZLIB_CHUNK_SIZE } from '../shared/zlib.ts';

/** The layout, unchanged since the first version: existing repositories need no migration. */
const RECORDS_DIR = '_records';
const key = {
  text: (docId: string) => `${docId}/text.md`,
  meta: (docId: string) => `${docId}/meta.json`,
  state: (docId: string) => `${docId}/state.json`,
  raw: (docId: string) => `${docId}/raw.html.gz`,
  held: (docId: string) => `${docId}/held.raw.gz`,
  claims: (docId: string) => `${RECORDS_DIR}/claims.${docId}.json`,
  queue: `${RECORDS_DIR}/notifications.json`,
  ledger: `${RECORDS_DIR}/email-ledger.json`,
  journal: `${RECORDS_DIR}/email-journal.json`,
  deliveries: (channel: string) => `${RECORDS_DIR}/deliveries.${channel}.json`,
};

/**
 * Records that several runs add to (what notifiers owe, what was mailed), as opposed to one run's observation of a
 * page: when two runs' commits meet, these are merged key by key, while every other file a run wrote wins whole.
 */
export const SHARED_RECORD_KEYS: readonly string[] = [key.queue, key.ledger, key.journal, key.deliveries('webhook'), key.deliveries('slack')];

/**
 * How a record is read back. `handBack: 'parsed'` returns zod's output (known fields in schema order, unknown ones
 * after); 'as-read' validates and returns the JSON as it was stored, key order included. Each record keeps what the
 * store before the driver split handed back (meta, state and ledger were parsed; queue and claim statuses were
 * read as they were), so a record read, changed and written again has the same bytes as before. Schemas used
 * 'as-read' must not transform or default anything.
 */
interface RecordKind<T> {
  schema: z.ZodType<T>;
  what: string;
  /** What deleting the file instead of restoring it costs. */
  ifDeleted: string;
  handBack: 'parsed' | 'as-read';
}

const kinds = {
  meta: { schema: SnapshotMetaSchema, what: 'snapshot metadata', ifDeleted: 'Deleting the document folder instead records the page afresh, as a first snapshot.', handBack: 'parsed' },
  state: { schema: DocStateSchema, what: 'tracking state', ifDeleted: 'Deleting it instead restarts failure counts and conditional requests.', handBack: 'parsed' },
  claims: { schema: ClaimStatusSchema.array(), what: 'claim statuses', ifDeleted: 'Deleting it instead gives the claims a fresh baseline, without alerts.', handBack: 'as-read' },
  queue: { schema: QueueRecordSchema, what: 'notification queue', ifDeleted: 'Deleting it instead drops the notifications still owed.', handBack: 'as-read' },
  ledger: { schema: LedgerRecordSchema, what: 'email delivery ledger', ifDeleted: 'Deleting it instead would mail every recorded change to every subscriber again.', handBack: 'parsed' },
  journal: {
    schema: EmailJournalSchema,
    what: 'email delivery journal',
    ifDeleted: 'Deleting it instead would mail again the messages the last interrupted delivery sent, with new Message-IDs.',
    handBack: 'parsed',
  },
  deliveries: { schema: DeliveryRecordSchema, what: 'delivery record', ifDeleted: 'Deleting it instead would post every event still queued again.', handBack: 'parsed' },
} satisfies Record<string, RecordKind<unknown>>;

/** A channel name becomes part of a file name: only what cannot climb out of _records. */
function channelName(channel: string): string {
  if (!/^[a-z0-9][a-z0-9-]*$/.test(channel)) throw new StoreError(`"${channel}" is not a channel name (lowercase letters, digits and dashes)`);
  return channel;
}

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);
/**
 * Raw pages are compressed at zlib's default level 6, on libuv's thread pool rather than the thread that extracts:
 * on policy pages it is as small as level 9 (17.1% of the page against 17.0%) for three quarters of the CPU. Files
 * written at any level (level 9 before) read the same.
 */
const RAW_GZIP_LEVEL = 6;

const encodeJson = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value, null, 2) + '\n', 'utf8');
const view = (data: Uint8Array) => Buffer.from(data.buffer, data.byteOffset, data.byteLength);
const sameBytes = (a: Uint8Array, b: Uint8Array) => view(a).equals(b);

/**
 * Snapshots and records over any blob driver: snapshots/<doc-id>/text.md (readable in a git diff), meta.json,
 * state.json and raw.html.gz (the raw page of the last recorded change, for re-extraction), held.raw.gz (the page of
 * a change that waits for confirmation), and the JSON records in snapshots/_records. History is the git history of the repository that holds the folder.
 */
export interface StoreOptions {
  /**
   * Keep each recorded page's raw HTML (default true). Replay's store holds one document under one set of rules, so
   * nothing there re-extracts: it keeps none and spares compressing every snapshot. Reading one then fails loudly.
   */
  rawPages?: boolean;
}

export function createStore(driver: StoreDriver, options: StoreOptions = {}): SnapshotStore {
  const rawPages = options.rawPages ?? true;
  // Keys that failed validation in this store: never overwritten, until a read finds them repaired.
  const damaged = new Set<string>();

  function keepDamaged(k: string, verb: string): void {
    if (damaged.has(k)) throw new DamagedRecordError(`${driver.locate(k)} is damaged and was not ${verb}; ${restore(k)}`, driver.locate(k));
  }

  /** Skips a write whose bytes equal what is stored: an unchanged file is not rewritten, and git sees no change. */
  async function put(k: string, data: Uint8Array): Promise<void> {
    keepDamaged(k, 'overwritten');
    const current = await driver.get(k);
    if (current !== undefined && sameBytes(current, data)) return;
    await driver.put(k, data);
  }

  /**
   * A page stored gzipped: skipped when the stored file holds the same page, whatever level it was compressed at,
   * so a change of level rewrites nothing. A file that does not decompress is replaced.
   */
  async function putPage(k: string, page: string): Promise<void> {
    keepDamaged(k, 'overwritten');
    const bytes = Buffer.from(page, 'utf8');
    const current = await driver.get(k);
    if (current !== undefined) {
      const stored = await gunzipAsync(current, { chunkSize: ZLIB_CHUNK_SIZE }).catch(() => undefined);
      if (stored?.equals(bytes)) return;
    }
    await driver.put(k, await gzipAsync(bytes, { level: RAW_GZIP_LEVEL, chunkSize: ZLIB_CHUNK_SIZE }));
  }

  async function remove(k: string): Promise<void> {
    keepDamaged(k, 'removed');
    await driver.delete(k);
  }

  function restore(k: string): string {
    return `restore it from git: git checkout -- ${driver.locate(k)}`;
  }

  async function readJson<T>(k: string, kind: RecordKind<T>): Promise<T | undefined> {
    const data = await driver.get(k);
    if (data === undefined) {
      damaged.delete(k); // deleted to start afresh: nothing left to lose
      return undefined;
    }
    const fail = (problem: string, cause: unknown): never => {
      damaged.add(k);
      const where = driver.locate(k);
      throw new DamagedRecordError(`${where} (${kind.what}): ${problem}. It was left as it is; ${restore(k)}. ${kind.ifDeleted}`, where, { cause });
    };
    let json: unknown;
    try {
      json = JSON.parse(view(data).toString('utf8'));
    } catch (cause) {
      return fail(`not valid JSON: ${(cause as Error).message}`, cause);
    }
    const result = kind.schema.safeParse(json);
    if (!result.success) {
      const [first, ...more] = result.error.issues;
      const path = first?.path.map(String).join('.') ?? '';
      const also = more.length > 0 ? ` (and ${more.length} more problem${more.length > 1 ? 's' : ''})` : '';
      return fail(`${path ? `field "${path}"` : 'the record'}: ${first?.message ?? 'invalid'}${also}`, result.error);
    }
    damaged.delete(k);
    return kind.handBack === 'parsed' ? result.data : (json as T);
  }

  const writeJson = (k: string, value: unknown) => put(k, encodeJson(value));

  return {
    async readSnapshot(docId) {
      const meta: SnapshotMeta | undefined = await readJson(key.meta(docId), kinds.meta);
      if (!meta) return undefined;
      const text = await driver.get(key.text(docId));
      if (text === undefined) {
        throw new StoreError(`${driver.locate(key.text(docId))} is missing but meta.json exists; ${restore(key.text(docId))}`);
      }
      return { meta, markdown: view(text).toString('utf8') };
    },

    async writeSnapshot(record, rawHtml) {
      const docId = record.meta.docId;
      // Text and raw first, meta last: meta.json is the commit point a reader trusts.
      await put(key.text(docId), Buffer.from(record.markdown, 'utf8'));
      if (rawHtml !== undefined && rawPages) await putPage(key.raw(docId), rawHtml);
      await writeJson(key.meta(docId), record.meta);
    },

    async readRaw(docId) {
      if (!rawPages) throw new StoreError(`${driver.locate(key.raw(docId))}: this store keeps no raw pages (replay); nothing read from it may re-extract`);
      const data = await driver.get(key.raw(docId));
      if (data === undefined) return undefined;
      try {
        return (await gunzipAsync(data, { chunkSize: ZLIB_CHUNK_SIZE })).toString('utf8');
      } catch (cause) {
        const where = driver.locate(key.raw(docId));
        throw new DamagedRecordError(`${where}: not a gzip file (${(cause as Error).message}); ${restore(key.raw(docId))}`, where, { cause });
      }
    },

    async writeHeld(docId, body) {
      await putPage(key.held(docId), body);
    },

    async readHeld(docId) {
      const data = await driver.get(key.held(docId));
      if (data === undefined) return undefined;
      try {
        return (await gunzipAsync(data, { chunkSize: ZLIB_CHUNK_SIZE })).toString('utf8');
      } catch {
        // A damaged held page only costs splitting a held change from the one after it: the change is still seen.
        return undefined;
      }
    },

    async deleteHeld(docId) {
      await driver.delete(key.held(docId));
    },

    async readState(docId) {
      return (await readJson(key.state(docId), kinds.state)) ?? emptyDocState();
    },

    async writeState(docId, state) {
      await writeJson(key.state(docId), state);
    },

    async listDocuments() {
      const ids = (await driver.list()).map((k) => k.split('/')[0]!).filter((id) => id !== RECORDS_DIR);
      return [...new Set(ids)].sort();
    },

    async readQueue(): Promise<QueueRecord | undefined> {
      return readJson(key.queue, kinds.queue) as Promise<QueueRecord | undefined>;
    },

    async writeQueue(record) {
      await writeJson(key.queue, record);
    },

    async readClaimStatuses(docId): Promise<ClaimStatus[]> {
      return (await readJson(key.claims(docId), kinds.claims)) ?? [];
    },

    async writeClaimStatuses(docId, statuses) {
      await writeJson(key.claims(docId), statuses);
    },

    async readLedger(): Promise<LedgerRecord | undefined> {
      return readJson(key.ledger, kinds.ledger);
    },

    async writeLedger(record) {
      await writeJson(key.ledger, record);
    },

    async readEmailJournal(): Promise<EmailJournalRecord | undefined> {
      return readJson(key.journal, kinds.journal);
    },

    async writeEmailJournal(record) {
      await (record ? writeJson(key.journal, record) : remove(key.journal));
    },

    async readDeliveries(channel): Promise<DeliveryRecord | undefined> {
      return readJson(key.deliveries(channelName(channel)), kinds.deliveries);
    },

    async writeDeliveries(channel, record) {
      await writeJson(key.deliveries(channelName(channel)), record);
    },
  };
}
