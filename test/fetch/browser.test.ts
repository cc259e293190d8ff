import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { html, redirect, respond, startFixtureServer, type FixtureServer } from '../support/http-server.ts';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fetchError, makeDoc, makeFetcher, turnedAway } from './helpers.ts';
import { findBrowser, type Fetcher } from '../../src/fetch/index.ts';
import { SettingsSchema } from '../../src/config/schema.ts';

const SENTENCE = 'We retain chat transcripts for thirty days unless you delete them sooner.';

function discover(): string | undefined {
  try {
    return findBrowser(process.env, SettingsSchema.parse({})).executablePath;
  } catch (error) {
    console.warn(`browser tests skipped: ${(error as Error).message}`);
    return undefined;
  }
}
const executable = discover();

// The text is base64 in the script, so it is in the page only once the script has run.
const JS_PAGE = `<!doctype html><html><head><title>Privacy</title></head><body>
<div id="content"></div><img src="/tracking.png">
<script>setTimeout(() => {
  const main = document.getElementById('content');
  for (let i = 0; i < 6; i++) { const p = document.createElement('p'); p.textContent = atob('${Buffer.from(SENTENCE).toString('base64')}'); main.appendChild(p); }
}, 700);</script></body></html>`;

const SHELL = `<!doctype html><html><head><title>Loading</title><script defer src="/app.js"></script></head>
<body><div id="root"></div><noscript>You need to enable JavaScript to run this app.</noscript></body></html>`;
const LOGIN_WALL = `<html><head><title>Sign in - Example</title><script src="/app.js"></script></head><body><div id="root">
<form action="/session"><input name="email"><input type="password" name="password"><button>Sign in</button></form></div></body></html>`;
const APP_ERROR = readFileSync(join(import.meta.dirname, '../fixtures/pages/next-app-error.html'), 'utf8');
const APP_JS = `document.getElementById('root').innerHTML =
  '<main><h1>Privacy Policy</h1>' + ${JSON.stringify(`<p>${SENTENCE}</p>`)}.repeat(8) + '</main>';`;

