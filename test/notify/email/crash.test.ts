import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startSmtpServer } from '../../support/smtp-server.ts';
import type { TestSmtpServer } from '../../support/smtp-server.ts';
import { createFsStore } from '../../../src/store/index.ts';
import { createFixedClock } from '../../../src/shared/clock.ts';
import { createMemoryLogger } from '../../../src/shared/logger.ts';
import {
  createEmailNotifier,
  createFileSubscriberRepository,
  createSmtpTransport,
  followOf,
  upsertSubscriber,
} from '../../../src/notify/email/index.ts';
import type { SubscriberRepository } from '../../../src/notify/email/index.ts';
import type { ChangeEvent } from '../../../src/notify/events.ts';
import { NOW, changeEvent, doc, settings } from './factories.ts';
import { leakCheck, rawHeader } from './harness.ts';

const KEY = 'a test key that is long enough';
let server: TestSmtpServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});


async function subscribe(addresses: string[]) {
  const subscribersFile = join(dir!, 'subscribers.json.enc');
  const repo = createFileSubscriberRepository(subscribersFile, KEY);
  await repo.update((b) => {
    for (const address of addresses) {
      upsertSubscriber(b, { address, follow: followOf(), consent: { kind: 'attested', by: 'test' }, source: 'cli' }, new Date(NOW));
    }
  });
  return { repo, subscribersFile };
}

/** Runs the delivery in a child process and SIGKILLs it once the server holds a DATA command (the barrier). */
async function killAtHeldData(subscribersFile: string, storeDir: string, events: readonly ChangeEvent[]): Promise<void> {
  const configPath = join(dir!, 'batch.json');
  await writeFile(configPath, JSON.stringify({ smtpUrl: server!.url, storeDir, subscribersFile, events }));
  const child = spawn(process.execPath, ['bin/run-ts.mjs', 'test/notify/email/fixtures/send-batch.ts', configPath], {
    cwd: join(import.meta.dirname, '../../..'),
    env: { ...process.env, POLICYWATCH_SUBSCRIBERS_KEY: KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let childErr = '';
  child.stderr.on('data', (c: Buffer) => (childErr += c.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await Promise.race([server!.waitForHang(), exited.then(() => Promise.reject(new Error(`child ended early: ${childErr}`)))]);
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
}

/** The delivery again, in this process, against the same ledger and subscribers file. */
async function rerun(repo: SubscriberRepository, storeDir: string, events: readonly ChangeEvent[]) {
  const s = settings();
  const transport = createSmtpTransport({ SMTP_URL: server!.url }, s)!;
  const store = createFsStore(storeDir);
  const logger = createMemoryLogger();
  const notifier = createEmailNotifier({ transport, subscribers: repo, store, settings: s, clock: createFixedClock(NOW), logger });
  const report = await notifier.deliver(events);
  await transport.close();
  return { report, store, logger };
}

it('a process killed mid-batch, then a re-run: exactly one message per subscriber covering every change', async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-email-crash-'));
  const addresses = Array.from({ length: 6 }, (_, i) => `reader${i}@example.com`);
  const { repo, subscribersFile } = await subscribe(addresses);
  // The 4th message is held at DATA: the child has had 3 messages accepted (and recorded) when it is killed.
  let held = false;
  server = await startSmtpServer({
    onData: () => {
      if (server!.received.length === 3 && !held) {
        held = true;
        return 'hang';
      }
      return 'accept';
    },
  });
  const events = [changeEvent(doc('claude-privacy')), changeEvent(doc('consumer-terms'))];
  const storeDir = join(dir, 'snapshots');
  await killAtHeldData(subscribersFile, storeDir, events);
  expect(server.received).toHaveLength(3);

  const { report, store, logger } = await rerun(repo, storeDir, events);
  expect(report.failed).toEqual([]);
  expect(addresses.map((a) => server!.countTo(a))).toEqual([1, 1, 1, 1, 1, 1]);
  // Every message is the digest of both changes.
  expect(new Set(server.received.map((m) => m.parsed.subject))).toEqual(new Set([`2 policy changes: ${events[0]!.headline} (+1 more)`]));
  expect(new Set(server.received.map((m) => m.parsed.messageId)).size).toBe(6);
  const ledger = (await store.readLedger())!;
  expect(Object.values(ledger.entries).map((e) => Object.keys(e).sort())).toEqual(Array(6).fill(events.map((e) => e.id).sort()));
  expect(await store.readEmailJournal()).toBeUndefined();
  expect(await leakCheck(store, logger.records, addresses)).toEqual([]);
});

it('killed after the server took a message, before the 250 was read: the re-run repeats that one message once, as the same message, and mails a change queued meanwhile apart', async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-email-crash-'));
  const addresses = Array.from({ length: 4 }, (_, i) => `reader${i}@example.com`);
  const { repo, subscribersFile } = await subscribe(addresses);
  // The server takes the 2nd message whole, then holds its 250: the child is killed right after acceptance.
  server = await startSmtpServer({ onData: (index) => (index === 2 ? 'accept-then-hang' : 'accept') });
  const events = [changeEvent(doc('claude-privacy')), changeEvent(doc('consumer-terms'))];
  const storeDir = join(dir, 'snapshots');
  await killAtHeldData(subscribersFile, storeDir, events);
  expect(server.received).toHaveLength(2);
  const [, taken] = server.received;
  const unlucky = taken!.to[0]!;
  expect(unlucky).toBe('reader1@example.com');

  // Before the re-run, the next check queued one more change.
  const later = changeEvent(doc('usage-policy'), { newHash: 'cccc' });
  const { report, store } = await rerun(repo, storeDir, [...events, later]);
  expect(report.failed).toEqual([]);

  const carrying = (address: string, event: ChangeEvent) => server!.received.filter((m) => m.to.includes(address) && m.parsed.text?.includes(event.headline));
  for (const address of addresses) {
    // Each reader hears of each change; only the unlucky reader hears of the first two twice.
    expect(carrying(address, later), address).toHaveLength(1);
    expect(carrying(address, events[0]!), address).toHaveLength(address === unlucky ? 2 : 1);
  }
  // The repeat is the same message: same Message-ID, same Date, same subject, so mail clients thread or drop it.
  const [original, repeat] = carrying(unlucky, events[0]!);
  expect(repeat!.parsed.messageId).toBe(original!.parsed.messageId);
  expect(rawHeader(repeat!, 'Date')).toBe(rawHeader(original!, 'Date'));
  expect(repeat!.parsed.subject).toBe(original!.parsed.subject);
  expect(repeat!.parsed.text).toBe(original!.parsed.text);
  // The change queued meanwhile went to the unlucky reader in a message of its own.
  expect(server.countTo(unlucky)).toBe(3);
  expect(addresses.map((a) => server!.countTo(a))).toEqual([2, 3, 1, 1]);
  expect(await store.readEmailJournal()).toBeUndefined();
  const ledger = (await store.readLedger())!;
  expect(Object.values(ledger.entries).map((e) => Object.keys(e).length)).toEqual([3, 3, 3, 3]);
});
