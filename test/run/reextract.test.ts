import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '../../src/store/index.ts';
import { reextractStale } from '../../src/run/reextract.ts';
import { extractionKey } from '../../src/run/extraction-key.ts';
import { extract, RULES_VERSION } from '../../src/normalize/index.ts';
import { sha256 } from '../../src/shared/hash.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { articleHtml, doc } from './harness.ts';

const html = articleHtml('<p>Deleted conversations are removed from our back-end storage systems within 30 days.</p>');

async function storeWith(markdown: string, rulesVersion: string) {
  const store = createMemoryStore();
  await store.writeSnapshot(
    {
      markdown,
      meta: {
        docId: 'retention', url: 'https://example.com/r', finalUrl: 'https://example.com/r', fetchedAt: '2026-01-01T00:00:00Z',
        status: 200, contentHash: sha256(markdown), kind: 'first', via: 'http', toolVersion: '0', rulesVersion,
      },
    },
    html,
  );
  return store;
}

describe('re-extraction after a rules or selector change', () => {
  const d = doc('retention', 'https://example.com/r');
  const current = extract({ body: html, format: 'html', url: 'https://example.com/r', doc: d }).markdown;

  it('rewrites text extracted under old rules as a technical update', async () => {
    const store = await storeWith('old rules made this text', 'old+00000000');
    expect(await reextractStale({ store, logger: silentLogger, now: 'x' }, [d])).toEqual(['retention']);
    const record = await store.readSnapshot('retention');
    expect(record?.markdown).toBe(current);
    expect(record?.meta).toMatchObject({ kind: 'technical', rulesVersion: extractionKey(d), contentHash: sha256(current) });
  });

  it('keys stored text by the rules version: a rules change re-extracts every stored snapshot', async () => {
    expect(extractionKey(d).startsWith(`${RULES_VERSION}+`)).toBe(true);
    const store = await storeWith(current, extractionKey(d).replace(RULES_VERSION, 'an0ther0rul3s'));
    expect(await reextractStale({ store, logger: silentLogger, now: 'x' }, [d])).toEqual([]);
    expect((await store.readSnapshot('retention'))?.meta.rulesVersion).toBe(extractionKey(d));
  });

  it('leaves current text alone, and re-extracts when the document selectors change', async () => {
    const store = await storeWith(current, extractionKey(d));
    expect(await reextractStale({ store, logger: silentLogger, now: 'x' }, [d])).toEqual([]);
    const narrowed = { ...d, remove: ['h1'] };
    expect(extractionKey(narrowed)).not.toBe(extractionKey(d));
    expect(extractionKey({ ...d, disable: ['relative-times'] })).not.toBe(extractionKey(d));
    const updated = await reextractStale({ store, logger: silentLogger, now: 'x' }, [narrowed]);
    const record = await store.readSnapshot('retention');
    expect(record?.meta.rulesVersion).toBe(extractionKey(narrowed));
    expect(updated).toEqual(['retention']);
    expect(current).toContain('How long do we keep data?');
    expect(record?.markdown).not.toContain('How long do we keep data?');
  });
});
