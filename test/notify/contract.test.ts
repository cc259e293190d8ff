import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { createApp, type App, type AppOptions } from '../../src/app/index.ts';
import { SettingsSchema } from '../../src/config/schema.ts';
import type { Channel } from '../../src/notify/channel.ts';
import { createFileSubscriberRepository, followOf, outboxFileName, renderMessage, upsertSubscriber } from '../../src/notify/email/index.ts';
import type { PipelineEvent } from '../../src/notify/events.ts';
import { draftFileName } from '../../src/notify/outbox/index.ts';
import { readMarkers } from '../../src/notify/github/markers.ts';
import { CHANNELS } from '../../src/notify/registry.ts';
import { createMemoryLogger } from '../../src/shared/logger.ts';
import { createFsStore } from '../../src/store/index.ts';
import { appConfig, FAST_CHANNELS } from '../support/app.ts';
import { startFakeGithub } from '../support/github-server.ts';
import { startSmtpServer } from '../support/smtp-server.ts';
import { startHttpReceiver, type Received } from '../support/http-receiver.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { contractEvents, describeNotifierContract, headlineOf, type NotifierHarness } from './contract.ts';
import { startServe } from '../../src/serve/index.ts';

const KEY = 'contract-subscribers-key-0123456789abcdef';
const settings = SettingsSchema.parse({ email: { from: 'policywatch <bot@policywatch.example>', ratePerSecond: 1000 } });
const events = contractEvents();

/** Readers chosen so each user-facing event has a reader of its own and one who gets the digest of everything. */
const READERS = [
  { address: 'alpha-reader@example.org', docs: ['alpha'], topics: [] },
  { address: 'training-reader@example.org', docs: [], topics: ['training' as const] },
  { address: 'everything@example.org', docs: [], topics: [] },
];
const MAIL_RECIPIENTS: Record<string, string[]> = {
  [events.a.id]: ['alpha-reader@example.org', 'everything@example.org'],
  [events.b.id]: ['training-reader@example.org', 'everything@example.org'],
  [events.claims.id]: ['alpha-reader@example.org', 'everything@example.org'],
};

/** A temp repository root (snapshots, outbox, subscribers file) and the apps built on it, closed together. */
async function workspace(options: { subscribers?: boolean } = {}) {
  const root = await makeTempDir();
  const store = createFsStore(join(root, 'snapshots'));
  const subscribersFile = join(root, settings.email.subscribersFile);
  if (options.subscribers) {
    await createFileSubscriberRepository(subscribersFile, KEY).update((book) => {
      for (const r of READERS) {
        const follow = r.docs.length || r.topics.length ? followOf(r.docs, r.topics) : followOf([], []);
        upsertSubscriber(book, { address: r.address, follow, consent: { kind: 'attested', by: 'contract test' }, source: 'cli' }, new Date());
      }
    });
  }
  const apps: App[] = [];
  const open = (adapter: string, options: Omit<AppOptions, 'config' | 'store' | 'logger'>): Channel => {
    const app = createApp({ ...options, config: appConfig(settings, { rootDir: root }), store, logger: createMemoryLogger() });
    apps.push(app);
    const channel = app.channels.find((c) => c.adapter === adapter);
    if (!channel) throw new Error(`the composition root did not pick ${adapter}: ${app.channelLines.join('; ')}`);
    return channel;
  };
  /** Files in a folder of the root (not folders: a test puts one where a file must go to make its write fail). */
  const files = async (dir: string) =>
    (await readdir(join(root, dir), { withFileTypes: true }).catch(() => [])).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name);
  const close = async () => {
    await Promise.all(apps.map((app) => app.close()));
    await rm(root, { recursive: true, force: true });
  };
  return { root, store, subscribersFile, open, files, close };
}

/** The readers for whom `event` travels alone in this delivery (the others get it in a digest with the rest). */
function soleReaders(event: PipelineEvent, delivery: readonly PipelineEvent[]): string[] {
  const others = delivery.filter((e) => e.id !== event.id).flatMap((e) => MAIL_RECIPIENTS[e.id] ?? []);
  return (MAIL_RECIPIENTS[event.id] ?? []).filter((address) => !others.includes(address));
}

/** Which contract events a message carries, read back from its text. */
function eventsIn(text: string): string[] {
  return events.all.filter((e) => headlineOf(e) && text.includes(headlineOf(e)!)).map((e) => e.id);
}

