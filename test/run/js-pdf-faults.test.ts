import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createApp } from '../../src/app/index.ts';
import { DocumentSchema, SettingsSchema, type DocumentConfig, type DocumentInput } from '../../src/config/schema.ts';
import { runCheck } from '../../src/run/check.ts';
import type { RunReport } from '../../src/run/report.ts';
import { createFixedClock } from '../../src/shared/clock.ts';
import { createMemoryLogger } from '../../src/shared/logger.ts';
import { createFsStore } from '../../src/store/index.ts';
import { hang, html, respond, startFixtureServer, truncated, type FixtureServer, type Handler } from '../support/http-server.ts';
import { chromiumPath } from '../support/chromium.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makePdf } from '../fetch/pdf-fixture.ts';
import { recordingNotifier } from './harness.ts';

const SENTENCE = 'We retain chat transcripts for thirty days unless you delete them sooner, and then we erase them.';
const PDF_LINES = [
  'Terms of Service (2025)',
  ...Array.from({ length: 12 }, (_, i) => `Section ${i + 1}: we delete your data within 30 days of your request, and you may export it at any time.`),
];
const PDF = makePdf(PDF_LINES);

const chromium = chromiumPath();

/** A page whose text exists only once its script ran: without the script it is an empty shell. */
const jsPage = (script: string, extra = '') =>
  `<!doctype html><html><head><title>Privacy</title><script defer src="${script}"></script></head><body><div id="root"></div>${extra}</body></html>`;
const APP_JS = `document.getElementById('root').innerHTML = '<main><h1>Privacy Policy</h1>' + ${JSON.stringify(`<p>${SENTENCE}</p>`)}.repeat(6) + '</main>';`;
/** Renders, then never settles: polls the network and rewrites a status line outside the main text forever. */
const RESTLESS_JS = `${APP_JS}
const line = document.createElement('aside'); document.body.appendChild(line); let n = 0;
setInterval(() => { line.textContent = 'Live: ' + (n++); fetch('/poll?' + n).catch(() => {}); }, 50);`;
/** Renders, then reloads itself again and again. */
const RELOADING_JS = `${APP_JS}\nsetTimeout(() => location.reload(), 150);`;
const LOGIN_WALL = `<html><head><title>Sign in - Example</title><script src="/wall.js"></script></head><body><div id="root">
<form action="/session"><input name="email"><input type="password" name="password"><button>Sign in</button></form></div></body></html>`;

