import { describe, expect, it } from 'vitest';
import { createMemoryDriver, createStore } from '../../src/store/index.ts';
import { snapshotRecord } from './records-contract.ts';

// Replay's store keeps no raw pages (nothing in one replay re-extracts); held pages, which replay reads back, stay.
describe('a store without raw pages', () => {
  it('records snapshots and held pages but no raw page, and refuses to read one', async () => {
    const driver = createMemoryDriver();
    const store = createStore(driver, { rawPages: false });
    const r = snapshotRecord('doc-a', '# Title\n\nText.\n');
    await store.writeSnapshot(r, '<html><body>raw</body></html>');
    await store.writeHeld('doc-a', '<p>held</p>');
    expect(await store.readSnapshot('doc-a')).toEqual(r);
    expect(await store.readHeld('doc-a')).toBe('<p>held</p>');
    expect(await driver.list()).toEqual(['doc-a/held.raw.gz', 'doc-a/meta.json', 'doc-a/text.md']);
    await expect(store.readRaw('doc-a')).rejects.toThrow(/keeps no raw pages/);
  });

  it('is the default to keep them', async () => {
    const driver = createMemoryDriver();
    await createStore(driver).writeSnapshot(snapshotRecord('doc-a', 'one'), '<p>one</p>');
    expect(await driver.list()).toContain('doc-a/raw.html.gz');
  });
});
