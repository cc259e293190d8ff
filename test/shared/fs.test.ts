import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileIfExists, readFileIfExistsSync, writeFileAtomic, writeFileAtomicSync, writeFileIfChanged } from '../../src/shared/fs.ts';

// The synchronous twins (the snapshot store's) keep the same promises; every case runs against both.
const writers = [
  { name: 'writeFileAtomic', write: writeFileAtomic },
  { name: 'writeFileAtomicSync', write: async (path: string, data: string | Uint8Array) => writeFileAtomicSync(path, data) },
];
const readers = [
  { name: 'readFileIfExists', read: readFileIfExists },
  { name: 'readFileIfExistsSync', read: async (path: string) => readFileIfExistsSync(path) },
];

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pw-fs-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe.each(writers)('$name', ({ write: writeFileAtomic }) => {
  it('makes the folders a first write needs, and writes into an existing folder without them', async () => {
    const path = join(root, 'a/b/c/file.json');
    await writeFileAtomic(path, '{"v":1}');
    expect(await readFile(path, 'utf8')).toBe('{"v":1}');
    await writeFileAtomic(path, new TextEncoder().encode('{"v":2}'));
    expect(await readFile(path, 'utf8')).toBe('{"v":2}');
    expect(await readdir(join(root, 'a/b/c'))).toEqual(['file.json']);
  });

  it('makes the folder again when it was removed between two writes (a long-lived process, a cleaned tree)', async () => {
    const path = join(root, 'docs/one/state.json');
    await writeFileAtomic(path, 'first');
    await rm(join(root, 'docs'), { recursive: true });
    await writeFileAtomic(path, 'second');
    expect(await readFile(path, 'utf8')).toBe('second');
  });

  it('gives writes in flight at once temp files of their own: each lands whole, none is left behind', async () => {
    // Twenty writes of one path started together (the asynchronous writer interleaves them): writes that shared a temp
    // file would rename one another's bytes away, or mix them.
    const path = join(root, 'same.json');
    const payloads = Array.from({ length: 20 }, (_, n) => JSON.stringify({ n, pad: 'x'.repeat(50_000 + n) }));
    await Promise.all(payloads.map((data) => writeFileAtomic(path, data)));
    expect(payloads).toContain(await readFile(path, 'utf8'));
    expect(await readdir(root)).toEqual(['same.json']);
  });

  it('leaves the old file and no temp file behind when the write cannot finish', async () => {
    const path = join(root, 'kept.txt');
    await writeFileAtomic(path, 'old');
    // A folder where a path component must be a file: the write fails with ENOTDIR, not a missing folder.
    await writeFile(join(root, 'blocker'), 'x');
    await expect(writeFileAtomic(join(root, 'blocker/inside.txt'), 'new')).rejects.toMatchObject({ code: 'ENOTDIR' });
    // The target is a folder: the temp file is written, the rename fails, the temp file is removed.
    await mkdir(join(root, 'adir'));
    await expect(writeFileAtomic(join(root, 'adir'), 'new')).rejects.toBeInstanceOf(Error);
    expect((await readdir(root)).sort()).toEqual(['adir', 'blocker', 'kept.txt']);
    expect(await readFile(path, 'utf8')).toBe('old');
  });
});

describe.each(readers)('$name', ({ read }) => {
  it('reads a file, a missing file as undefined, and rethrows other errors', async () => {
    await writeFile(join(root, 'here.txt'), 'here');
    expect((await read(join(root, 'here.txt')))?.toString('utf8')).toBe('here');
    expect(await read(join(root, 'none.txt'))).toBeUndefined();
    expect(await read(join(root, 'nope/none.txt'))).toBeUndefined();
    await expect(read(root)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});

describe('writeFileIfChanged', () => {
  it('writes only bytes that differ', async () => {
    const path = join(root, 'x/y.txt');
    expect(await writeFileIfChanged(path, 'same')).toBe(true);
    expect(await writeFileIfChanged(path, 'same')).toBe(false);
    expect(await writeFileIfChanged(path, Buffer.from('other'))).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('other');
  });
});
