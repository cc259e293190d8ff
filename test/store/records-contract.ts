import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { createStore, DamagedRecordError, emptyDocState, type QueueRecord, type SnapshotRecord, type SnapshotStore, type StoreDriver } from '../../src/store/index.ts';
import type { ClaimStatus } from '../../src/claims/types.ts';
import type { DriverFixture } from './driver-contract.ts';

export function snapshotRecord(docId: string, markdown: string, kind: SnapshotRecord['meta']['kind'] = 'first'): SnapshotRecord {
  return {
    markdown,
    meta: {
      docId,
      url: `https://example.com/${docId}`,
      finalUrl: `https://example.com/${docId}`,
      fetchedAt: '2026-11-22T00:00:00.000Z',
      status: 200,
      etag: '"abc"',
      contentHash: `hash-of-${markdown.length}`,
      kind,
      via: 'http',
      toolVersion: '0.0.0',
      rulesVersion: 'r1',
    },
  };
}

const claim = (id: string, extra: Partial<ClaimStatus> = {}): ClaimStatus => ({
  id, docId: 'doc-a', topic: 'retention', quote: `quote ${id}`, checkedAt: '2026-11-22T00:00:00.000Z', status: 'verified', similarity: 1, ...extra,
});

const queueRecord = (): QueueRecord => ({
  version: 1,
  items: [{
    event: { type: 'tracking-resumed', id: 'resumed:doc-a:x', doc: { id: 'doc-a', title: 'A', url: 'https://example.com/a', topics: [] }, at: '2026-11-22T00:00:00.000Z' },
    pendingFor: ['github'],
    attempts: 1,
    lastError: 'github: down',
  }],
});

/** Counts the puts that reach the driver, to see which writes the records layer skipped. */
function countingDriver(inner: StoreDriver): StoreDriver & { puts: string[] } {
  const puts: string[] = [];
  return { ...inner, puts, put: (key, data) => (puts.push(key), inner.put(key, data)) };
}

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value, null, 2) + '\n');
const text = (data: Uint8Array | undefined) => new TextDecoder().decode(data);

/**
 * The records layer contract, run over every driver: the same layout, formatting, compression, validation, error
 * messages and skipped writes whatever holds the blobs.
 */
