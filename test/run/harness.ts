import { createServer, type Server } from 'node:http';
import { rm } from 'node:fs/promises';
import { afterEach, beforeEach } from 'vitest';
import { makeTempDir } from '../support/temp-dir.ts';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SettingsSchema, DocumentSchema, type DocumentConfig, type Settings } from '../../src/config/schema.ts';
import type { LoadedConfig } from '../../src/config/load.ts';
import { createApp } from '../../src/app/index.ts';
import { createFsStore } from '../../src/store/index.ts';
import { runCheck } from '../../src/run/check.ts';
import type { Notifier } from '../../src/notify/port.ts';
import type { PipelineEvent } from '../../src/notify/events.ts';
import { createFixedClock } from '../../src/shared/clock.ts';
import { createMemoryLogger } from '../../src/shared/logger.ts';
import type { SnapshotStore } from '../../src/store/types.ts';

/** A site whose pages the test rewrites between runs; `status` can make a page fail. */
export type Step = string | { status: number; html: string } | 'hang';

export class TestSite {
  pages = new Map<string, { status: number; html: string; etag?: string }>();
  requests: string[] = [];
  /** The conditional header (If-None-Match) each request carried, '' for none, in request order. */
  conditional: string[] = [];
  private sequences = new Map<string, { steps: Step[]; next: number }>();
  private hangs = 0;
  private hung: (() => void)[] = [];
  private server?: Server;
  origin = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      this.requests.push(req.url ?? '');
      const held = this.held.get(req.url ?? '');
      if (held) {
        this.held.delete(req.url ?? '');
        return held(); // never answered: the client is caught mid-fetch
      }
      this.conditional.push(String(req.headers['if-none-match'] ?? ''));
      const sequence = this.sequences.get(req.url ?? '');
      if (sequence) {
        const step = sequence.steps[Math.min(sequence.next++, sequence.steps.length - 1)]!;
        if (step === 'hang') {
          this.hangs++;
          return void this.hung.splice(0).forEach((done) => done());
        }
        const { status, html } = typeof step === 'string' ? { status: 200, html: step } : step;
        return void res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      }
      const page = this.pages.get(req.url ?? '');
      if (!page) return void res.writeHead(404).end('missing');
      if (page.etag && req.headers['if-none-match'] === page.etag) return void res.writeHead(304, { etag: page.etag }).end();
      res.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8', ...(page.etag ? { etag: page.etag } : {}) }).end(page.html);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private held = new Map<string, () => void>();

  /** The next request for `path` is never answered; resolves when it has arrived. */
  holdNext(path: string): Promise<void> {
    return new Promise((resolve) => this.held.set(path, resolve));
  }

  /** With `etag`, the page answers conditional requests with 304 as a CDN would. */
  set(path: string, html: string, status = 200, etag?: string): void {
    this.pages.set(path, etag ? { status, html, etag } : { status, html });
  }

  /**
   * Successive requests of `path` get the steps in turn (the last one repeats): a page, a page with a status, or
   * 'hang', a request never answered (a process killed while it waits).
   */
  serve(path: string, steps: Step[]): void {
    this.sequences.set(path, { steps, next: 0 });
  }

  /** Resolves once a request of a served sequence hangs. */
  waitForHang(): Promise<void> {
    return this.hangs > 0 ? Promise.resolve() : new Promise((resolve) => this.hung.push(resolve));
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

export function articleHtml(body: string, noise = 'a'): string {
  return `<!doctype html><html><head><title>Retention</title><script>window.x="${noise}"</script></head><body>
<nav class="nav-${noise}"><a href="/">Home</a></nav>
<main class="main-${noise}"><article><h1>How long do we keep data?</h1>
<p>Updated ${noise === 'a' ? 'over a week ago' : 'in the last hour'}</p>
${body}
<p>We review this policy every year and describe every category of data that we collect, why we collect it, and for how long we keep it, in plain words that every reader can follow.</p>
</article></main><footer class="f-${noise}">© Example</footer></body></html>`;
}

export const settings = SettingsSchema.parse({
  http: { allowPrivateNetwork: true, hostDelayMs: 0, retries: 0, timeoutMs: 5000 },
  failures: { threshold: 2 },
});

export function testConfig(root: string, documents: DocumentConfig[], given: Settings = settings): LoadedConfig {
  return { configDir: join(root, 'config'), rootDir: root, settings: given, documents };
}

export function doc(id: string, url: string, extra: Partial<DocumentConfig> = {}): DocumentConfig {
  return { ...DocumentSchema.parse({ id, title: `Doc ${id}`, url }), ...extra };
}

/** Records what it is given; can be told to fail. */
export function recordingNotifier(name = 'maintainers'): Notifier & { seen: PipelineEvent[]; failNext: boolean } {
  const notifier = {
    name,
    seen: [] as PipelineEvent[],
    failNext: false,
    async deliver(events: readonly PipelineEvent[]) {
      if (notifier.failNext) {
        notifier.failNext = false;
        return { delivered: [], links: {}, failed: events.map((e) => ({ eventId: e.id, error: 'down', transient: true })) };
      }
      notifier.seen.push(...events);
      return { delivered: events.map((e) => e.id), failed: [], links: Object.fromEntries(events.map((e) => [e.id, `issue://${e.id}`])) };
    },
  };
  return notifier;
}

/** One check through the composition root; the given notifiers serve their roles (name = role) under its routing. */
export async function check(
  root: string,
  documents: DocumentConfig[],
  notifiers: Notifier[],
  at: string,
  store: SnapshotStore = createFsStore(join(root, 'snapshots')),
  given: Settings = settings,
) {
  const clock = createFixedClock(at);
  const logger = createMemoryLogger();
  const notifierByRole = Object.fromEntries(notifiers.map((n) => [n.name, n]));
  const app = createApp({ config: testConfig(root, documents, given), env: {}, clock, logger, store, notifiers: notifierByRole });
  try {
    return await runCheck(app, { documents, notify: true });
  } finally {
    await app.close();
  }
}

/** A fresh site and snapshot root per test, torn down afterwards. Read the fields inside tests, not at collection. */
export function useSiteAndRoot(): { site: TestSite; root: string } {
  const context = { site: undefined as unknown as TestSite, root: '' };
  beforeEach(async () => {
    context.site = await new TestSite().start();
    context.root = await makeTempDir();
  });
  afterEach(async () => {
    await context.site.stop();
    await rm(context.root, { recursive: true, force: true });
  });
  return context;
}
