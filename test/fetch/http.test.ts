import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bigBody,
  conditional,
  hang,
  html,
  redirect,
  reset,
  respond,
  sequence,
  startFixtureServer,
  truncated,
  type FixtureServer,
  type Handler,
} from '../support/http-server.ts';
import { fetchError, makeDoc, makeFetcher, turnedAway } from './helpers.ts';
import type { Fetcher } from '../../src/fetch/index.ts';

const POLICY = `<html><head><title>Privacy Policy</title></head><body><main><h1>Privacy Policy</h1>
<p>${'We keep your data for thirty days and then delete it. '.repeat(20)}</p></main></body></html>`;

let server: FixtureServer;
const fetchers: Fetcher[] = [];
const fetcher = (...args: Parameters<typeof makeFetcher>) => {
  const made = makeFetcher(...args);
  fetchers.push(made);
  return made;
};

beforeEach(async () => {
  server = await startFixtureServer();
});
afterEach(async () => {
  await Promise.all(fetchers.splice(0).map((f) => f.close()));
  await server.close();
});

describe('HTTP fetch: success and headers', () => {
  it('returns the page and sends the configured User-Agent and Accept-Language', async () => {
    server.route('/p', html(POLICY));
    const result = await fetcher().fetch({ doc: makeDoc(server.url('/p'), { acceptLanguage: 'de-DE,de;q=0.9' }) });
    expect(result.kind).toBe('fetched');
    if (result.kind !== 'fetched') return;
    expect(result.body).toContain('thirty days');
    expect(result.format).toBe('html');
    expect(result.via).toBe('http');
    expect(result.finalUrl).toBe(server.url('/p'));
    expect(result.redirects).toEqual([server.url('/p')]);
    const seen = server.requests[0]?.headers;
    expect(seen?.['user-agent']).toMatch(/^policywatch-test\/\S+ \(\+https:\/\/example\.org\/policywatch\)$/);
    expect(seen?.['accept-language']).toBe('de-DE,de;q=0.9');
  });

  it('decodes gzip bodies and the declared charset', async () => {
    const latin1 = Buffer.from(`<html><body><p>Données personnelles ${'x'.repeat(400)}</p></body></html>`, 'latin1');
    server.route('/gz', respond({ body: gzipSync(latin1), headers: { 'content-encoding': 'gzip' }, type: 'text/html; charset=iso-8859-1' }));
    const result = await fetcher().fetch({ doc: makeDoc(server.url('/gz')) });
    expect(result.kind === 'fetched' && result.body).toContain('Données personnelles');
  });
});

