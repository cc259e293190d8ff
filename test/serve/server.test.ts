import { request } from 'node:http';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/index.ts';
import { SettingsSchema } from '../../src/config/schema.ts';
import { followOf, upsertSubscriber } from '../../src/notify/email/index.ts';
import { addressRange } from '../../src/serve/index.ts';
import { ShieldsEndpointSchema } from '../../src/status/index.ts';
import { appConfig } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { articleHtml, NINETY, runAndDeliver, startServeFixture } from './harness.ts';
import type { ServeFixture } from './harness.ts';

/** A POST from a given loopback address (the whole 127.0.0.0/8 range is this machine), answered with status and headers. */
function post(url: string, body: string, options: { from?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', localAddress: options.from, headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body), ...options.headers } }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('serve over HTTP', () => {
  let fx: ServeFixture;
  let url: string;
  beforeAll(async () => {
    fx = await startServeFixture({ extraSettings: 'serve:\n  allowedOrigins: ["https://guide.example"]\n' });
    url = fx.serve.url;
  });
  afterAll(() => fx?.stop());

  it('sends strict security headers on every page: CSP without inline code, frame-ancestors, nosniff, no-referrer', async () => {
    for (const path of ['/', '/subscribe', '/nothing']) {
      const res = await fetch(`${url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("style-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('strict-transport-security')).toBeNull(); // plain http here; set behind https
      expect(await res.text()).not.toMatch(/<script|<style|style="/);
    }
    const behindProxy = await fetch(`${url}/`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(behindProxy.headers.get('strict-transport-security')).toBeNull(); // trustProxy is off: the header is not believed
  });

  it('answers bad input with one clear line: a malformed email, an oversized body, unknown tokens, a foreign site', async () => {
    const origin = { origin: url };
    const bad = await post(`${url}/subscribe`, 'email=not-an-address', { headers: origin });
    expect(bad.status).toBe(400);
    expect(bad.body).toContain('That is not an email address we can send to; write it like name@example.org.');
    const big = await post(`${url}/subscribe`, `email=a%40example.org&pad=${'x'.repeat(20_000)}`, { headers: origin });
    expect(big.status).toBe(413);
    expect(big.body).toContain('Request body too large: the limit is 16 KB.');
    const unknownDoc = await post(`${url}/subscribe`, 'email=a%40example.org&follow=some&doc=nope', { headers: origin });
    expect(unknownDoc.status).toBe(400);
    expect(unknownDoc.body).toContain('Unknown page &quot;nope&quot;.');
    const foreign = await post(`${url}/subscribe`, 'email=a%40example.org', { headers: { origin: 'https://evil.example' } });
    expect(foreign.status).toBe(403);
    const noOriginNoToken = await post(`${url}/subscribe`, 'email=a%40example.org');
    expect(noOriginNoToken.status).toBe(403);
    for (const path of ['/confirm?token=x.y', '/unsubscribe?token=m.abc.m.zz.AAAAAAAAAAAAAAAAAAAAAA', '/preferences?token=']) {
      const res = await fetch(`${url}${path}`);
      expect(res.status).toBe(400);
      expect(await res.text()).toContain('This link');
    }
    const forged = await post(`${url}/unsubscribe?token=m.abc.m.zz.AAAAAAAAAAAAAAAAAAAAAA`, 'List-Unsubscribe=One-Click');
    expect(forged.status).toBe(400);
    const noBody = await post(`${url}/unsubscribe?token=x`, '');
    expect(noBody.status).toBe(400);
    const api = await fetch(`${url}/api/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"events":[]}' });
    expect(api.status).toBe(401);
    expect(await api.json()).toEqual({ error: 'missing or wrong API token: send Authorization: Bearer $POLICYWATCH_SERVE_TOKEN' });
  });

  it('gives the same answer for a known and an unknown address, takes the embedded form from an allowed site, and ignores a filled honeypot', async () => {
    await fx.app.subscribers.update((book) => void upsertSubscriber(book, { address: 'known@example.org', follow: followOf(), consent: { kind: 'attested', by: 'test' }, source: 'cli' }, new Date()));
    const from = { from: '127.0.9.1' };
    const known = await post(`${url}/subscribe`, 'email=known%40example.org', { ...from, headers: { origin: 'https://guide.example' } });
    const unknown = await post(`${url}/subscribe`, 'email=new%40example.org', { ...from, headers: { origin: 'https://guide.example' } });
    expect([known.status, unknown.status]).toEqual([200, 200]);
    expect(known.body).toBe(unknown.body);
    const bot = await post(`${url}/subscribe`, 'email=bot%40example.org&website=http%3A%2F%2Fspam', { ...from, headers: { origin: url } });
    expect(bot.status).toBe(200);
    expect(bot.body).toBe(unknown.body);
    expect(await fx.app.subscribers.find({ address: 'bot@example.org' })).toBeUndefined();
    expect((await fx.app.subscribers.find({ address: 'new@example.org' }))?.state).toBe('pending');
    await fx.smtp.waitFor(2); // the confirmation and the "already subscribed" note
    expect(fx.smtp.received.map((m) => m.parsed.subject).sort()).toEqual(['Confirm your policywatch subscription', 'You are already subscribed to policywatch']);
  });

  it('200 concurrent subscribe requests from one address range: every one answered, 200 or 429 with Retry-After, none an error', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => post(`${url}/subscribe`, `email=load${i}%40example.org`, { from: `127.0.3.${(i % 250) + 1}`, headers: { origin: url } })),
    );
    const codes = answers.map((a) => a.status);
    expect(codes.filter((c) => c !== 200 && c !== 429)).toEqual([]);
    expect(codes.filter((c) => c === 200)).toHaveLength(10); // serve.limits.subscribePerRange
    for (const a of answers.filter((x) => x.status === 429)) expect(Number(a.headers['retry-after'])).toBeGreaterThan(0);
    expect(addressRange('127.0.3.77')).toBe('127.0.3.0/24');
    expect(addressRange('2001:db8:1:2ab:3::1')).toBe('2001:0db8:0001:0200::/56');
  });

  it('limits subscribe requests per address, whatever the client address', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await post(`${url}/subscribe`, 'email=Same%40Example.org', { from: `127.0.${10 + i}.1`, headers: { origin: url } })).status);
    expect(codes).toEqual([200, 200, 200, 429, 429]);
  });

  it('publishes Atom feeds with RFC 4287 required elements, per document and topic, and a shields.io badge', async () => {
    fx.site.set('/retention', articleHtml(NINETY));
    await fx.serve.runNow(); // first snapshot
    fx.site.set('/retention', articleHtml('<p>Deleted conversations are removed from our back-end storage systems within 45 days.</p>'));
    await runAndDeliver(fx);
    const parser = new XMLParser({ ignoreAttributes: false, isArray: (name) => ['entry', 'link', 'category'].includes(name) });
    for (const [path, entries] of [['/feed.xml', 1], ['/feed/retention.xml', 1], ['/feed/training.xml', 0], ['/feed/topic/retention.xml', 1], ['/feed/topic/training.xml', 0]] as const) {
      const res = await fetch(`${url}${path}`);
      expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
      const xml = await res.text();
      const { feed } = parser.parse(xml) as { feed: Record<string, unknown> & { entry?: Record<string, unknown>[]; link: Record<string, string>[] } };
      expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
      for (const required of ['id', 'title', 'updated', 'author']) expect(feed[required], `${path} feed ${required}`).toBeDefined();
      expect(feed.link.some((l) => l['@_rel'] === 'self' && l['@_href'] === `${url}${path}`)).toBe(true);
      expect(feed.entry ?? []).toHaveLength(entries);
      for (const entry of feed.entry ?? []) {
        for (const required of ['id', 'title', 'updated']) expect(entry[required], `${path} entry ${required}`).toBeDefined();
        expect(String(entry.id)).toMatch(/^urn:policywatch:alert:/);
        const title = entry.title as string | { '#text': string };
        expect(typeof title === 'string' ? title : title['#text']).toContain('→ 45 days');
        expect(Number.isNaN(Date.parse(String(entry.updated)))).toBe(false);
      }
    }
    expect((await fetch(`${url}/feed/nope.xml`)).status).toBe(404);
    expect((await fetch(`${url}/feed/topic/nope.xml`)).status).toBe(404);
    const badge = await fetch(`${url}/badge.json`);
    expect(badge.headers.get('access-control-allow-origin')).toBe('*');
    expect(ShieldsEndpointSchema.safeParse(await badge.json()).success).toBe(true);
    expect(await (await fetch(`${url}/healthz`)).json()).toMatchObject({ status: 'ok', undeliveredAlerts: 0 });
  });
});

