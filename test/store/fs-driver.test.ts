import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFsDriver, createFsStore, emptyDocState } from '../../src/store/index.ts';
import { StoreError } from '../../src/shared/errors.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { snapshotRecord } from './records-contract.ts';

describe('filesystem driver specifics', () => {
  let dir: string;
  let root: string;
  beforeEach(async () => {
    dir = await makeTempDir();
    root = join(dir, 'snapshots');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('a key is a path under the root, and a write leaves no temp file behind', async () => {
    const driver = createFsDriver(root);
    await driver.put('doc-a/text.md', new TextEncoder().encode('# Heading\n'));
    expect(await readFile(join(root, 'doc-a', 'text.md'), 'utf8')).toBe('# Heading\n');
    expect(await readdir(join(root, 'doc-a'))).toEqual(['text.md']);
  });

  it('lists neither the temp files of a write in progress nor dotfiles', async () => {
    const driver = createFsDriver(root);
    await driver.put('doc-a/meta.json', new TextEncoder().encode('{}'));
    await writeFile(join(root, 'doc-a', '.meta.json.123.9f2c41aa.7.tmp'), 'half');
    await mkdir(join(root, '.git'), { recursive: true });
    await writeFile(join(root, '.git', 'HEAD'), 'ref');
    expect(await driver.list()).toEqual(['doc-a/meta.json']);
  });

  it('wraps an I/O failure once, as a transient StoreError naming the file, and leaves no temp file', async () => {
    const driver = createFsDriver(root);
    await mkdir(join(root, 'doc-a', 'text.md'), { recursive: true }); // a folder where the file should go
    const error = await driver.put('doc-a/text.md', new TextEncoder().encode('x')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).transient).toBe(true);
    expect((error as Error).message).toMatch(/cannot write .*doc-a[/\\]text\.md/);
    expect(await readdir(join(root, 'doc-a'))).toEqual(['text.md']);
  });

  it('leaves an unchanged file untouched: same inode, same modification time', async () => {
    const store = createFsStore(root);
    const record = snapshotRecord('doc-a', 'text');
    await store.writeSnapshot(record, '<p>raw</p>');
    await store.writeState('doc-a', emptyDocState());
    const files = ['text.md', 'meta.json', 'raw.html.gz', 'state.json'].map((f) => join(root, 'doc-a', f));
    const before = await Promise.all(files.map((f) => stat(f, { bigint: true })));
    await store.writeSnapshot(structuredClone(record), '<p>raw</p>');
    await store.writeState('doc-a', emptyDocState());
    const after = await Promise.all(files.map((f) => stat(f, { bigint: true })));
    expect(after.map((s) => [s.ino, s.mtimeNs])).toEqual(before.map((s) => [s.ino, s.mtimeNs]));
  });
});
