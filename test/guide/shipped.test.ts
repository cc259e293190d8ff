import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { verifyClaims } from '../../src/claims/index.ts';
import { loadConfig } from '../../src/config/load.ts';
import { documentFiles, parseGuide, planImport } from '../../src/guide/index.ts';
import { extract } from '../../src/normalize/index.ts';

const CONFIG = fileURLToPath(new URL('../../config', import.meta.url));
const GUIDE = fileURLToPath(new URL('../../../shared/guide/guide.txt', import.meta.url));
const CORPUS = fileURLToPath(new URL('../../../shared/corpus/dev', import.meta.url));
const haveGuide = existsSync(GUIDE);

describe('the shipped config holds the guide', () => {
  it('58 claims, each with the guide section that quotes it, with unique ids per document', async () => {
    const { documents } = await loadConfig(CONFIG);
    const claims = documents.flatMap((d) => d.claims.map((c) => ({ doc: d.id, ...c })));
    expect(claims).toHaveLength(58);
    for (const c of claims) expect(c.guide?.section, `${c.doc}/${c.id}`).toBeTruthy();
    for (const d of documents) expect(new Set(d.claims.map((c) => c.id)).size).toBe(d.claims.length);
    expect(claims.filter((c) => c.kind === 'label').map((c) => c.quote).sort()).toEqual(
      ['Data Protection Officer', 'Export data', 'Help improve Claude', 'Reset memory', 'View and edit memory'],
    );
    expect(claims.filter((c) => c.match).map((c) => c.match).sort()).toEqual([
      'automatically de-link[s] your data from your user ID (like your email address)',
      'require[s] all users to be at least 18 years old to create and use a Claude account',
    ]);
    const dated = Object.fromEntries(documents.filter((d) => d.guide).map((d) => [d.id, d.guide?.effectiveDate]));
    expect(dated).toEqual({ 'consumer-terms': '2025-10-08', 'commercial-terms': '2025-06-17', 'privacy-policy': '2026-01-12' });
    expect(documents.map((d) => d.url)).toContain('https://www.anthropic.com/legal/non-user-privacy-policy');
  });

  it.skipIf(!haveGuide)('importing guide.txt again changes nothing: 58 claims, all where they are', async () => {
    const config = await loadConfig(CONFIG);
    const files = await documentFiles(join(CONFIG, 'documents'));
    const plan = await planImport({
      guide: parseGuide(readFileSync(GUIDE, 'utf8')),
      documents: config.documents.map((doc) => ({ doc, file: files.get(doc.id)! })),
      snapshot: async () => undefined,
    });
    expect(plan.claims).toHaveLength(58);
    expect(plan.claims.filter((c) => c.action !== 'unchanged')).toEqual([]);
    expect(plan.unassigned).toEqual([]);
    expect(plan.left).toEqual([]);
    expect(plan.setAside.map((s) => s.kind).filter((k) => k === 'authors-words' || k === 'one-word')).toEqual([
      'authors-words',
      'authors-words',
      'authors-words',
      'one-word',
    ]);
    expect(plan.effectiveDates.every((d) => d.action === 'unchanged')).toBe(true);
  });
});

/** The quotes of the pages the dev corpus holds verify on their real HTML, through the real extraction. */
describe.skipIf(!existsSync(CORPUS))('shipped claims on the real corpus pages', () => {
  const cases: Array<[string, string]> = [
    ['non-user-privacy-policy', 'non-user-privacy-policy'],
    ['privacy-9519291', 'help-9519291-government-requests'],
  ];
  it.each(cases)('%s: every claim verifies on the first and the latest snapshot', async (docId, folder) => {
    const { documents } = await loadConfig(CONFIG);
    const doc = documents.find((d) => d.id === docId)!;
    expect(doc.claims.length).toBeGreaterThan(0);
    const files = readdirSync(join(CORPUS, folder)).filter((f) => f.endsWith('.html')).sort();
    for (const file of [files[0]!, files.at(-1)!]) {
      const { markdown } = extract({ body: readFileSync(join(CORPUS, folder, file), 'utf8'), format: 'html', url: doc.url, doc });
      const statuses = verifyClaims(doc, markdown, new Date('2026-11-22T00:00:00Z'));
      expect(statuses.map((s) => [s.id, s.status]), file).toEqual(doc.claims.map((c) => [c.id, 'verified']));
    }
  });
});