describe('serve at start', () => {
  it('refuses to start without its secret, naming the variable and the fix', async () => {
    const result = await runCli(['serve', '--port', '0', '--config', '/nonexistent-config'], { env: {} });
    expect(result.code).toBe(2);
    const app = createApp({ config: appConfig(SettingsSchema.parse({})), env: {} });
    expect(() => app.signer).toThrow('POLICYWATCH_SERVE_SECRET is not set');
    await app.close();
  });
});

describe('a thousand subscribers', () => {
  it('each receives exactly one alert for one change', async () => {
    const fx = await startServeFixture();
    try {
      await fx.serve.runNow();
      await fx.app.subscribers.update((book) => {
        for (let i = 0; i < 1000; i++) upsertSubscriber(book, { address: `reader${i}@example.org`, follow: followOf(), consent: { kind: 'attested', by: 'load test' }, source: 'import' }, new Date());
      });
      fx.site.set('/retention', articleHtml(NINETY));
      await runAndDeliver(fx);
      await fx.smtp.waitFor(1000);
      const recipients = fx.smtp.received.flatMap((m) => m.to);
      expect(recipients).toHaveLength(1000);
      expect(new Set(recipients).size).toBe(1000);
      await fx.serve.worker.kick(); // a second pass sends nothing more
      expect(fx.smtp.received).toHaveLength(1000);
    } finally {
      await fx.stop();
    }
  }, 240_000);
});
