import { describe, expect, it, beforeEach, afterEach } from 'vitest';
import { rm, writeFile, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createFsStore, createMemoryStore, emptyDocState, type SnapshotRecord, type SnapshotStore } from '../../src/store/index.ts';
import { StoreError } from '../../src/shared/errors.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { createFsDriver } from '../../src/store/fs-driver.ts';
import { createMemoryDriver } from '../../src/store/memory-driver.ts';
import { driverContract } from './driver-contract.ts';

function record(docId: string, markdown: string, kind: SnapshotRecord['meta']['kind'] = 'first'): SnapshotRecord {
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

interface Adapter {
  name: string;
  create(): Promise<{ store: SnapshotStore; cleanup(): Promise<void> }>;
}

const adapters: Adapter[] = [
  { name: 'memory', create: async () => ({ store: createMemoryStore(), cleanup: async () => {} }) },
  {
    name: 'filesystem',
    create: async () => {
      const dir = await makeTempDir();
      return { store: createFsStore(join(dir, 'snapshots')), cleanup: () => rm(dir, { recursive: true, force: true }) };
    },
  },
];

// One suite, every adapter: the port's behaviour is the contract, not any one implementation.
describe.each(adapters)('SnapshotStore contract: $name', (adapter) => {
  let store: SnapshotStore;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, cleanup } = await adapter.create()));
  afterEach(() => cleanup());

  it('returns nothing for an unknown document, and an empty state', async () => {
    expect(await store.readSnapshot('nope')).toBeUndefined();
    expect(await store.readRaw('nope')).toBeUndefined();
    expect(await store.readState('nope')).toEqual(emptyDocState());
    expect(await store.listDocuments()).toEqual([]);
  });

  it('round-trips a snapshot with its raw HTML', async () => {
    const r = record('doc-a', '# Title\n\nText with ünïcode and “quotes”.\n');
    await store.writeSnapshot(r, '<html><body>raw ü</body></html>');
    expect(await store.readSnapshot('doc-a')).toEqual(r);
    expect(await store.readRaw('doc-a')).toBe('<html><body>raw ü</body></html>');
  });

  it('keeps the previous raw HTML when a write brings none', async () => {
    await store.writeSnapshot(record('doc-a', 'one'), '<p>one</p>');
    await store.writeSnapshot(record('doc-a', 'two', 'formatting'));
    expect((await store.readSnapshot('doc-a'))?.markdown).toBe('two');
    expect(await store.readRaw('doc-a')).toBe('<p>one</p>');
  });

  it('does not let callers mutate what is stored', async () => {
    const r = record('doc-a', 'text');
    await store.writeSnapshot(r);
    r.meta.status = 500;
    const read = await store.readSnapshot('doc-a');
    read!.meta.etag = 'changed';
    expect((await store.readSnapshot('doc-a'))?.meta).toMatchObject({ status: 200, etag: '"abc"' });
  });

  it('round-trips state and lists documents', async () => {
    const state = { ...emptyDocState(), consecutiveFailures: 2, lastFailure: { reason: 'timeout' as const, message: 'slow', at: 'x' } };
    await store.writeState('doc-b', state);
    await store.writeSnapshot(record('doc-a', 'x'));
    expect(await store.readState('doc-b')).toEqual(state);
    expect(await store.listDocuments()).toEqual(['doc-a', 'doc-b']);
  });

  it('round-trips named records', async () => {
    expect(await store.readRecord('queue')).toBeUndefined();
    await store.writeRecord('queue', { items: [1, 'two', { three: 3 }] });
    expect(await store.readRecord('queue')).toEqual({ items: [1, 'two', { three: 3 }] });
  });
});

describe('filesystem store specifics', () => {
  let dir: string;
  beforeEach(async () => (dir = await makeTempDir()));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('refuses a corrupted meta.json with a message naming the file and the fix, and leaves it untouched', async () => {
    const store = createFsStore(join(dir, 'snapshots'));
    await store.writeSnapshot(record('doc-a', 'text'));
    const metaPath = join(dir, 'snapshots', 'doc-a', 'meta.json');
    await writeFile(metaPath, '{"docId": "doc-a", "broken');
    const error = await store.readSnapshot('doc-a').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as Error).message).toMatch(/doc-a[/\\]meta\.json.*restore it from git/);
    expect(await readFile(metaPath, 'utf8')).toBe('{"docId": "doc-a", "broken');
  });

  it('names the bad field of a meta.json that parses but does not validate', async () => {
    const store = createFsStore(join(dir, 'snapshots'));
    await store.writeSnapshot(record('doc-a', 'text'));
    const metaPath = join(dir, 'snapshots', 'doc-a', 'meta.json');
    const meta = JSON.parse(await readFile(metaPath, 'utf8'));
    meta.status = 'two hundred';
    await writeFile(metaPath, JSON.stringify(meta));
    await expect(store.readSnapshot('doc-a')).rejects.toThrow(/field "status"/);
  });

  it('leaves no temp files behind and writes readable text.md', async () => {
    const store = createFsStore(join(dir, 'snapshots'));
    await store.writeSnapshot(record('doc-a', '# Heading\n'), '<h1>Heading</h1>');
    expect((await readdir(join(dir, 'snapshots', 'doc-a'))).sort()).toEqual(['meta.json', 'raw.html.gz', 'text.md']);
    expect(await readFile(join(dir, 'snapshots', 'doc-a', 'text.md'), 'utf8')).toBe('# Heading\n');
  });

  it('rejects record names that could escape the records folder', async () => {
    const store = createFsStore(join(dir, 'snapshots'));
    await expect(store.writeRecord('../evil', {})).rejects.toBeInstanceOf(StoreError);
  });
});

driverContract({ name: 'memory', create: async () => ({ driver: createMemoryDriver(), cleanup: async () => {} }) });
driverContract({
  name: 'filesystem',
  create: async () => {
    const dir = await makeTempDir();
    return { driver: createFsDriver(join(dir, 'snapshots')), cleanup: () => rm(dir, { recursive: true, force: true }) };
  },
});
