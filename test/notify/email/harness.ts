import { createHash } from 'node:crypto';
import * as cheerio from 'cheerio';
import { createFixedClock } from '../../../src/shared/clock.ts';
import { createMemoryLogger } from '../../../src/shared/logger.ts';
import type { Settings } from '../../../src/config/schema.ts';
import type { SnapshotStore } from '../../../src/store/types.ts';
import { createMemoryStore } from '../../../src/store/index.ts';
import {
  createEmailNotifier,
  createMemorySubscriberRepository,
  createSmtpTransport,
} from '../../../src/notify/email/index.ts';
import type { MailTransport, SubscriberBook } from '../../../src/notify/email/index.ts';
import type { ReceivedMail } from '../../support/smtp-server.ts';
import { NOW, settings as makeSettings } from './factories.ts';

/** One notifier wired to real parts: the given SMTP URL, a memory store and a memory subscriber file. */
export function wire(url: string, book: SubscriberBook, options: { settings?: Settings; store?: SnapshotStore } = {}) {
  const settings = options.settings ?? makeSettings();
  const store = options.store ?? createMemoryStore();
  const subscribers = createMemorySubscriberRepository(book);
  const logger = createMemoryLogger();
  const clock = createFixedClock(NOW);
  const transports: MailTransport[] = [];
  const notifier = (smtpUrl = url) => {
    const transport = createSmtpTransport({ SMTP_URL: smtpUrl }, settings);
    if (!transport) throw new Error('no transport');
    transports.push(transport);
    // Jitter pinned to the top of its range: the waits are exactly 1 s, then 2 s.
    return createEmailNotifier({ transport, subscribers, store, settings, clock, logger, retry: { attempts: 3, baseDelayMs: 1000 }, random: () => 1 });
  };
  const closeAll = async () => {
    for (const t of transports) await t.close();
  };
  return { settings, store, subscribers, logger, clock, notifier, closeAll };
}

/** Header value as sent (folded lines joined). */
export function rawHeader(mail: ReceivedMail, name: string): string | undefined {
  const head = mail.raw.split(/\r?\n\r?\n/)[0]?.replace(/\r?\n[ \t]+/g, ' ') ?? '';
  const line = head.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

export function htmlOf(mail: ReceivedMail): cheerio.CheerioAPI {
  return cheerio.load(typeof mail.parsed.html === 'string' ? mail.parsed.html : '');
}

/** Everything that could leak an address: ledger record, log records. */
export async function leakCheck(store: SnapshotStore, logs: unknown, addresses: string[]): Promise<string[]> {
  const ledger = JSON.stringify((await store.readLedger()) ?? {});
  const logText = JSON.stringify(logs);
  const leaks: string[] = [];
  for (const a of addresses) {
    const plainHash = createHash('sha256').update(a).digest('hex');
    if (ledger.includes(a) || ledger.includes(plainHash.slice(0, 32))) leaks.push(`ledger:${a}`);
    if (logText.includes(a) || logText.includes(a.split('@')[0] + '@')) leaks.push(`logs:${a}`);
  }
  return leaks;
}
