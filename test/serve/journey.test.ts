import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright';
import type { Browser, Page } from 'playwright';
import { SettingsSchema } from '../../src/config/schema.ts';
import { findBrowser } from '../../src/fetch/index.ts';
import { articleHtml, linkIn, NINETY, runAndDeliver, SIXTY, startServeFixture } from './harness.ts';
import type { ServeFixture } from './harness.ts';
import { rawHeader } from '../notify/email/harness.ts';

function chromiumPath(): string | undefined {
  try {
    return findBrowser(process.env, SettingsSchema.parse({})).executablePath;
  } catch {
    return undefined;
  }
}
const executablePath = chromiumPath();
/** Screenshots to look at (gitignored): test-output/serve/<page>-<phone|desktop>.png. */
const SCREENS = resolve(process.env.POLICYWATCH_SCREENSHOTS ?? join(process.cwd(), 'test-output', 'serve'));
const WIDTHS = [
  ['phone', 390, 844],
  ['desktop', 1280, 900],
] as const;
const READER = 'reader@example.org';

/** What a person and a screen reader need of every page: one main landmark, a heading, labelled controls, no sideways scroll. */
async function checkPage(page: Page, width: number): Promise<void> {
  expect(await page.locator('main').count()).toBe(1);
  expect(await page.locator('h1').count()).toBe(1);
  const unlabelled = await page.$$eval('input:not([type=hidden]), button', (els) =>
    els
      .filter((el) => !el.closest('[aria-hidden="true"]'))
      .filter((el) => (el.tagName === 'BUTTON' ? !(el.textContent ?? '').trim() : (el as HTMLInputElement).labels?.length === 0))
      .map((el) => el.outerHTML),
  );
  expect(unlabelled).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
}

describe.skipIf(!executablePath)('a reader subscribes, confirms, gets one alert and leaves, in real Chromium', () => {
  let browser: Browser;
  let fx: ServeFixture;
  const cspViolations: string[] = [];

  beforeAll(async () => {
    await mkdir(SCREENS, { recursive: true });
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    fx = await startServeFixture();
  });
  afterAll(async () => {
    await browser?.close();
    await fx?.stop();
  });

  /** Opens a URL at both widths with JavaScript off, checks the page and saves the screenshots; returns the phone page's text. */
  async function shoot(name: string, url: string, open?: (page: Page) => Promise<void>): Promise<string> {
    let text = '';
    for (const [label, width, height] of WIDTHS) {
      const context = await browser.newContext({ viewport: { width, height }, javaScriptEnabled: false });
      const page = await context.newPage();
      page.on('console', (m) => void (/Content Security Policy/i.test(m.text()) && cspViolations.push(m.text())));
      if (open) await open(page);
      else await page.goto(url);
      await checkPage(page, width);
      await page.screenshot({ path: join(SCREENS, `${name}-${label}.png`), fullPage: true });
      if (label === 'phone') text = await page.locator('main').innerText();
      await context.close();
    }
    return text;
  }

  it('the whole journey: form → confirmation mail → link → a change → exactly one alert → one-click unsubscribe → nothing more', async () => {
    const { serve, smtp, site } = fx;
    await fx.serve.runNow(); // the first snapshot: recorded, nothing to tell
    expect(smtp.received).toHaveLength(0);

    // 1. The form, in a browser, with JavaScript off.
    await shoot('subscribe', `${serve.url}/subscribe`);
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${serve.url}/subscribe`);
    await page.getByLabel('Your email address').fill(READER);
    await page.getByRole('button', { name: 'Send me the confirmation link' }).click();
    await expect.poll(() => page.locator('h1').innerText()).toBe('Check your inbox');
    await page.screenshot({ path: join(SCREENS, 'check-inbox-phone.png'), fullPage: true });
    await context.close();

    // 2. The confirmation arrives at the real SMTP server; nothing else is ever sent before it is followed.
    await smtp.waitFor(1);
    const confirmation = smtp.received[0]!;
    expect(confirmation.to).toEqual([READER]);
    expect(confirmation.parsed.subject).toBe('Confirm your policywatch subscription');
    const confirmLink = linkIn(confirmation.parsed.text ?? '', '/confirm');

    // 3. Following it confirms, once; the second visit says so.
    expect(await shoot('confirmed', confirmLink)).toContain('You are subscribed');
    expect(await shoot('confirm-used', confirmLink)).toContain('already used');

    // 4. The page changes: one check, exactly one alert to the reader.
    site.set('/retention', articleHtml(NINETY));
    await runAndDeliver(fx);
    await smtp.waitFor(2);
    const alerts = smtp.received.filter((m) => m.to.includes(READER) && m.parsed.subject !== confirmation.parsed.subject);
    expect(alerts).toHaveLength(1);
    const alert = alerts[0]!;
    expect(alert.parsed.subject).toMatch(/30 days → 90 days/);
    const listUnsubscribe = rawHeader(alert, 'List-Unsubscribe') ?? '';
    expect(listUnsubscribe).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\?token=[^>]+>, <mailto:alerts@guide\.example\?subject=[^>]+>$/);
    expect(rawHeader(alert, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const unsubscribeUrl = /^<([^>]+)>/.exec(listUnsubscribe)![1]!;
    const preferencesUrl = linkIn(alert.parsed.text ?? '', '/preferences');

    // The pages a reader meets, at both widths.
    const status = await shoot('status', `${serve.url}/`);
    expect(status).toContain('Consumer retention article');
    expect(status).toMatch(/Last change \d{4}-\d{2}-\d{2}: .*30 days → 90 days/);
    expect(await shoot('preferences', preferencesUrl)).toContain('Choose what you hear about');
    expect(await shoot('unsubscribe', unsubscribeUrl)).toContain('Stop the email alerts?');

    // 5. A GET (a mail scanner following the link) changed nothing; the one-click POST as a provider sends it: no
    // cookie, no Origin, the RFC 8058 body; 200.
    expect((await fx.app.subscribers.find({ address: READER }))?.state).toBe('active');
    const oneClick = await fetch(unsubscribeUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect(oneClick.headers.get('set-cookie')).toBeNull();
    expect((await fx.app.subscribers.find({ address: READER }))?.state).toBe('unsubscribed');
    expect(await shoot('unsubscribed', unsubscribeUrl)).toContain('You are unsubscribed');

    // 6. The next change: the feed has it, the reader gets nothing.
    const before = smtp.received.length;
    site.set('/retention', articleHtml(SIXTY));
    await runAndDeliver(fx);
    expect(smtp.received.length).toBe(before);
    const feed = await (await fetch(`${serve.url}/feed.xml`)).text();
    expect(feed.match(/<entry>/g)).toHaveLength(2);

    // The pages that say no, at both widths.
    expect(await shoot('confirm-bad', `${serve.url}/confirm?token=abc`)).toContain('This link is incomplete');
    expect(await shoot('not-found', `${serve.url}/nothing-here`)).toContain('There is no page at this address');
    expect(cspViolations).toEqual([]);
    expect(JSON.stringify(fx.logs.records)).not.toContain('@example.org');
  });
});
