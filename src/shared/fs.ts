import { mkdir, rename, writeFile, rm, readFile } from 'node:fs/promises';
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';
/**
 * A temp name no other write can hold at the same time: random bytes drawn once per copy of this module (once per
 * process, and once per worker thread, which loads its own copy; two containers that share a volume may both run as
 * pid 1), then a count. Not fresh random bytes per write: they cost 5–10 µs of the calling thread in a loop and
 * ~50 µs amid a run's other work (162 ms of a 1,000-document first run's profile, for ~3,000 writes).
 */
let processTag: string | undefined;
let temps = 0;
const tempBeside = (path: string) => {
  processTag ??= `${process.pid}.${randomBytes(4).toString('hex')}`;
  return join(dirname(path), `.${basename(path)}.${processTag}.${(temps += 1)}.tmp`);
};

/**
 * Writes through a temp file in the same folder, then renames: readers see the old file or the new one,
 * never half of one, even when the process dies mid-write. The folder is made only when the write finds it missing:
 * it almost always exists, and a run writes thousands of files.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const folder = dirname(path);
  const temp = tempBeside(path);
  try {
    await writeFile(temp, data).catch(async (error: unknown) => {
      if (!missing(error)) throw error;
      await mkdir(folder, { recursive: true });
      await writeFile(temp, data);
    });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * writeFileAtomic with synchronous calls, the same guarantees. For many small local files written by a busy thread
 * (the snapshot store): each asynchronous call is a round trip through libuv's thread pool (a FileHandle, promise
 * hops, and a pool thread woken that competes with the busy thread on a machine of few cores), which costs the calling
 * thread more than the system call itself.
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array): void {
  const temp = tempBeside(path);
  try {
    try {
      writeFileSync(temp, data);
    } catch (error) {
      if (!missing(error)) throw error;
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(temp, data);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Writes atomically unless the file already holds these bytes: an unchanged file keeps its mtime, and a run that
 * changed nothing leaves nothing for git (or a sync tool) to pick up. Returns whether it wrote.
 */
export async function writeFileIfChanged(path: string, data: string | Uint8Array): Promise<boolean> {
  const current = await readFileIfExists(path);
  const next = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (current?.equals(next)) return false;
  await writeFileAtomic(path, next);
  return true;
}

/** readFileIfExists with a synchronous call (see writeFileAtomicSync for when). */
export function readFileIfExistsSync(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    if (missing(error)) return undefined;
    throw error;
  }
}

/** Reads a file, or returns undefined when it does not exist. Other errors propagate. */
export async function readFileIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if (missing(error)) return undefined;
    throw error;
  }
}