/** Sends the first half, waits `pauseMs` between small chunks: a slow server that does finish. */
function trickle(body: Buffer, chunks: number, pauseMs: number): Handler {
  return async (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': body.length });
    const size = Math.ceil(body.length / chunks);
    for (let at = 0; at < body.length; at += size) {
      res.write(body.subarray(at, at + size));
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
    res.end();
  };
}

/** Sends half the PDF and then nothing more, keeping the connection open. */
const stall = (body: Buffer): Handler => (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': body.length });
  res.write(body.subarray(0, body.length >> 1));
  return new Promise<void>(() => undefined);
};

/**
 * JavaScript-only pages and PDFs under faults, through the whole check with real Chromium: every document is first
 * recorded healthy, then faulted, then healthy again. A fault is a failure with its reason (the recorded text is
 * kept, nothing is alerted), a page that never settles still yields its text, and pages plain HTTP already
 * classified never start the browser.
 */
describe.skipIf(!chromium)('JavaScript pages and PDFs under faults (real Chromium)', () => {
  let server: FixtureServer;
  let root: string;
  const notifier = recordingNotifier();
  const reports: RunReport[] = [];
  const docs: DocumentConfig[] = [];
  const add = (id: string, path: string, extra: Partial<DocumentInput> = {}) =>
    docs.push(DocumentSchema.parse({ id, title: id, url: server.url(path), topics: [], browserFallback: false, ...extra }));

  const healthy: Record<string, Handler> = {
    '/js-500': html(jsPage('/js-500.js')),
    '/js-500.js': respond({ body: APP_JS, type: 'text/javascript' }),
    '/js-hang': html(jsPage('/js-hang.js')),
    '/js-hang.js': respond({ body: APP_JS, type: 'text/javascript' }),
    '/restless': html(jsPage('/restless.js')),
    '/restless.js': respond({ body: APP_JS, type: 'text/javascript' }),
    '/reloading': html(jsPage('/reloading.js')),
    '/reloading.js': respond({ body: APP_JS, type: 'text/javascript' }),
    '/poll': respond({ body: '{}', type: 'application/json' }),
    '/cut.pdf': respond({ body: PDF, type: 'application/pdf' }),
    '/dropped.pdf': respond({ body: PDF, type: 'application/pdf' }),
    '/slow.pdf': respond({ body: PDF, type: 'application/pdf' }),
    '/stall.pdf': respond({ body: PDF, type: 'application/pdf' }),
    '/wall': html(jsPage('/wall.js')),
    '/wall.js': respond({ body: APP_JS, type: 'text/javascript' }),
  };
  const faulted: Record<string, Handler> = {
    '/js-500.js': respond({ status: 500, body: 'boom', type: 'text/plain' }),
    '/js-hang.js': hang(),
    '/restless.js': respond({ body: RESTLESS_JS, type: 'text/javascript' }),
    '/reloading.js': respond({ body: RELOADING_JS, type: 'text/javascript' }),
    '/cut.pdf': respond({ body: PDF.subarray(0, PDF.length >> 1), type: 'application/pdf' }),
    '/dropped.pdf': truncated(PDF.subarray(0, PDF.length >> 1).toString('latin1'), PDF.length),
    '/slow.pdf': trickle(PDF, 8, 100),
    '/stall.pdf': stall(PDF),
    // A login wall whose scripts fail, on a document that allows the browser fallback.
    '/wall': html(LOGIN_WALL),
    '/wall.js': respond({ status: 500, body: 'boom', type: 'text/plain' }),
  };

  const run = async (at: string) => {
    const settings = SettingsSchema.parse({
      http: { allowPrivateNetwork: true, hostDelayMs: 0, retries: 0, timeoutMs: 4000 },
      browser: { timeoutMs: 4000 },
      failures: { threshold: 5 },
    });
    const config = { configDir: join(root, 'config'), rootDir: root, settings, documents: docs };
    const app = createApp({
      config,
      env: {},
      clock: createFixedClock(at),
      logger: createMemoryLogger(),
      store: createFsStore(join(root, 'snapshots')),
      notifiers: { maintainers: notifier },
      fetch: { allowLoopback: true, ...(chromium ? { browserExecutablePath: chromium } : {}) },
    });
    try {
      const report = await runCheck(app, { documents: docs, notify: true });
      reports.push(report);
      return Object.fromEntries(report.documents.map((d) => [d.id, d]));
    } finally {
      await app.close();
    }
  };

  beforeAll(async () => {
    server = await startFixtureServer();
    root = await makeTempDir();
    for (const [path, handler] of Object.entries(healthy)) server.route(path, handler);
    add('js-500', '/js-500', { render: 'browser' });
    add('js-hang', '/js-hang', { render: 'browser' });
    add('restless', '/restless', { render: 'browser' });
    add('reloading', '/reloading', { render: 'browser' });
    add('cut-pdf', '/cut.pdf');
    add('dropped-pdf', '/dropped.pdf');
    add('slow-pdf', '/slow.pdf');
    add('stall-pdf', '/stall.pdf');
    add('wall', '/wall', { browserFallback: true });
  });
  afterAll(async () => {
    await server?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('records every document healthy, keeps each through its fault with the reason, and comes back without an alert', async () => {
    const first = await run('2026-01-01T00:00:00Z');
    expect(Object.fromEntries(Object.entries(first).map(([id, d]) => [id, d.outcome]))).toEqual(Object.fromEntries(docs.map((d) => [d.id, 'first'])));
    const store = createFsStore(join(root, 'snapshots'));
    const recorded = Object.fromEntries(await Promise.all(docs.map(async (d) => [d.id, (await store.readSnapshot(d.id))!.markdown] as const)));
    expect(recorded['js-500']).toContain(SENTENCE);
    expect(recorded['stall-pdf']).toContain(PDF_LINES[1]);

    for (const [path, handler] of Object.entries(faulted)) server.route(path, handler);
    const wallHits = server.hits('/wall');
    const faultedRun = await run('2026-01-02T00:00:00Z');
    const outcome = (id: string) => [faultedRun[id]?.outcome, faultedRun[id]?.failure?.reason];
    // A script that fails leaves an empty shell: not the document. A script that never comes holds the page's load.
    expect(outcome('js-500'), 'js-500').toEqual(['failed', 'empty']);
    expect(outcome('js-hang'), 'js-hang').toEqual(['failed', 'timeout']);
    // Pages that render and never settle, or reload themselves, still give their text: nothing changed.
    expect(outcome('restless'), 'restless').toEqual(['noise', undefined]);
    expect(outcome('reloading'), 'reloading').toEqual(['noise', undefined]);
    // A PDF cut short is never text; one the connection drops is a network failure; a slow one is read whole.
    expect(outcome('cut-pdf'), 'cut-pdf').toEqual(['failed', 'unsupported-type']);
    expect(outcome('dropped-pdf'), 'dropped-pdf').toEqual(['failed', 'network']);
    expect(outcome('slow-pdf'), 'slow-pdf').toEqual(['noise', undefined]);
    expect(outcome('stall-pdf'), 'stall-pdf').toEqual(['failed', 'timeout']);
    // A login wall is recognized over plain HTTP: the browser never loads it (nor its scripts).
    expect(outcome('wall'), 'wall').toEqual(['failed', 'blocked']);
    expect(server.hits('/wall') - wallHits).toBe(1);
    expect(server.hits('/wall.js')).toBe(1);

    for (const d of docs) expect((await store.readSnapshot(d.id))!.markdown, d.id).toBe(recorded[d.id]);
    expect(notifier.seen).toEqual([]);

    for (const [path, handler] of Object.entries(healthy)) server.route(path, handler);
    const back = await run('2026-01-03T00:00:00Z');
    for (const d of docs) expect(back[d.id]?.outcome, d.id).toBe('noise');
    expect(notifier.seen).toEqual([]);
  });
});