export function recordsContract(fixture: DriverFixture): void {
  describe(`records over ${fixture.name}`, () => {
    let driver: StoreDriver & { puts: string[] };
    let store: SnapshotStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      const created = await fixture.create();
      driver = countingDriver(created.driver);
      store = createStore(driver);
      cleanup = created.cleanup;
    });
    afterEach(() => cleanup());

    it('returns nothing for an unknown document, an empty state, no claims and no queue or ledger', async () => {
      expect(await store.readSnapshot('nope')).toBeUndefined();
      expect(await store.readRaw('nope')).toBeUndefined();
      expect(await store.readState('nope')).toEqual(emptyDocState());
      expect(await store.readClaimStatuses('nope')).toEqual([]);
      expect(await store.readQueue()).toBeUndefined();
      expect(await store.readLedger()).toBeUndefined();
      expect(await store.listDocuments()).toEqual([]);
    });

    it('round-trips a snapshot with its raw HTML, in the layout and formatting of a snapshots folder', async () => {
      const r = snapshotRecord('doc-a', '# Title\n\nText with ünïcode and “quotes”.\n');
      await store.writeSnapshot(r, '<html><body>raw ü</body></html>');
      expect(await store.readSnapshot('doc-a')).toEqual(r);
      expect(await store.readRaw('doc-a')).toBe('<html><body>raw ü</body></html>');
      expect(await driver.list()).toEqual(['doc-a/meta.json', 'doc-a/raw.html.gz', 'doc-a/text.md']);
      expect(text(await driver.get('doc-a/text.md'))).toBe(r.markdown);
      expect(text(await driver.get('doc-a/meta.json'))).toBe(JSON.stringify(r.meta, null, 2) + '\n');
      // Compression is the records layer's, so every driver holds the same gzip bytes.
      expect(gunzipSync((await driver.get('doc-a/raw.html.gz'))!).toString('utf8')).toBe('<html><body>raw ü</body></html>');
      // Text and raw page first, meta.json (the commit point) last.
      expect(driver.puts).toEqual(['doc-a/text.md', 'doc-a/raw.html.gz', 'doc-a/meta.json']);
    });

    it('keeps the previous raw HTML when a write brings none', async () => {
      await store.writeSnapshot(snapshotRecord('doc-a', 'one'), '<p>one</p>');
      await store.writeSnapshot(snapshotRecord('doc-a', 'two', 'formatting'));
      expect((await store.readSnapshot('doc-a'))?.markdown).toBe('two');
      expect(await store.readRaw('doc-a')).toBe('<p>one</p>');
    });

    it('keeps the page of a held change beside the snapshot, gzipped, until it is deleted', async () => {
      await store.writeSnapshot(snapshotRecord('doc-a', 'one'), '<p>one</p>');
      expect(await store.readHeld('doc-a')).toBeUndefined();
      await store.writeHeld('doc-a', '<p>two ü</p>');
      expect(await store.readHeld('doc-a')).toBe('<p>two ü</p>');
      expect(gunzipSync((await driver.get('doc-a/held.raw.gz'))!).toString('utf8')).toBe('<p>two ü</p>');
      // The recorded snapshot is untouched while a change is held.
      expect(await store.readRaw('doc-a')).toBe('<p>one</p>');
      await store.deleteHeld('doc-a');
      await store.deleteHeld('doc-a');
      expect(await store.readHeld('doc-a')).toBeUndefined();
      expect(await driver.list()).toEqual(['doc-a/meta.json', 'doc-a/raw.html.gz', 'doc-a/text.md']);
    });

    it('does not let callers mutate what is stored', async () => {
      const r = snapshotRecord('doc-a', 'text');
      await store.writeSnapshot(r);
      r.meta.status = 500;
      const read = await store.readSnapshot('doc-a');
      read!.meta.etag = 'changed';
      expect((await store.readSnapshot('doc-a'))?.meta).toMatchObject({ status: 200, etag: '"abc"' });
    });

    it('round-trips state and lists documents, never the records folder', async () => {
      const state = { ...emptyDocState(), consecutiveFailures: 2, lastFailure: { reason: 'timeout' as const, message: 'slow', at: 'x' } };
      await store.writeState('doc-b', state);
      await store.writeSnapshot(snapshotRecord('doc-a', 'x'));
      await store.writeQueue(queueRecord());
      expect(await store.readState('doc-b')).toEqual(state);
      expect(await store.listDocuments()).toEqual(['doc-a', 'doc-b']);
      expect(JSON.parse(text(await driver.get('doc-b/state.json')))).toEqual(state);
    });

    it('round-trips the typed records in snapshots/_records', async () => {
      const statuses = [claim('one'), claim('two', { status: 'reworded', similarity: 0.8, currentWording: 'w', wordDiff: [{ op: 'insert', text: 'w' }] })];
      await store.writeClaimStatuses('doc-a', statuses);
      await store.writeQueue(queueRecord());
      const ledger = { version: 1 as const, entries: { k1: { 'e:1': { status: 'sent' as const, at: '2026-11-22T00:00:00.000Z', messageId: '<m@x>' } } } };
      await store.writeLedger(ledger);
      const deliveries = { version: 1 as const, delivered: { 'e:1': { at: '2026-11-22T00:00:00.000Z', status: 202 } } };
      await store.writeDeliveries('webhook', deliveries);
      expect(await store.readDeliveries('webhook')).toEqual(deliveries);
      expect(await store.readDeliveries('slack')).toBeUndefined();
      await expect(store.writeDeliveries('../escape', deliveries)).rejects.toThrow(/not a channel name/);
      expect(await store.readClaimStatuses('doc-a')).toEqual(statuses);
      expect(await store.readClaimStatuses('doc-b')).toEqual([]);
      expect(await store.readQueue()).toEqual(queueRecord());
      expect(await store.readLedger()).toEqual(ledger);
      expect(await driver.list('_records/')).toEqual(['_records/claims.doc-a.json', '_records/deliveries.webhook.json', '_records/email-ledger.json', '_records/notifications.json']);
      expect(text(await driver.get('_records/notifications.json'))).toBe(JSON.stringify(queueRecord(), null, 2) + '\n');
    });

    it('writes the email journal while a delivery is in flight and removes it when given nothing', async () => {
      expect(await store.readEmailJournal()).toBeUndefined();
      const journal = {
        version: 1 as const,
        sending: [{ key: 'k1', eventIds: ['e:2'], messageId: '<m2@x>', date: '2026-11-22T00:00:00.000Z' }],
        outcomes: [{ key: 'k1', eventIds: ['e:1'], entry: { status: 'sent' as const, at: '2026-11-22T00:00:00.000Z', messageId: '<m1@x>' } }],
      };
      await store.writeEmailJournal(journal);
      expect(await store.readEmailJournal()).toEqual(journal);
      expect(await driver.list('_records/')).toEqual(['_records/email-journal.json']);
      await store.writeEmailJournal(undefined);
      await store.writeEmailJournal(undefined);
      expect(await store.readEmailJournal()).toBeUndefined();
      expect(await driver.list()).toEqual([]);
    });

    it('skips a write whose bytes equal what is stored, and writes the ones that differ', async () => {
      const r = snapshotRecord('doc-a', 'text');
      await store.writeSnapshot(r, '<p>raw</p>');
      await store.writeState('doc-a', emptyDocState());
      await store.writeClaimStatuses('doc-a', [claim('one')]);
      await store.writeQueue(queueRecord());
      driver.puts.length = 0;
      await store.writeSnapshot(structuredClone(r), '<p>raw</p>');
      await store.writeState('doc-a', emptyDocState());
      await store.writeClaimStatuses('doc-a', [claim('one')]);
      await store.writeQueue(queueRecord());
      expect(driver.puts).toEqual([]);
      await store.writeSnapshot({ ...r, meta: { ...r.meta, rulesVersion: 'r2' } }, '<p>raw</p>');
      await store.writeState('doc-a', { ...emptyDocState(), lastCheckedAt: '2026-11-23T00:00:00.000Z' });
      expect(driver.puts).toEqual(['doc-a/meta.json', 'doc-a/state.json']);
    });

    it('passes unknown fields through a read and a write (a newer version\'s additions survive), keeping key order', async () => {
      const state = { consecutiveFailures: 0, failingNotified: false, selectorFallbackNotified: false, addedLater: { x: 1 } };
      await driver.put('doc-a/state.json', json(state));
      const read = await store.readState('doc-a');
      expect(read).toEqual(state);
      await store.writeState('doc-a', read);
      expect(text(await driver.get('doc-a/state.json'))).toBe(text(json(state)));

      // The queue is handed back as stored, so a rewrite keeps its key order byte for byte.
      const queue = { items: [{ attempts: 2, linksFinal: true, pendingFor: ['email'], event: { ...queueRecord().items[0]!.event, extra: 'kept' }, lastError: 'e' }], version: 1 };
      await driver.put('_records/notifications.json', json(queue));
      await store.writeQueue((await store.readQueue())!);
      expect(text(await driver.get('_records/notifications.json'))).toBe(text(json(queue)));
    });

    const damages: { record: string; key: string; read(s: SnapshotStore): Promise<unknown>; write(s: SnapshotStore): Promise<unknown>; invalid: unknown; field: string }[] = [
      { record: 'meta.json', key: 'doc-a/meta.json', read: (s) => s.readSnapshot('doc-a'), write: (s) => s.writeSnapshot(snapshotRecord('doc-a', 'x')), invalid: { ...snapshotRecord('doc-a', 'x').meta, status: 'two hundred' }, field: 'status' },
      { record: 'state.json', key: 'doc-a/state.json', read: (s) => s.readState('doc-a'), write: (s) => s.writeState('doc-a', emptyDocState()), invalid: { ...emptyDocState(), consecutiveFailures: -1 }, field: 'consecutiveFailures' },
      { record: 'claim statuses', key: '_records/claims.doc-a.json', read: (s) => s.readClaimStatuses('doc-a'), write: (s) => s.writeClaimStatuses('doc-a', []), invalid: [claim('one'), { ...claim('two'), status: 'probably' }], field: '1.status' },
      { record: 'queue', key: '_records/notifications.json', read: (s) => s.readQueue(), write: (s) => s.writeQueue({ version: 1, items: [] }), invalid: { version: 1, items: [{ ...queueRecord().items[0], pendingFor: 'github' }] }, field: 'items.0.pendingFor' },
      { record: 'delivery record', key: '_records/deliveries.slack.json', read: (s) => s.readDeliveries('slack'), write: (s) => s.writeDeliveries('slack', { version: 1, delivered: {} }), invalid: { version: 1, delivered: { e: { status: 200 } } }, field: 'delivered.e.at' },
      { record: 'ledger', key: '_records/email-ledger.json', read: (s) => s.readLedger(), write: (s) => s.writeLedger({ version: 1, entries: {} }), invalid: { version: 1, entries: { k: { e: { status: 'sent' } } } }, field: 'entries.k.e.at' },
      { record: 'email journal', key: '_records/email-journal.json', read: (s) => s.readEmailJournal(), write: (s) => s.writeEmailJournal(undefined), invalid: { version: 1, sending: [{ key: 'k', eventIds: ['e'], messageId: '<m@x>' }], outcomes: [] }, field: 'sending.0.date' },
    ];

    for (const damage of damages) {
      it(`refuses a damaged ${damage.record}, names the file, the problem and the fix, and never overwrites it`, async () => {
        for (const bad of [new TextEncoder().encode('{"broken'), json(damage.invalid)]) {
          await driver.put(damage.key, bad);
          const error = await damage.read(store).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(DamagedRecordError);
          const where = driver.locate(damage.key);
          expect((error as DamagedRecordError).location).toBe(where);
          const message = (error as Error).message;
          expect(message.startsWith(`${where} (`)).toBe(true);
          expect(message).toContain(`restore it from git: git checkout -- ${where}`);
          if (bad.length > 10) expect(message).toContain(`field "${damage.field}"`);
          else expect(message).toContain('not valid JSON');
          await expect(damage.write(store)).rejects.toBeInstanceOf(DamagedRecordError);
          expect(await driver.get(damage.key)).toEqual(bad);
        }
        // Once repaired (here: removed), the record reads and writes again.
        await driver.delete(damage.key);
        await damage.read(store);
        await damage.write(store);
      });
    }

    it('names a raw page that is not gzip', async () => {
      await driver.put('doc-a/raw.html.gz', new TextEncoder().encode('<html>'));
      await expect(store.readRaw('doc-a')).rejects.toThrow(/raw\.html\.gz: not a gzip file/);
    });

    it('says when text.md is missing beside its meta.json', async () => {
      await store.writeSnapshot(snapshotRecord('doc-a', 'x'));
      await driver.delete('doc-a/text.md');
      await expect(store.readSnapshot('doc-a')).rejects.toThrow(/text\.md is missing but meta\.json exists; restore it from git/);
    });
  });
}
