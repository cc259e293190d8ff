import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createFixedClock } from '../../../src/shared/clock.ts';
import { createMemoryLogger } from '../../../src/shared/logger.ts';
import { createMemoryStore } from '../../../src/store/index.ts';
import {
  createEmailNotifier,
  createMemorySubscriberRepository,
  createOutboxTransport,
  createSmtpTransport,
} from '../../../src/notify/email/index.ts';
import { NOW, book, changeEvent, doc, settings } from './factories.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-outbox-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

it('without SMTP settings, messages go to outbox/ as .eml files named stably, so a re-run adds none', async () => {
  const s = settings();
  expect(createSmtpTransport({}, s)).toBeUndefined();
  const subscribers = createMemorySubscriberRepository(book([{ address: 'a@example.com' }, { address: 'b@example.com', topics: ['age'] }, { address: 'c@example.com' }]));
  const events = [changeEvent(doc('claude-privacy', ['retention']))];
  const run = async () => {
    // A fresh ledger each time: even a lost ledger does not duplicate an outbox file.
    const notifier = createEmailNotifier({
      transport: createOutboxTransport(dir),
      subscribers,
      store: createMemoryStore(),
      settings: s,
      clock: createFixedClock(NOW),
      logger: createMemoryLogger(),
    });
    return notifier.deliver(events);
  };
  expect((await run()).delivered).toEqual([events[0]!.id]);
  const files = (await readdir(dir)).sort();
  expect(files).toHaveLength(2);
  expect(files.every((f) => f.endsWith('.eml') && !f.includes('example.com'))).toBe(true);
  await run();
  expect((await readdir(dir)).sort()).toEqual(files);

  const parsed = await Promise.all(files.map(async (f) => simpleParser(await readFile(join(dir, f)))));
  const to = parsed.map((m) => (Array.isArray(m.to) ? '' : m.to?.text)).sort();
  expect(to).toEqual(['a@example.com', 'c@example.com']);
  expect(parsed[0]!.subject).toBe(events[0]!.headline);
  expect(parsed[0]!.html).toContain('<del');
  expect((await readFile(join(dir, files[0]!), 'utf8')).replace(/\n[ \t]+/g, ' ')).toMatch(/^List-Unsubscribe: <mailto:bot@policywatch\.example\?subject=unsubscribe%20/m);
});
