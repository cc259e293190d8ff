import { describe, expect, it } from 'vitest';
import { cp, readFile, readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { createFsStore } from '../../src/store/index.ts';
import { withTempDir } from '../support/temp-dir.ts';
import { writeV1Scenario } from './v1-scenario.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/store-v1/snapshots', import.meta.url));

async function tree(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(root, path), await readFile(path));
  }
  return files;
}

const jsonOf = async (path: string) => JSON.parse(await readFile(join(FIXTURE, path), 'utf8'));

describe('a snapshots folder written by the store before the driver split', () => {
  it('reads back unchanged, and reading writes nothing', async () => {
    await withTempDir(async (dir) => {
      const root = join(dir, 'snapshots');
      await cp(FIXTURE, root, { recursive: true });
      const store = createFsStore(root);
      expect(await store.listDocuments()).toEqual(['cookies', 'retention', 'terms']);
      for (const docId of ['retention', 'terms']) {
        const snapshot = await store.readSnapshot(docId);
        expect(snapshot?.meta).toEqual(await jsonOf(`${docId}/meta.json`));
        expect(snapshot?.markdown).toBe(await readFile(join(FIXTURE, docId, 'text.md'), 'utf8'));
        expect(await store.readRaw(docId)).toBe(gunzipSync(await readFile(join(FIXTURE, docId, 'raw.html.gz'))).toString('utf8'));
      }
      for (const docId of ['retention', 'terms', 'cookies']) expect(await store.readState(docId)).toEqual(await jsonOf(`${docId}/state.json`));
      // Records handed back as stored keep their key order too.
      expect(JSON.stringify(await store.readClaimStatuses('retention'))).toBe(JSON.stringify(await jsonOf('_records/claims.retention.json')));
      expect(JSON.stringify(await store.readQueue())).toBe(JSON.stringify(await jsonOf('_records/notifications.json')));
      expect(await store.readLedger()).toEqual(await jsonOf('_records/email-ledger.json'));
      expect(await tree(root)).toEqual(await tree(FIXTURE));
    });
  });

  it('is written again byte for byte by the same operations (raw pages: the same page): a run leaves the same git diff as before', async () => {
    await withTempDir(async (dir) => {
      const root = join(dir, 'snapshots');
      await writeV1Scenario(root);
      const [written, recorded] = [await tree(root), await tree(FIXTURE)];
      expect([...written.keys()].sort()).toEqual([...recorded.keys()].sort());
      // Raw pages are now compressed at level 6 (the fixture's at 9): a new page's bytes differ, its content does not.
      const shown = (path: string, data?: Buffer) => data && (path.endsWith('.gz') ? gunzipSync(data).toString('utf8') : data.toString('utf8'));
      for (const [path, bytes] of recorded) expect(shown(path, written.get(path)), path).toBe(shown(path, bytes));
      await rm(root, { recursive: true });
    });
  });

  it('keeps a raw page written at another gzip level when the same page is recorded again', async () => {
    await withTempDir(async (dir) => {
      const root = join(dir, 'snapshots');
      await cp(FIXTURE, root, { recursive: true });
      const store = createFsStore(root);
      const record = (await store.readSnapshot('terms'))!;
      const raw = (await store.readRaw('terms'))!;
      await store.writeSnapshot(record, raw);
      expect(await tree(root)).toEqual(await tree(FIXTURE));
      // A different page is written, and reads back.
      await store.writeSnapshot(record, `${raw}<p>changed</p>`);
      expect(await store.readRaw('terms')).toBe(`${raw}<p>changed</p>`);
      expect((await tree(root)).get('terms/raw.html.gz')).not.toEqual((await tree(FIXTURE)).get('terms/raw.html.gz'));
    });
  });
});
