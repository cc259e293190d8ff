import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileIfExists, writeFileAtomic, writeFileIfChanged } from '../../src/shared/fs.ts';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'pw-fs-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
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

describe('readFileIfExists and writeFileIfChanged', () => {
  it('reads a missing file as undefined, and rethrows other errors', async () => {
    expect(await readFileIfExists(join(root, 'nope/none.txt'))).toBeUndefined();
    await expect(readFileIfExists(root)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('writes only bytes that differ', async () => {
    const path = join(root, 'x/y.txt');
    expect(await writeFileIfChanged(path, 'same')).toBe(true);
    expect(await writeFileIfChanged(path, 'same')).toBe(false);
    expect(await writeFileIfChanged(path, Buffer.from('other'))).toBe(true);
    expect(await readFile(path, 'utf8')).toBe('other');
  });
});
