import { createCipheriv, createDecipheriv, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { readFileIfExists, writeFileAtomic } from '../../../shared/fs.ts';
import { SubscribersError } from '../errors.ts';
import { EnvelopeSchema, SubscriberBookSchema } from './schema.ts';
import type { Envelope, SubscriberBook } from './schema.ts';
import { bookBacked } from './port.ts';
import type { SubscriberRepository } from './port.ts';

export type { SubscriberRepository } from './port.ts';

export const SUBSCRIBERS_KEY_ENV = 'POLICYWATCH_SUBSCRIBERS_KEY';
const scryptAsync = promisify(scrypt) as (secret: string, salt: Buffer, len: number, opts: object) => Promise<Buffer>;
const KEY_CHECK_LABEL = 'policywatch-subscribers key check';
const AAD = Buffer.from('policywatch-subscribers/1');

export const newBook = (): SubscriberBook => ({ version: 1, secret: randomBytes(32).toString('base64'), subscribers: [] });

function requireKey(key: string | undefined, path = 'the subscribers file'): string {
  if (!key) throw new SubscribersError(`${SUBSCRIBERS_KEY_ENV} is not set: it is needed to open ${path}; set it to the key the file was written with`, 'missing-key');
  if (key.length < 16) throw new SubscribersError(`${SUBSCRIBERS_KEY_ENV} is too short: use at least 16 characters`, 'missing-key');
  return key;
}

/** Derives the AES key from any passphrase; the salt is per file and kept across saves. */
async function deriveKey(key: string, salt: Buffer): Promise<Buffer> {
  return scryptAsync(key, salt, 32, { N: 2 ** 14, r: 8, p: 1 });
}

const keyCheckOf = (aesKey: Buffer) => createHmac('sha256', aesKey).update(KEY_CHECK_LABEL).digest().subarray(0, 16);

/** Names the file, what is wrong and the fix; never an address (the content is not quoted). */
const corrupt = (path: string, detail: string, fix: string, cause?: unknown) =>
  new SubscribersError(`${path} is damaged: ${detail}. It was left untouched; ${fix}`, 'corrupt', { cause });
const restore = (path: string) => `restore it from git (git checkout -- ${path}) or from a backup`;

/** The zod problem's place and kind, without the value (which may be an address). */
function firstProblem(error: unknown): string {
  const issue = (error as { issues?: { path: PropertyKey[]; message: string }[] }).issues?.[0];
  return issue ? ` (field "${issue.path.map(String).join('.')}": ${issue.message})` : '';
}

/** `path` names the file in errors. */
export async function decryptBook(text: string, key: string | undefined, path = 'the subscribers file'): Promise<{ book: SubscriberBook; salt: Buffer }> {
  const secret = requireKey(key, path);
  let envelope: Envelope;
  try {
    envelope = EnvelopeSchema.parse(JSON.parse(text));
  } catch (error) {
    throw corrupt(path, `it is not a policywatch subscribers file (not the encrypted JSON envelope${firstProblem(error)})`, restore(path), error);
  }
  const salt = Buffer.from(envelope.salt, 'base64');
  const aesKey = await deriveKey(secret, salt);
  const check = Buffer.from(envelope.keyCheck, 'base64');
  const expected = keyCheckOf(aesKey);
  if (check.length !== expected.length || !timingSafeEqual(check, expected)) {
    throw new SubscribersError(
      `${SUBSCRIBERS_KEY_ENV} does not open ${path} (wrong key); nothing was read or changed. Set it to the key the file was written with`,
      'wrong-key',
    );
  }
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', aesKey, Buffer.from(envelope.iv, 'base64'));
    decipher.setAAD(AAD);
    decipher.setAuthTag(Buffer.from(envelope.tag, 'base64'));
    plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, 'base64')), decipher.final()]).toString('utf8');
  } catch (error) {
    throw corrupt(path, 'its encrypted data fails authentication (changed, truncated or mixed by a merge)', restore(path), error);
  }
  try {
    return { book: SubscriberBookSchema.parse(JSON.parse(plain)), salt };
  } catch (error) {
    throw corrupt(path, `it opens but its content is not a subscriber list this version reads${firstProblem(error)}`, `upgrade policywatch if a newer one wrote it, or ${restore(path)}`, error);
  }
}

export async function encryptBook(book: SubscriberBook, key: string | undefined, salt: Buffer = randomBytes(16)): Promise<string> {
  const aesKey = await deriveKey(requireKey(key), salt);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
  cipher.setAAD(AAD);
  const data = Buffer.concat([cipher.update(JSON.stringify(book), 'utf8'), cipher.final()]);
  const envelope: Envelope = {
    format: 'policywatch-subscribers',
    version: 1,
    kdf: 'scrypt',
    salt: salt.toString('base64'),
    keyCheck: keyCheckOf(aesKey).toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return JSON.stringify(envelope, null, 2) + '\n';
}

/** Loads the subscribers; a missing file is an empty list, a wrong key or a damaged file is an error. */
export async function loadSubscribers(path: string, key: string | undefined): Promise<SubscriberBook> {
  const bytes = await readFileIfExists(path);
  if (bytes === undefined) {
    requireKey(key, path);
    return newBook();
  }
  return (await decryptBook(bytes.toString('utf8'), key, path)).book;
}

export function createFileSubscriberRepository(path: string, key: string | undefined): SubscriberRepository {
  const open = async () => {
    const bytes = await readFileIfExists(path);
    if (bytes === undefined) {
      requireKey(key, path);
      return { book: newBook(), salt: randomBytes(16), exists: false };
    }
    return { ...(await decryptBook(bytes.toString('utf8'), key, path)), exists: true };
  };
  // One read-change-write at a time within this process: two edits never interleave and lose one of them.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work, work);
    queue = run.catch(() => undefined);
    return run;
  };
  return bookBacked(
    async () => (await open()).book,
    (change) =>
      serialized(async () => {
        const { book, salt, exists } = await open();
        const before = JSON.stringify(book);
        const result = change(book);
        const after = SubscriberBookSchema.parse(book);
        // Each save draws a fresh IV, so the bytes differ even for the same list: compare the plaintext, and leave
        // an unchanged file alone (a run that sent mail without a bounce must not commit a new subscribers file).
        if (exists && JSON.stringify(after) === before) return result;
        await writeFileAtomic(path, await encryptBook(after, key, salt));
        return result;
      }),
  );
}

/** For tests and the demo: the same port without a file. */
export function createMemorySubscriberRepository(book: SubscriberBook = newBook()): SubscriberRepository & { book: SubscriberBook } {
  const state = { book };
  const port = bookBacked(
    async () => structuredClone(state.book),
    async <T>(change: (b: SubscriberBook) => T): Promise<T> => {
      const copy = structuredClone(state.book);
      const result = change(copy);
      state.book = SubscriberBookSchema.parse(copy);
      return result;
    },
  );
  return Object.defineProperty(port, 'book', { get: () => state.book, set: (b: SubscriberBook) => (state.book = b), enumerable: true }) as SubscriberRepository & {
    book: SubscriberBook;
  };
}