describe('HTTP fetch: retries', () => {
  it('gives up on a persistent 500 after the configured retries, as a transient http-status', async () => {
    server.route('/500', respond({ status: 500, body: 'oops' }));
    const f = fetcher({ retries: 2 });
    const error = await fetchError(f.fetch({ doc: makeDoc(server.url('/500')) }));
    expect(error.reason).toBe('http-status');
    expect(error.status).toBe(500);
    expect(error.transient).toBe(true);
    expect(server.hits('/500')).toBe(3);
    expect(f.clock.sleeps).toHaveLength(2);
    expect(f.clock.sleeps[1]).toBeGreaterThan(f.clock.sleeps[0] ?? Infinity); // exponential
  });

  it('recovers from a 503 followed by a 200', async () => {
    server.route('/flaky', sequence(respond({ status: 503, body: 'busy' }), html(POLICY)));
    const result = await fetcher().fetch({ doc: makeDoc(server.url('/flaky')) });
    expect(result.kind).toBe('fetched');
    expect(server.hits('/flaky')).toBe(2);
  });

  it('honours Retry-After on 429', async () => {
    server.route('/limited', sequence(respond({ status: 429, headers: { 'retry-after': '7' }, body: 'slow down' }), html(POLICY)));
    const f = fetcher();
    const result = await f.fetch({ doc: makeDoc(server.url('/limited')) });
    expect(result.kind).toBe('fetched');
    expect(f.clock.sleeps).toEqual([7000]);
  });

  it('treats a 429 storm as rate limiting (http-status), never as a bot block for the browser', async () => {
    server.route('/storm', respond({ status: 429, body: '<html><head><title>Just a moment...</title></head></html>' }));
    const f = fetcher({ retries: 1 }, { browserExecutablePath: '/nonexistent/chromium' });
    const error = await fetchError(f.fetch({ doc: makeDoc(server.url('/storm'), { browserFallback: true }) }));
    expect(error.reason).toBe('http-status');
    expect(error.status).toBe(429);
    expect(error.transient).toBe(true);
    expect(server.hits('/storm')).toBe(2);
  });

  it('does not wait hours for a Retry-After: it gives up for this run', async () => {
    server.route('/later', respond({ status: 503, headers: { 'retry-after': '86400' }, body: 'maintenance' }));
    const f = fetcher();
    const error = await fetchError(f.fetch({ doc: makeDoc(server.url('/later')) }));
    expect(error.reason).toBe('http-status');
    expect(error.transient).toBe(true);
    expect(f.clock.sleeps).toEqual([]);
  });

  it('does not retry a 404, and marks it permanent', async () => {
    const error = await fetchError(fetcher().fetch({ doc: makeDoc(server.url('/missing')) }));
    expect(error.reason).toBe('http-status');
    expect(error.status).toBe(404);
    expect(error.transient).toBe(false);
    expect(server.hits('/missing')).toBe(1);
  });

  it('times out on a hanging server, retrying first', async () => {
    server.route('/hang', hang());
    const error = await fetchError(fetcher({ timeoutMs: 300, retries: 1 }).fetch({ doc: makeDoc(server.url('/hang')) }));
    expect(error.reason).toBe('timeout');
    expect(error.transient).toBe(true);
    expect(server.hits('/hang')).toBe(2);
  });

  it('reports a connection reset as a transient network error after retrying', async () => {
    server.route('/reset', reset());
    const error = await fetchError(fetcher({ retries: 1 }).fetch({ doc: makeDoc(server.url('/reset')) }));
    expect(error.reason).toBe('network');
    expect(error.transient).toBe(true);
    expect(server.hits('/reset')).toBe(2);
  });

  it('recovers when a reset is followed by a good answer', async () => {
    server.route('/reset-once', sequence(reset(), html(POLICY)));
    const result = await fetcher().fetch({ doc: makeDoc(server.url('/reset-once')) });
    expect(result.kind).toBe('fetched');
  });

  it('treats a truncated body (short of Content-Length) as a network error, never as the page', async () => {
    server.route('/cut', truncated('<html><body>half a pol', 5000));
    const error = await fetchError(fetcher({ retries: 0 }).fetch({ doc: makeDoc(server.url('/cut')) }));
    expect(error.reason).toBe('network');
    expect(error.transient).toBe(true);
  });
});

describe('HTTP fetch: redirects', () => {
  it('refuses a redirect loop', async () => {
    server.route('/a', redirect('/b'));
    server.route('/b', redirect('/a'));
    const error = await fetchError(fetcher().fetch({ doc: makeDoc(server.url('/a')) }));
    expect(error.reason).toBe('redirect-refused');
    expect(error.transient).toBe(false);
    expect(error.message).toContain('loop');
  });

  it('refuses more redirects than allowed', async () => {
    for (let i = 0; i < 5; i += 1) server.route(`/r${i}`, redirect(`/r${i + 1}`));
    server.route('/r5', html(POLICY));
    const error = await fetchError(fetcher({ maxRedirects: 3 }).fetch({ doc: makeDoc(server.url('/r0')) }));
    expect(error.reason).toBe('redirect-refused');
  });

  it('refuses a redirect to a private address before connecting to it', async () => {
    server.route('/to-private', redirect('http://10.0.0.1/admin'));
    server.route('/to-private-v4', redirect('http://192.168.1.1:8080/'));
    for (const path of ['/to-private', '/to-private-v4']) {
      const error = await fetchError(fetcher().fetch({ doc: makeDoc(server.url(path)) }));
      expect(error.reason).toBe('redirect-refused');
      expect(error.message).toMatch(/10\.0\.0\.1|192\.168\.1\.1/);
      expect(error.message).toContain('set http.allowPrivateNetwork: true in policywatch.yaml');
    }
  });

  it('refuses before connecting: a redirect to 0.0.0.0 (which would reach this very server) never arrives', async () => {
    server.route('/secret', html(POLICY));
    server.route('/to-any', redirect(`http://0.0.0.0:${server.port}/secret`));
    const error = await fetchError(fetcher().fetch({ doc: makeDoc(server.url('/to-any')) }));
    expect(error.reason).toBe('redirect-refused');
    expect(server.hits('/secret')).toBe(0);
  });

  it('refuses a redirect to a non-http(s) scheme', async () => {
    server.route('/to-file', redirect('file:///etc/passwd'));
    const error = await fetchError(fetcher().fetch({ doc: makeDoc(server.url('/to-file')) }));
    expect(error.reason).toBe('redirect-refused');
  });

  it('checks resolved addresses, not only literals: localhost is refused without allowLoopback', async () => {
    server.route('/p', html(POLICY));
    const f = fetcher({}, { allowLoopback: false });
    const error = await fetchError(f.fetch({ doc: makeDoc(`http://localhost:${server.port}/p`) }));
    expect(error.reason).toBe('redirect-refused');
    expect(error.message).toMatch(/localhost resolves to the non-public address .*; to watch pages on your own network, set http\.allowPrivateNetwork: true/);
    expect(server.hits('/p')).toBe(0);
  });

  it('follows a redirect to another host and records the final URL and every hop', async () => {
    const other = await startFixtureServer({ host: '127.0.0.2' });
    try {
      other.route('/moved', html(POLICY));
      server.route('/old', redirect(other.url('/moved'), 301));
      const result = await fetcher().fetch({ doc: makeDoc(server.url('/old')) });
      expect(result.finalUrl).toBe(other.url('/moved'));
      expect(result.kind === 'fetched' && result.redirects).toEqual([server.url('/old'), other.url('/moved')]);
    } finally {
      await other.close();
    }
  });
});

