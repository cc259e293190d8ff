/**
 * The email window: a crash after the SMTP server accepted a message but before its outcome is on disk repeats that
 * message on the next run. This measures that window (from the server sending its 250 to the outcome written in the
 * journal) while the ledger holds 100, 1,000 and 10,000 subscribers' history, next to the whole-ledger rewrite the
 * window used to contain, and the messages per second. Real SMTP server on 127.0.0.1, real files; asserts nothing.
 *   node bin/run-ts.mjs bench/email.ts
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SettingsSchema } from '../src/config/schema.ts';
import { addressKey, createEmailNotifier, createMemorySubscriberRepository, createSmtpTransport, followOf, newBook, upsertSubscriber } from '../src/notify/email/index.ts';
import type { ChangeEvent } from '../src/notify/events.ts';
import { systemClock } from '../src/shared/clock.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { createFsStore } from '../src/store/index.ts';
import type { LedgerRecord, SnapshotStore } from '../src/store/index.ts';
import { startSmtpServer } from '../test/support/smtp-server.ts';
import { atMost, exitWithMisses, report as reportTarget } from './targets.ts';

const MESSAGES = 50;
const EVENTS_PER_SUBSCRIBER = 20;
/** The target: the write inside the window stays a small one, whatever the ledger's size. */
const TARGET_WINDOW_MS = 10;

const event: ChangeEvent = {
  type: 'change',
  id: 'change:bench:aaaa:bbbb:20260101T000000Z',
  doc: { id: 'bench', title: 'Bench policy', url: 'https://policies.example.test/bench', topics: ['privacy'] },
  kind: 'substantive',
  at: '2026-01-01T00:00:00.000Z',
  oldHash: 'aaaa',
  newHash: 'bbbb',
  headline: 'Bench policy: retention 30 days → 90 days',
  keyChanges: [{ kind: 'changed', text: 'Retention: 30 days → 90 days', topic: 'retention', before: '30 days', after: '90 days' }],
  claimChanges: [],
  effectiveDate: {},
  diff: { hunks: [], truncated: false, stats: { added: 0, removed: 0, changed: 1 } },
  links: { page: 'https://policies.example.test/bench' },
};

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))] ?? NaN;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function measure(history: number): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-bench-email-'));
  const settings = SettingsSchema.parse({ email: { from: 'policywatch@example.org', ratePerSecond: 1000 } });
  const book = newBook();
  for (let i = 0; i < MESSAGES; i++) {
    upsertSubscriber(book, { address: `reader${i}@example.org`, follow: followOf(), consent: { kind: 'attested', by: 'bench' }, source: 'cli' }, new Date());
  }
  // Earlier subscribers' history: what the ledger file holds when this run mails.
  const ledger: LedgerRecord = { version: 1, entries: {} };
  const at = new Date().toISOString();
  for (let i = 0; i < history; i++) {
    const events: LedgerRecord['entries'][string] = {};
    for (let e = 0; e < EVENTS_PER_SUBSCRIBER; e++) events[`change:doc-${e}:aaaaaaaaaaaa:bbbbbbbbbbbb:20250101T000000Z`] = { status: 'sent', at, messageId: `<pw.${'0'.repeat(40)}@example.org>` };
    ledger.entries[addressKey(book.secret, `past${i}@example.org`)] = events;
  }
  const inner = createFsStore(join(dir, 'snapshots'));
  await inner.writeLedger(ledger);
  const ledgerMb = Buffer.byteLength(JSON.stringify(ledger, null, 2)) / 1e6;
  let t = performance.now();
  await inner.writeLedger({ ...ledger, entries: { ...ledger.entries, extra: { e: { status: 'sent', at } } } });
  const rewriteMs = performance.now() - t;

  const accepted: number[] = [];
  const recorded: number[] = [];
  const store: SnapshotStore = {
    ...inner,
    async writeEmailJournal(record) {
      await inner.writeEmailJournal(record);
      // The k-th outcome journaled is the k-th message accepted: messages go out one at a time.
      if (record && recorded.length < accepted.length && record.outcomes.length > 0) recorded.push(performance.now());
    },
  };
  const server = await startSmtpServer({ onAccepted: () => accepted.push(performance.now()) });
  const transport = createSmtpTransport({ SMTP_URL: server.url }, settings, { ratePerSecond: 1000 })!;
  const notifier = createEmailNotifier({ transport, subscribers: createMemorySubscriberRepository(book), store, settings, clock: systemClock, logger: silentLogger });
  t = performance.now();
  const report = await notifier.deliver([event]);
  const seconds = (performance.now() - t) / 1000;
  await transport.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
  if (report.failed.length || server.received.length !== MESSAGES) throw new Error(`bench delivery failed: ${JSON.stringify(report.failed)}`);

  const windows = recorded.map((r, i) => r - accepted[i]!);
  const p95 = quantile(windows, 0.95);
  console.log(
    `ledger of ${history.toLocaleString('en')} subscribers (${ledgerMb.toFixed(1)} MB): window median ${ms(quantile(windows, 0.5))}, ` +
      `p95 ${ms(p95)}; ` +
      `a whole-ledger rewrite (the write inside the window before the journal) ${ms(rewriteMs)}; ${(MESSAGES / seconds).toFixed(0)} messages/s`,
  );
  reportTarget(`send-to-journal window p95, ${history.toLocaleString('en')} subscribers`, p95, atMost(TARGET_WINDOW_MS), { unit: 'ms', digits: 1 });
}

for (const history of [100, 1_000, 10_000]) await measure(history);
exitWithMisses();
