import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import type { StoreDriver } from '../../src/store/driver.ts';
import { StoreError } from '../../src/shared/errors.ts';

export interface DriverFixture {
  name: string;
  create(): Promise<{ driver: StoreDriver; cleanup(): Promise<void> }>;
}

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (data: Uint8Array | undefined) => (data === undefined ? undefined : new TextDecoder().decode(data));

/** The blob driver contract: every driver passes the same suite (unstorage's test/drivers/utils.ts, narrowed). */
export function driverContract(fixture: DriverFixture): void {
  describe(`StoreDriver contract: ${fixture.name}`, () => {
    let driver: StoreDriver;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ driver, cleanup } = await fixture.create()));
    afterEach(() => cleanup());

    it('holds nothing at first', async () => {
      expect(await driver.get('doc-a/text.md')).toBeUndefined();
      expect(await driver.list()).toEqual([]);
      expect(await driver.list('doc-a/')).toEqual([]);
    });

    it('gives back the exact bytes put, binary included, and a second put replaces the first', async () => {
      const binary = Uint8Array.from([0x1f, 0x8b, 0x00, 0xff, 0x0a, 0x0d, 0x80]);
      await driver.put('doc-a/raw.html.gz', binary);
      expect(await driver.get('doc-a/raw.html.gz')).toEqual(binary);
      await driver.put('doc-a/text.md', bytes('one'));
      await driver.put('doc-a/text.md', bytes('two, longer than one'));
      expect(text(await driver.get('doc-a/text.md'))).toBe('two, longer than one');
      await driver.put('doc-a/text.md', bytes(''));
      expect(text(await driver.get('doc-a/text.md'))).toBe('');
    });

    it('keeps what it stores apart from the caller\'s buffers', async () => {
      const data = bytes('stored');
      await driver.put('k.json', data);
      data[0] = 0x58;
      const read = (await driver.get('k.json'))!;
      read[1] = 0x58;
      expect(text(await driver.get('k.json'))).toBe('stored');
    });

    it('lists every key, sorted, nested ones included, and those under a prefix', async () => {
      for (const key of ['doc-b/meta.json', '_records/notifications.json', 'doc-a/text.md', 'doc-a/meta.json', 'doc-ab/text.md', 'top.json']) {
        await driver.put(key, bytes(key));
      }
      expect(await driver.list()).toEqual(['_records/notifications.json', 'doc-a/meta.json', 'doc-a/text.md', 'doc-ab/text.md', 'doc-b/meta.json', 'top.json']);
      expect(await driver.list('doc-a/')).toEqual(['doc-a/meta.json', 'doc-a/text.md']);
      expect(await driver.list('doc-a')).toEqual(['doc-a/meta.json', 'doc-a/text.md', 'doc-ab/text.md']);
      expect(await driver.list('_records/notif')).toEqual(['_records/notifications.json']);
      expect(await driver.list('nothing/')).toEqual([]);
    });

    it('deletes a key, and deleting a key that holds nothing is no error', async () => {
      await driver.put('doc-a/text.md', bytes('x'));
      await driver.put('doc-a/meta.json', bytes('{}'));
      await driver.delete('doc-a/text.md');
      await driver.delete('doc-a/text.md');
      await driver.delete('never/was.json');
      expect(await driver.get('doc-a/text.md')).toBeUndefined();
      expect(await driver.list()).toEqual(['doc-a/meta.json']);
    });

    it('takes concurrent puts to different keys', async () => {
      const keys = Array.from({ length: 20 }, (_, i) => `doc-${i % 4}/file-${i}.json`);
      await Promise.all(keys.map((key) => driver.put(key, bytes(key))));
      expect(await driver.list()).toEqual([...keys].sort());
      expect(await Promise.all(keys.map(async (key) => text(await driver.get(key))))).toEqual(keys);
    });

    it('refuses keys that could leave the store or hide in it, in every method', async () => {
      for (const key of ['../evil.json', 'a/../../evil', '/etc/passwd', 'a//b', '', '.hidden', 'a/.tmp', 'a\\b', 'a/b/']) {
        await expect(driver.put(key, bytes('x')), key).rejects.toBeInstanceOf(StoreError);
        await expect(driver.get(key), key).rejects.toBeInstanceOf(StoreError);
        await expect(driver.delete(key), key).rejects.toBeInstanceOf(StoreError);
      }
      expect(await driver.list()).toEqual([]);
    });

    it('says where a key lives', () => {
      expect(driver.locate('_records/notifications.json')).toMatch(/_records[/\\]notifications\.json$/);
    });
  });
}
