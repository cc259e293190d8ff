import { assertValidKey, type StoreDriver } from './driver.ts';

/** Blobs in a Map: replay runs the check path against it, and tests use it. */
export function createMemoryDriver(): StoreDriver {
  const blobs = new Map<string, Uint8Array>();
  return {
    async get(key) {
      assertValidKey(key);
      const data = blobs.get(key);
      // Copies both ways keep callers from mutating what is "on disk", as with the filesystem.
      return data && Uint8Array.from(data);
    },
    async put(key, data) {
      assertValidKey(key);
      blobs.set(key, Uint8Array.from(data));
    },
    async list(prefix = '') {
      return [...blobs.keys()].filter((key) => key.startsWith(prefix)).sort();
    },
    async delete(key) {
      assertValidKey(key);
      blobs.delete(key);
    },
    locate: (key) => `memory:${key}`,
  };
}