describe('HTTP fetch: bodies', () => {
  it('caps a 12 MB body (streamed, no Content-Length) as too-large', async () => {
    server.route('/big', bigBody(12 * 1024 * 1024));
    const error = await fetchError(fetcher().fetch({ doc: makeDoc(server.url('/big')) }));
    expect(error.reason).toBe('too-large');
    expect(error.transient).toBe(false);
  });

  it('refuses a declared 12 MB body up front', async () => {
    server.route('/big-declared', bigBody(12 * 1024 * 1024, { withLength: true }));
    const error = await fetchError(fetcher().fetch({ doc: makeDoc(server.url('/big-declared')) }));
    expect(error.reason).toBe('too-large');
  });

  it('reports an image as unsupported-type', async () => {
    server.route('/logo', respond({ body: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]), type: 'image/png' }));
    const error = await fetchError(fetcher().fetch({ doc: makeDoc(server.url('/logo')) }));
    expect(error.reason).toBe('unsupported-type');
    expect(error.message).toContain('image/png');
  });

  it('never stores binary served as text/html', async () => {
    server.route('/fake-html', respond({ body: Buffer.from([0x00, 0xff, 0xfe, 0x00, 0x10, 0x80, 0x81]) }));
    const error = await fetchError(fetcher().fetch({ doc: makeDoc(server.url('/fake-html')) }));
    expect(error.reason).toBe('unsupported-type');
  });
});

describe('HTTP fetch: conditional requests', () => {
  it('sends the stored ETag and gets NotModified on 304', async () => {
    server.route('/etag', conditional({ body: POLICY, etag: '"v1"' }));
    const f = fetcher();
    const first = await f.fetch({ doc: makeDoc(server.url('/etag')) });
    expect(first.kind).toBe('fetched');
    expect(first.etag).toBe('"v1"');
    const second = await f.fetch({ doc: makeDoc(server.url('/etag')), previous: { etag: first.etag } });
    expect(second.kind).toBe('not-modified');
    expect(second.status).toBe(304);
    expect(server.requests[1]?.headers['if-none-match']).toBe('"v1"');
  });

  it('sends If-Modified-Since from the stored Last-Modified', async () => {
    const lastModified = 'Wed, 01 Jan 2025 10:00:00 GMT';
    server.route('/lm', conditional({ body: POLICY, lastModified }));
    const f = fetcher();
    const first = await f.fetch({ doc: makeDoc(server.url('/lm')) });
    expect(first.lastModified).toBe(lastModified);
    const second = await f.fetch({ doc: makeDoc(server.url('/lm')), previous: { lastModified } });
    expect(second.kind).toBe('not-modified');
    expect(server.requests[1]?.headers['if-modified-since']).toBe(lastModified);
  });

  it('fetches the page again when the ETag changed', async () => {
    server.route('/etag2', conditional({ body: POLICY, etag: '"v2"' }));
    const result = await fetcher().fetch({ doc: makeDoc(server.url('/etag2')), previous: { etag: '"v1"' } });
    expect(result.kind).toBe('fetched');
  });
});

describe('HTTP fetch: connections', () => {
  it('keeps one connection to a host for page after page: after a 200, a 304 and a redirect', async () => {
    const ports: (number | undefined)[] = [];
    const seen = (handler: Handler): Handler => (req, res, hit) => {
      ports.push(req.socket.remotePort);
      return handler(req, res, hit);
    };
    server.route('/one', seen(html(POLICY)));
    server.route('/cond', seen(conditional({ body: POLICY, etag: '"v1"' })));
    server.route('/hop', seen(redirect('/one')));
    const f = fetcher();
    expect((await f.fetch({ doc: makeDoc(server.url('/one')) })).kind).toBe('fetched');
    expect((await f.fetch({ doc: makeDoc(server.url('/cond')), previous: { etag: '"v1"' } })).kind).toBe('not-modified');
    expect((await f.fetch({ doc: makeDoc(server.url('/hop')) })).kind).toBe('fetched');
    expect(ports).toHaveLength(4);
    expect(new Set(ports).size).toBe(1);
  });
});

