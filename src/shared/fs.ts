import { mkdir, rename, writeFile, rm, readFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

const missing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/**
 * Writes through a temp file in the same folder, then renames: readers see the old file or the new one,
 * never half of one, even when the process dies mid-write. The folder is made only when the write finds it missing:
 * it almost always exists, and a run writes thousands of files.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const folder = dirname(path);
  const temp = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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

/** Reads a file, or returns undefined when it does not exist. Other errors propagate. */
export async function readFileIfExists(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if (missing(error)) return undefined;
    throw error;
  }
}