describe.skipIf(!executable)('browser rendering (real Chromium)', () => {
  let server: FixtureServer;
  let fetcher: Fetcher;
  beforeAll(async () => {
    server = await startFixtureServer();
    server.route('/js', html(JS_PAGE));
    server.route('/tracking.png', respond({ body: Buffer.from([0x89, 0x50]), type: 'image/png' }));
    server.route('/shell', html(SHELL));
    server.route('/app.js', respond({ body: APP_JS, type: 'text/javascript' }));
    server.route(
      '/cf',
      respond({
        status: 403,
        headers: { 'cf-mitigated': 'challenge' },
        body: '<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>',
      }),
    );
    fetcher = makeFetcher({}, { browserExecutablePath: executable });
  });
  afterAll(async () => {
    await fetcher?.close();
    await server?.close();
  });

  it('renders a JavaScript-only page, waits for the selector to hold text, blocks images', async () => {
    const doc = makeDoc(server.url('/js'), { render: 'browser', select: ['#content'], acceptLanguage: 'fr-FR' });
    const result = await fetcher.fetch({ doc });
    expect(result.kind).toBe('fetched');
    if (result.kind !== 'fetched') return;
    expect(result.via).toBe('browser');
    expect(result.body).toContain(SENTENCE);
    expect(result.finalUrl).toBe(server.url('/js'));
    expect(server.hits('/tracking.png')).toBe(0);
    const seen = server.requests.find((r) => r.path === '/js')?.headers;
    expect(seen?.['user-agent']).toMatch(/^policywatch-test\//);
    expect(seen?.['accept-language']).toBe('fr-FR');
  });

  it('follows a page that redirects itself by script before its content appears', async () => {
    server.route('/hop', html('<html><body><script>location.replace("/js")</script></body></html>'));
    const result = await fetcher.fetch({ doc: makeDoc(server.url('/hop'), { render: 'browser', select: ['#content'] }) });
    expect(result.finalUrl).toBe(server.url('/js'));
    expect(result.kind === 'fetched' && result.body).toContain(SENTENCE);
  });

  it('refuses a name that resolves to a private address before the browser connects', async () => {
    const guarded = makeFetcher({}, { browserExecutablePath: executable, allowLoopback: false });
    try {
      const before = server.hits('/js');
      const doc = makeDoc(`http://localhost:${server.port}/js`, { render: 'browser' });
      const error = await fetchError(guarded.fetch({ doc }));
      expect(error.reason).toBe('redirect-refused');
      expect(server.hits('/js')).toBe(before);
    } finally {
      await guarded.close();
    }
  });

  it('refuses a redirect to a non-public address before the browser connects', async () => {
    // 0.0.0.0 reaches this very server, so a missing check would show as a hit (and stays on this machine).
    server.route('/secret', html(JS_PAGE));
    server.route('/to-any', redirect(`http://0.0.0.0:${server.port}/secret`));
    const error = await fetchError(fetcher.fetch({ doc: makeDoc(server.url('/to-any'), { render: 'browser' }) }));
    expect(error.reason).toBe('redirect-refused');
    expect(error.message).toContain('0.0.0.0');
    expect(server.hits('/secret')).toBe(0);
  });

  it('falls back to the browser when plain HTTP returns an app shell', async () => {
    const result = await fetcher.fetch({ doc: makeDoc(server.url('/shell'), { browserFallback: true }) });
    expect(result.kind === 'fetched' && result.via).toBe('browser');
    expect(result.kind === 'fetched' && result.body).toContain(SENTENCE);
    expect(server.hits('/shell')).toBe(2); // once over HTTP, once in the browser
  });

  it('keeps the HTTP shell when the fallback is turned off', async () => {
    const result = await fetcher.fetch({ doc: makeDoc(server.url('/shell'), { browserFallback: false }) });
    expect(result.kind === 'fetched' && result.via).toBe('http');
    expect(result.kind === 'fetched' && result.body).not.toContain(SENTENCE);
  });

  it('still reports blocked when the browser meets the same challenge', async () => {
    const before = server.hits('/cf');
    const failure = await turnedAway(fetcher.fetch({ doc: makeDoc(server.url('/cf'), { browserFallback: true }) }));
    expect(failure).toMatchObject({ reason: 'blocked', status: 403, via: 'browser' });
    expect(server.hits('/cf') - before).toBe(2);
  });

  it('never starts the browser for a login wall or an application-error page that plain HTTP already recognized', async () => {
    // Each browser render is one more request for the page: one hit per page means plain HTTP only.
    server.route('/login', html(LOGIN_WALL));
    server.route('/login403', respond({ status: 403, body: LOGIN_WALL }));
    server.route('/app-error', html(APP_ERROR));
    const counting = makeFetcher({}, { browserExecutablePath: executable });
    try {
      for (const path of ['/login', '/login403']) {
        const failure = await turnedAway(counting.fetch({ doc: makeDoc(server.url(path), { browserFallback: true }) }));
        expect(failure, path).toMatchObject({ reason: 'blocked', via: 'http', message: expect.stringMatching(/^Login wall/) });
      }
      // The response rules leave it to the content rules, which call it an error page after extraction.
      const error = await counting.fetch({ doc: makeDoc(server.url('/app-error'), { browserFallback: true }) });
      expect(error.kind === 'fetched' && [error.via, error.verdict.kind]).toEqual(['http', 'document']);
      expect(['/login', '/login403', '/app-error'].map((path) => server.hits(path))).toEqual([1, 1, 1]);
      expect(counting.logger.records.filter((r) => r.message.includes('in the browser'))).toEqual([]);
    } finally {
      await counting.close();
    }
  });
});

describe('browser unavailable', () => {
  it('fails render:browser documents with browser-unavailable naming the options', async () => {
    const server = await startFixtureServer();
    const fetcher = makeFetcher({}, { browserExecutablePath: '/nonexistent/chromium' });
    try {
      server.route('/js', html(JS_PAGE));
      const error = await fetchError(fetcher.fetch({ doc: makeDoc(server.url('/js'), { render: 'browser' }) }));
      expect(error.reason).toBe('browser-unavailable');
      expect(error.message).toContain('POLICYWATCH_CHROMIUM');
      expect(server.hits('/js')).toBe(0);
    } finally {
      await fetcher.close();
      await server.close();
    }
  });

  it('keeps the blocked reason when the fallback has no browser', async () => {
    const server = await startFixtureServer();
    const fetcher = makeFetcher({}, { browserExecutablePath: '/nonexistent/chromium' });
    try {
      server.route('/cf', respond({ status: 403, headers: { 'cf-mitigated': 'challenge' }, body: 'x' }));
      const failure = await turnedAway(fetcher.fetch({ doc: makeDoc(server.url('/cf'), { browserFallback: true }) }));
      expect(failure).toMatchObject({ reason: 'blocked', status: 403 });
      expect(failure.message).toContain('browser fallback unavailable');
    } finally {
      await fetcher.close();
      await server.close();
    }
  });

  it('does not even try the browser for a login wall (so no fallback note on its failure)', async () => {
    const server = await startFixtureServer();
    const fetcher = makeFetcher({}, { browserExecutablePath: '/nonexistent/chromium' });
    try {
      server.route('/login', html(LOGIN_WALL));
      const failure = await turnedAway(fetcher.fetch({ doc: makeDoc(server.url('/login'), { browserFallback: true }) }));
      expect(failure.message).toMatch(/^Login wall: /);
      expect(failure.message).not.toContain('browser fallback');
      expect(fetcher.logger.records.filter((r) => r.message.includes('in the browser'))).toEqual([]);
    } finally {
      await fetcher.close();
      await server.close();
    }
  });
});