describe('HTTP fetch: pages that are not the document', () => {
  // Bot checks and login walls are the gate's verdict on a page, carried by the page: never a thrown fetch error.
  it('reports a Cloudflare-like 403 challenge as blocked, without retrying', async () => {
    const challenge = `<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>
      <div id="challenge-error-text">Enable JavaScript and cookies to continue</div>
      <script>window._cf_chl_opt={cvId:'3'};</script></body></html>`;
    server.route('/cf', respond({ status: 403, body: challenge, headers: { 'cf-mitigated': 'challenge', server: 'cloudflare' } }));
    const failure = await turnedAway(fetcher().fetch({ doc: makeDoc(server.url('/cf')) }));
    expect(failure.reason).toBe('blocked');
    expect(failure.status).toBe(403);
    expect(failure.message).toContain('Cloudflare');
    expect(server.hits('/cf')).toBe(1);
  });

  it('reports a 503 challenge as blocked rather than retrying it', async () => {
    const challenge = '<html><head><title>Just a moment...</title></head><body>Checking your browser</body></html>';
    server.route('/cf503', respond({ status: 503, body: challenge }));
    const failure = await turnedAway(fetcher().fetch({ doc: makeDoc(server.url('/cf503')) }));
    expect(failure).toMatchObject({ reason: 'blocked', status: 503 });
    expect(server.hits('/cf503')).toBe(1);
  });

  it('reports an "Access denied" page served with 200 as blocked', async () => {
    const denied = `<html><head><title>Access Denied</title></head><body><h1>Access Denied</h1>
      You don't have permission to access "http://www.example.com/privacy" on this server.<p>
      Reference #18.2f3d4c17.1700000000.1a2b3c4d</body></html>`;
    server.route('/denied', html(denied));
    const failure = await turnedAway(fetcher().fetch({ doc: makeDoc(server.url('/denied')) }));
    expect(failure).toMatchObject({ reason: 'blocked', status: 200 });
  });

  it('reports a login wall, served with 200 or with 403, as blocked without retrying', async () => {
    const wall = `<html><head><title>Log in | Example</title></head><body><form><input name="user">
      <input type="password" name="pw"><button>Log in</button></form></body></html>`;
    server.route('/wall', html(wall));
    server.route('/wall403', respond({ status: 403, body: wall }));
    expect(await turnedAway(fetcher().fetch({ doc: makeDoc(server.url('/wall')) }))).toMatchObject({ reason: 'blocked', message: expect.stringMatching(/^Login wall/) });
    expect(await turnedAway(fetcher().fetch({ doc: makeDoc(server.url('/wall403')) }))).toMatchObject({ reason: 'blocked', status: 403 });
    expect(server.hits('/wall403')).toBe(1);
  });

  it('still reports a plain 403 as an error status', async () => {
    server.route('/forbidden', respond({ status: 403, body: `<html><body><main>${'<p>Nothing for you here, and a lot of words to say so. </p>'.repeat(40)}</main></body></html>` }));
    const error = await fetchError(fetcher().fetch({ doc: makeDoc(server.url('/forbidden')) }));
    expect(error).toMatchObject({ reason: 'http-status', status: 403 });
  });

  it('hands over a page the response rules accept with a document verdict', async () => {
    server.route('/policy', html(POLICY));
    const result = await fetcher().fetch({ doc: makeDoc(server.url('/policy')) });
    expect(result.kind === 'fetched' && result.verdict).toEqual({ kind: 'document' });
  });
});

describe('HTTP fetch: concurrency', () => {
  it('never runs more than perHost requests at once against one host', async () => {
    let active = 0;
    let peak = 0;
    server.route('/slow', async (_req, res) => {
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setTimeout(resolve, 30));
      active -= 1;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(POLICY);
    });
    const f = fetcher({ perHost: 2, concurrency: 10 });
    const docs = Array.from({ length: 8 }, () => makeDoc(server.url('/slow')));
    const results = await Promise.all(docs.map((doc) => f.fetch({ doc })));
    expect(results.every((r) => r.kind === 'fetched')).toBe(true);
    expect(server.hits('/slow')).toBe(8);
    expect(peak).toBeLessThanOrEqual(2);
    expect(peak).toBe(2);
  });
});
