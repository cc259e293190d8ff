import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser } from 'playwright';
import { buildClaimsReport, type ClaimsReport } from '../../src/claims/index.ts';
import type { ClaimStatus } from '../../src/claims/types.ts';
import { chromiumPath } from '../support/chromium.ts';
import { badgeJson, renderStatusPage, ShieldsEndpointSchema } from '../../src/status/index.ts';

const documents = [
  {
    id: 'privacy-10023548',
    title: 'Privacy center: How long do you store my data? (consumer)',
    url: 'https://privacy.claude.com/en/articles/10023548',
    topics: ['retention' as const],
    guide: { effectiveDate: '2026-01-12', section: 'Claude.ai (Free, Pro, Max)' },
    claims: [
      { id: 'deleted-30', topic: 'deletion' as const, quote: 'deleted from our back-end storage systems within 30 days', guide: { section: 'Claude.ai (Free, Pro, Max)' } },
      { id: 'flagged', topic: 'retention' as const, quote: 'inputs and outputs for up to 2 years and trust and safety classification scores for up to 7 years', guide: { section: 'Claude.ai (Free, Pro, Max)' } },
      { id: 'hostile', topic: 'retention' as const, quote: 'a page said <script>alert(1)</script> & <img src=x onerror=alert(2)>', guide: { section: 'Section <b>bold</b>' } },
    ],
  },
  {
    id: 'claude-code-data-usage',
    title: 'Claude Code docs: Data usage',
    url: 'javascript:alert(3)',
    topics: ['telemetry' as const],
    claims: [
      { id: 'local-cache', topic: 'retention' as const, quote: 'Claude Code clients store session transcripts locally in plaintext under ~/.claude/projects/ for 30 days by default to enable session resumption.', guide: { section: 'Claude Code (CLI)' } },
      { id: 'never-checked', topic: 'telemetry' as const, quote: 'To opt out of telemetry, set the DISABLE_TELEMETRY environment variable.', kind: 'quote' as const, guide: { section: 'Claude Code (CLI)' } },
    ],
  },
];

const at = '2026-11-30T06:37:00.000Z';
const statuses: ClaimStatus[] = [
  { id: 'deleted-30', docId: 'privacy-10023548', topic: 'deletion', quote: documents[0]!.claims[0]!.quote, status: 'verified', similarity: 1, currentWording: 'x', verifiedAt: at, checkedAt: at },
  { id: 'flagged', docId: 'privacy-10023548', topic: 'retention', quote: documents[0]!.claims[1]!.quote, status: 'reworded', similarity: 0.9, currentWording: 'inputs and outputs for up to 3 years and trust and safety classification scores for up to 7 years', verifiedAt: '2026-11-01T06:37:00.000Z', checkedAt: at },
  { id: 'hostile', docId: 'privacy-10023548', topic: 'retention', quote: documents[0]!.claims[2]!.quote, status: 'missing', similarity: 0.1, checkedAt: at },
  { id: 'guide-effective-date', docId: 'privacy-10023548', topic: 'retention', quote: 'effective 2026-01-12', status: 'reworded', similarity: 0, currentWording: 'effective 2026-07-08', checkedAt: at },
  { id: 'local-cache', docId: 'claude-code-data-usage', topic: 'retention', quote: documents[1]!.claims[0]!.quote, status: 'verified', similarity: 1, verifiedAt: at, checkedAt: at },
];
const report: ClaimsReport = buildClaimsReport(statuses, { generatedAt: new Date(at), documents });

