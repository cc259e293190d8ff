import { readdir, rm } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { StoreError } from '../shared/errors.ts';
import { readFileIfExistsSync, writeFileAtomicSync } from '../shared/fs.ts';
import { assertValidKey, isValidKey, type StoreDriver } from './driver.ts';

/**
 * Blobs as plain files under `root`, made to be committed: the key is the path. Writes go through a temp file in
 * the same folder and a rename (shared/fs.ts writeFileAtomicSync). I/O errors are wrapped here, once, as transient
 * StoreErrors naming the file.
 *
 * Reads and writes are synchronous calls behind the asynchronous port: records are small local files, and a run
 * reads or writes several per page while its one thread is busy extracting. Through the thread pool each cost that
 * thread more than the call itself: on 40 corpus pages, a first record's median 1.62 → 1.53 s over 12 interleaved
 * runs on 2 cores (docs/benchmarks.md). Listing and deleting, rare, stay asynchronous.
 */
export function createFsDriver(root: string): StoreDriver {
  const pathOf = (key: string) => {
    assertValidKey(key);
    return join(root, ...key.split('/'));
  };
  const shown = (path: string) => relative(process.cwd(), path) || path;
  const ioError = (verb: string, path: string) => (cause: unknown): never => {
    throw new StoreError(`cannot ${verb} ${shown(path)}: ${(cause as Error).message}`, { cause, transient: true });
  };

  async function walk(dir: string, prefix: string, out: string[]): Promise<void> {
    const entries = await readdir(dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return [];
      return ioError('list', dir)(error);
    });
    for (const entry of entries) {
      // Temp files of a write in progress, .git and other dotfiles are not keys.
      if (!isValidKey(entry.name)) continue;
      const key = prefix + entry.name;
      if (entry.isDirectory()) await walk(join(dir, entry.name), `${key}/`, out);
      else if (entry.isFile()) out.push(key);
    }
  }

  return {
    async get(key) {
      const path = pathOf(key);
      let data: Buffer | undefined;
      try {
        data = readFileIfExistsSync(path);
      } catch (error) {
        ioError('read', path)(error);
      }
      return data && new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    },
    async put(key, data) {
      const path = pathOf(key);
      try {
        writeFileAtomicSync(path, data);
      } catch (error) {
        ioError('write', path)(error);
      }
    },
    async list(prefix = '') {
      // Walk only the folder the prefix names, not the whole tree.
      const folder = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/')) : '';
      const keys: string[] = [];
      await walk(folder ? pathOf(folder) : root, folder ? `${folder}/` : '', keys);
      return keys.filter((key) => key.startsWith(prefix)).sort();
    },
    async delete(key) {
      const path = pathOf(key);
      await rm(path, { force: true }).catch(ioError('delete', path));
    },
    locate: (key) => shown(pathOf(key)),
  };
}
