import { StoreError } from '../shared/errors.ts';

/**
 * The storage port: blobs by key, nothing else. Everything a record means (JSON, gzip, validation, the file
 * layout, skipping unchanged writes) is built once above it, in records.ts, so every driver behaves the same.
 *
 * Keys are '/'-separated paths relative to the store's root, e.g. "doc-a/text.md" or "_records/notifications.json".
 * Each segment starts with a letter, a digit or '_' and holds only letters, digits, '.', '_' and '-': no '..', no
 * absolute paths, and names starting with '.' (temp files, .git) are never keys.
 */
export interface StoreDriver {
  /** The stored bytes, or undefined when the key holds nothing. */
  get(key: string): Promise<Uint8Array | undefined>;
  /** Stores the bytes atomically: a reader sees the old blob or the new one, never half of one, even after a crash. */
  put(key: string, data: Uint8Array): Promise<void>;
  /** Every key that starts with `prefix` (all keys without one), sorted. */
  list(prefix?: string): Promise<string[]>;
  /** Removes the key; removing a key that holds nothing is not an error. */
  delete(key: string): Promise<void>;
  /** Where the key lives, as a person would look for it ("snapshots/doc-a/meta.json"): for messages only. */
  locate(key: string): string;
}

const segmentPattern = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

export function isValidKey(key: string): boolean {
  return key.split('/').every((segment) => segmentPattern.test(segment));
}

/** Every driver refuses the same keys, so a key that works in tests works on disk. */
export function assertValidKey(key: string): void {
  if (!isValidKey(key)) {
    throw new StoreError(`invalid store key "${key}": use '/'-separated names of letters, digits, dots, dashes and underscores`);
  }
}