describe('the badge (shields.io endpoint JSON)', () => {
  it('validates against the endpoint schema and says "N/M claims verified · checked DAY" in the colour of the worst state', () => {
    const badge = badgeJson(report);
    expect(ShieldsEndpointSchema.safeParse(badge).success).toBe(true);
    expect(badge).toEqual({ schemaVersion: 1, label: 'policywatch', message: '2/6 claims verified · checked 2026-11-30', color: 'red', cacheSeconds: 3600 });
    const allGood = buildClaimsReport(statuses.filter((s) => s.status === 'verified'), {
      generatedAt: new Date(at),
      documents: [{ ...documents[1]!, claims: [documents[1]!.claims[0]!] }, { ...documents[0]!, guide: undefined, claims: [documents[0]!.claims[0]!] }],
    });
    expect(badgeJson(allGood)).toMatchObject({ message: '2/2 claims verified · checked 2026-11-30', color: 'brightgreen' });
    const none = buildClaimsReport([], { generatedAt: new Date(at), documents });
    expect(badgeJson(none)).toMatchObject({ message: '0/6 claims verified · not checked yet', color: 'yellow' });
    // The schema is live: it rejects what shields.io would.
    expect(ShieldsEndpointSchema.safeParse({ schemaVersion: 2, label: 'a', message: 'b' }).success).toBe(false);
    expect(ShieldsEndpointSchema.safeParse({ schemaVersion: 1, label: 'a', message: '', cacheSeconds: 10 }).success).toBe(false);
  });
});

const executablePath = chromiumPath();

describe.skipIf(!executablePath)('the status page in real Chromium', () => {
  let browser: Browser;
  const html = renderStatusPage(report, documents, { reportHref: 'claims.json' });
  const out = process.env.POLICYWATCH_SCREENSHOTS ?? join(tmpdir(), 'policywatch-status-screens');
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath,
      args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    await mkdir(out, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.each([
    ['phone', 390, 844],
    ['desktop', 1280, 900],
  ])('reads at %s width without JavaScript: every claim, its page, status and verified-on day; page text is only text', async (name, width, height) => {
    const context = await browser.newContext({ viewport: { width, height }, javaScriptEnabled: false });
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => void dialogs.push(d.message()));
    await page.setContent(html, { waitUntil: 'load' });
    await page.screenshot({ path: join(out, `status-${name}.png`), fullPage: true });

    expect(await page.locator('h1').innerText()).toBe('The guide’s quoted claims');
    expect(await page.locator('.summary').innerText()).toBe('2/6 claims verified · checked 2026-11-30');
    // 6 claims, plus the 3 that need attention listed again at the top.
    expect(await page.locator('li.claim').count()).toBe(9);
    expect(await page.locator('section h2').allInnerTexts()).toEqual([
      'Needs attention (3)',
      'Privacy center: How long do you store my data? (consumer)',
      'Claude Code docs: Data usage',
    ]);
    const statusesShown = await page.locator('section:not(:first-of-type) li.claim .status').allInnerTexts();
    expect(statusesShown.map((s) => s.toLowerCase())).toEqual(['verified', 'reworded', 'missing', 'reworded', 'verified', 'pending']);
    const text = await page.locator('main').innerText();
    expect(text).toContain('Verified on 2026-11-30');
    expect(text).toContain('The page now says: “inputs and outputs for up to 3 years');
    expect(text).toContain('Not checked yet');
    expect(text).toContain('· on Privacy center: How long do you store my data? (consumer) ·');
    expect(text).toContain('quoted in “Claude Code (CLI)”');
    expect(text).toContain('“effective 2026-01-12”');
    // Hostile page text shows as text; no element, no handler, no javascript: link, no dialog.
    expect(text).toContain('<script>alert(1)</script> & <img src=x onerror=alert(2)>');
    expect(text).toContain('Section <b>bold</b>');
    expect(await page.locator('main script, main img, main b').count()).toBe(0);
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(await page.locator('a[href="https://privacy.claude.com/en/articles/10023548"]').count()).toBe(1);
    expect(dialogs).toEqual([]);
    // Nothing wider than the screen: a phone reader never scrolls sideways.
    const scrollWidth = await page.evaluate('document.documentElement.scrollWidth');
    expect(scrollWidth).toBeLessThanOrEqual(width);
    await context.close();
  });

  it('has no script at all', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<[^>]*\son\w+=/i);
  });
});
