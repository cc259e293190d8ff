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
import { NOW, changeEvent, doc, settings } from './factories.ts';
import { leakCheck } from './harness.ts';

const KEY = 'a test key that is long enough';
let server: TestSmtpServer | undefined;
let dir: string | undefined;
afterEach(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

it('a process killed mid-batch, then a re-run: exactly one message per subscriber covering every change', async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-email-crash-'));
  const addresses = Array.from({ length: 6 }, (_, i) => `reader${i}@example.com`);
  const subscribersFile = join(dir, 'subscribers.json.enc');
  const repo = createFileSubscriberRepository(subscribersFile, KEY);
  await repo.update((b) => {
    for (const address of addresses) {
      upsertSubscriber(b, { address, follow: followOf(), consent: { kind: 'attested', by: 'test' }, source: 'cli' }, new Date(NOW));
    }
  });
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
  const configPath = join(dir, 'batch.json');
  await writeFile(configPath, JSON.stringify({ smtpUrl: server.url, storeDir, subscribersFile, events }));

  const child = spawn(process.execPath, ['bin/run-ts.mjs', 'test/notify/email/fixtures/send-batch.ts', configPath], {
    cwd: join(import.meta.dirname, '../../..'),
    env: { ...process.env, POLICYWATCH_SUBSCRIBERS_KEY: KEY },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let childErr = '';
  child.stderr.on('data', (c: Buffer) => (childErr += c.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  await Promise.race([server.waitForHang(), exited.then(() => Promise.reject(new Error(`child ended early: ${childErr}`)))]);
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(server.received).toHaveLength(3);

  // Re-run in this process against the same ledger and subscribers file.
  const s = settings();
  const transport = createSmtpTransport({ SMTP_URL: server.url }, s)!;
  const store = createFsStore(storeDir);
  const logger = createMemoryLogger();
  const notifier = createEmailNotifier({ transport, subscribers: repo, store, settings: s, clock: createFixedClock(NOW), logger });
  const report = await notifier.deliver(events);
  await transport.close();

  expect(report.failed).toEqual([]);
  expect(addresses.map((a) => server!.countTo(a))).toEqual([1, 1, 1, 1, 1, 1]);
  // Every message is the digest of both changes.
  expect(new Set(server.received.map((m) => m.parsed.subject))).toEqual(new Set([`2 policy changes: ${events[0]!.headline} (+1 more)`]));
  expect(new Set(server.received.map((m) => m.parsed.messageId)).size).toBe(6);
  const ledger = (await store.readLedger())!;
  expect(Object.values(ledger.entries).map((e) => Object.keys(e).sort())).toEqual(Array(6).fill(events.map((e) => e.id).sort()));
  expect(await leakCheck(store, logger.records, addresses)).toEqual([]);
});