const harnesses: Record<string, () => Promise<NotifierHarness>> = {
  github: async () => {
    const server = await startFakeGithub();
    const ws = await workspace();
    const repository = `${server.owner}/${server.repo}`;
    return {
      store: ws.store,
      open: () =>
        ws.open('github', {
          env: { GITHUB_TOKEN: server.token, GITHUB_REPOSITORY: repository, GITHUB_API_URL: server.url },
          channels: { github: { ...FAST_CHANNELS.github, retries: 0 } },
        }),
      deliveries: async () =>
        server.issues.flatMap((issue) => [
          // The body's first fingerprint is the issue's own event; later ones list its comments'.
          { eventId: readMarkers(issue.body, 'fingerprint')[0] ?? '?', recipient: repository },
          ...issue.comments.map((c) => ({ eventId: readMarkers(c.body, 'fingerprint')[0] ?? '?', recipient: repository })),
        ]),
      recipients: (event) => (event.id === events.formatting.id ? [] : [repository]),
      externalCalls: async () => server.requests.length,
      breakDelivery: async () => server.inject({ kind: 'status', status: 502 }, { method: 'POST', path: /\/issues$/ }),
      heal: async () => {},
      close: async () => {
        expect(server.violations).toEqual([]);
        await Promise.all([ws.close(), server.close()]);
      },
    };
  },

  'issue-drafts': async () => {
    const ws = await workspace();
    const dir = join('outbox', 'issues');
    const blocked: string[] = [];
    return {
      store: ws.store,
      open: () => ws.open('issue-drafts', { env: {} }),
      deliveries: async () =>
        Promise.all(
          (await ws.files(dir)).filter((f) => f.endsWith('.md')).map(async (f) => ({
            eventId: readMarkers(await readFile(join(ws.root, dir, f), 'utf8'), 'fingerprint')[0] ?? '?',
            recipient: 'outbox',
          })),
        ),
      recipients: (event) => (event.id === events.formatting.id ? [] : ['outbox']),
      externalCalls: async () => (await readdir(join(ws.root, 'outbox')).catch(() => [])).length,
      // A folder where the draft must go: the write fails as a full disk or a permission would.
      breakDelivery: async (event) => {
        const path = join(ws.root, dir, draftFileName(event.id));
        await mkdir(path, { recursive: true });
        await mkdir(join(path, 'occupied'));
        blocked.push(path);
      },
      heal: async () => void (await Promise.all(blocked.splice(0).map((p) => rm(p, { recursive: true })))),
      close: ws.close,
    };
  },

  smtp: async () => {
    const server = await startSmtpServer();
    const ws = await workspace({ subscribers: true });
    let refused: string[] = [];
    server.behaviour.onRcpt = (address) => (refused.includes(address) ? 451 : 'accept');
    return {
      store: ws.store,
      open: () => ws.open('smtp', { env: { SMTP_URL: server.url, POLICYWATCH_SUBSCRIBERS_KEY: KEY }, channels: { smtp: FAST_CHANNELS.smtp } }),
      deliveries: async () => server.received.flatMap((m) => eventsIn(m.parsed.text ?? '').map((eventId) => ({ eventId, recipient: m.to.join(',') }))),
      recipients: (event) => MAIL_RECIPIENTS[event.id] ?? [],
      externalCalls: async () => server.connections + server.received.length,
      breakDelivery: async (event, delivery) => void (refused = soleReaders(event, delivery)),
      heal: async () => void (refused = []),
      close: async () => {
        await ws.close();
        await server.close();
      },
    };
  },

  'eml-drafts': async () => {
    const ws = await workspace({ subscribers: true });
    const dir = join('outbox', 'email');
    const blocked: string[] = [];
    return {
      store: ws.store,
      open: () => ws.open('eml-drafts', { env: { POLICYWATCH_SUBSCRIBERS_KEY: KEY }, channels: { 'eml-drafts': FAST_CHANNELS['eml-drafts'] } }),
      deliveries: async () => {
        const out: { eventId: string; recipient: string }[] = [];
        for (const f of (await ws.files(dir)).filter((name) => name.endsWith('.eml'))) {
          const mail = await simpleParser(await readFile(join(ws.root, dir, f)));
          const to = Array.isArray(mail.to) ? '' : (mail.to?.text ?? '');
          out.push(...eventsIn(mail.text ?? '').map((eventId) => ({ eventId, recipient: to })));
        }
        return out;
      },
      recipients: (event) => MAIL_RECIPIENTS[event.id] ?? [],
      externalCalls: async () => (await readdir(join(ws.root, 'outbox')).catch(() => [])).length,
      // A folder where a reader's message file must go.
      breakDelivery: async (event, delivery) => {
        const book = await createFileSubscriberRepository(ws.subscribersFile, KEY).load();
        for (const address of soleReaders(event, delivery)) {
          const reader = book.subscribers.find((s) => s.address === address)!;
          const message = renderMessage(reader, [event as Extract<PipelineEvent, { type: 'change' }>], settings);
          const path = join(ws.root, dir, outboxFileName(message.messageId));
          await mkdir(join(path, 'occupied'), { recursive: true });
          blocked.push(path);
        }
      },
      heal: async () => void (await Promise.all(blocked.splice(0).map((p) => rm(p, { recursive: true })))),
      close: ws.close,
    };
  },

  serve: async () => {
    // The far end is a real serve (its API, its alert log in SQLite); a failing delivery is a 503 from the network.
    const ws = await workspace();
    const token = 'contract-serve-api-token-0123456789';
    const env = { POLICYWATCH_SERVE_SECRET: 'contract-serve-secret-0123456789abcdef0123' };
    const host = createApp({ config: appConfig(settings, { rootDir: ws.root }), env, store: ws.store, logger: createMemoryLogger(), preferDatabase: true });
    const serve = await startServe({ app: host, port: 0, host: '127.0.0.1', apiToken: token });
    let calls = 0;
    const broken = new Set<string>();
    const faulty: typeof fetch = async (input, init) => {
      calls++;
      if ([...broken].some((id) => String(init?.body).includes(id))) return new Response('{"error":"unavailable"}', { status: 503 });
      return fetch(input, init);
    };
    return {
      store: ws.store,
      open: () => ws.open('serve', { env: { POLICYWATCH_SERVE_URL: serve.url, POLICYWATCH_SERVE_TOKEN: token }, channels: { serve: { fetch: faulty } } }),
      deliveries: async () => serve.alerts.recent({ limit: 1000 }).map((a) => ({ eventId: a.event.id, recipient: 'serve' })),
      recipients: (event) => (MAIL_RECIPIENTS[event.id] ? ['serve'] : []),
      externalCalls: async () => calls,
      breakDelivery: async (event) => void broken.add(event.id),
      heal: async () => broken.clear(),
      close: async () => {
        await serve.close();
        await host.close();
        await ws.close();
      },
    };
  },
};

/** A channel that POSTs each event to a URL: the receiver is real; a broken event is answered 503 until healed. */
function postHarness(adapter: 'webhook' | 'slack', env: (url: string) => NodeJS.ProcessEnv, eventOf: (request: Received) => string | undefined) {
  return async (): Promise<NotifierHarness> => {
    const receiver = await startHttpReceiver();
    const ws = await workspace();
    let broken: string[] = [];
    receiver.reply = (request) => (broken.includes(eventOf({ ...request, status: 0 }) ?? '') ? 503 : 202);
    const maintainers = (event: PipelineEvent) => (event.id === events.formatting.id ? [] : [adapter]);
    return {
      store: ws.store,
      open: () => ws.open(adapter, { env: env(receiver.url), channels: { [adapter]: FAST_CHANNELS[adapter] } }),
      deliveries: async () => receiver.accepted().map((r) => ({ eventId: eventOf(r) ?? '?', recipient: adapter })),
      recipients: maintainers,
      externalCalls: async () => receiver.requests.length,
      breakDelivery: async (event) => void (broken = [event.id]),
      heal: async () => void (broken = []),
      close: async () => {
        await ws.close();
        await receiver.close();
      },
    };
  };
}

harnesses.webhook = postHarness(
  'webhook',
  (url) => ({ POLICYWATCH_WEBHOOK_URL: url, POLICYWATCH_WEBHOOK_SECRET: 'contract-webhook-secret-0123456789' }),
  (r) => (JSON.parse(r.body) as { id: string }).id,
);
harnesses.slack = postHarness(
  'slack',
  (url) => ({ SLACK_WEBHOOK_URL: url }),
  // The context block ends with the event id: how the harness tells messages apart.
  (r) => /event `([^`]+)`$/.exec((JSON.parse(r.body) as { blocks: { elements?: { text: string }[] }[] }).blocks.at(-1)?.elements?.[0]?.text ?? '')?.[1],
);

for (const [name, make] of Object.entries(harnesses)) describeNotifierContract(name, make);

describe('the channel registry', () => {
  it('lists no channel the contract does not run against', () => {
    expect(CHANNELS.map((c) => c.name).sort()).toEqual(Object.keys(harnesses).sort());
  });

  it('names, for every channel, a role, the settings that select it, and a rule that leaves formatting-only changes out', () => {
    for (const channel of CHANNELS) {
      expect(channel.role).toMatch(/^[a-z-]+$/);
      expect(channel.settings.length).toBeGreaterThan(0);
      expect(channel.takes(events.formatting, settings)).toBe(false);
    }
  });
});
