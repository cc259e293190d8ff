import { afterEach, describe, expect, it } from 'vitest';
import { startSmtpServer } from '../../support/smtp-server.ts';
import type { TestSmtpServer } from '../../support/smtp-server.ts';
import type { PipelineEvent } from '../../../src/notify/events.ts';
import { subscribersTake } from '../../../src/notify/routing.ts';
import { addressKey, followOf, unsubscribe, upsertSubscriber } from '../../../src/notify/email/index.ts';
import type { SnapshotStore } from '../../../src/store/types.ts';
import { createMemoryStore } from '../../../src/store/index.ts';
import { book, changeEvent, claimChange, claimsChangedEvent, doc, keyChange, settings } from './factories.ts';
import { htmlOf, leakCheck, rawHeader, wire } from './harness.ts';

let server: TestSmtpServer | undefined;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
  await server?.close();
  server = undefined;
});

const claude = doc('claude-privacy', ['privacy', 'retention', 'training'], 'Claude privacy');
const terms = doc('consumer-terms', ['terms', 'training'], 'Consumer terms');

describe('email notifier over real SMTP', () => {
  it('sends one message per subscriber, a digest when several followed documents changed, filtered by topic', async () => {
    server = await startSmtpServer();
    const w = wire(server.url, book([
      { address: 'all@example.com' },
      { address: 'training@example.com', topics: ['training'] },
      { address: 'doc@example.com', docs: ['claude-privacy'] },
      { address: 'retention@example.com', topics: ['retention'] },
      { address: 'age@example.com', topics: ['age'] },
    ]), { settings: settings({ unsubscribeUrlBase: 'https://policywatch.example/unsubscribe?token=' }) });
    cleanups.push(w.closeAll);
    const retention = changeEvent(claude);
    const training = changeEvent(terms, {
      headline: 'Consumer terms: chats are used for training unless you opt out',
      keyChanges: [keyChange('Training: opt-in → opt-out', 'training')],
    });
    const failing: PipelineEvent = { type: 'tracking-failing', id: 'f1', doc: claude, at: retention.at, failure: { reason: 'timeout', message: 't' }, consecutiveFailures: 3, since: retention.at };
    const formatting = changeEvent(claude, { kind: 'formatting', newHash: 'cccc', keyChanges: [] });

    // Routing hands subscribers user-facing events only: the tracking failure and the formatting-only change stay out.
    const all: PipelineEvent[] = [retention, training, failing, formatting];
    const routed = all.filter(subscribersTake);
    expect(routed).toEqual([retention, training]);
    const report = await w.notifier().deliver(routed);
    expect(report.failed).toEqual([]);
    expect(report.delivered.sort()).toEqual([retention.id, training.id].sort());

    expect(server.received).toHaveLength(4);
    const to = (a: string) => server!.received.filter((m) => m.to.includes(a));
    expect(to('age@example.com')).toHaveLength(0);
    const [digest] = to('all@example.com');
    expect(to('all@example.com')).toHaveLength(1);
    expect(digest!.parsed.subject).toBe('2 policy changes: Claude privacy: retention 30 days → 90 days (+1 more)');
    expect(digest!.parsed.text).toContain('Consumer terms: chats are used for training unless you opt out');
    expect(digest!.parsed.text).toContain('- We keep your chats for 30 days.');
    expect(digest!.parsed.text).toContain('+ We keep your chats for 90 days.');
    expect(to('training@example.com').map((m) => m.parsed.subject)).toEqual(['Consumer terms: chats are used for training unless you opt out']);
    expect(to('doc@example.com').map((m) => m.parsed.subject)).toEqual(['Claude privacy: retention 30 days → 90 days']);
    expect(to('retention@example.com').map((m) => m.parsed.subject)).toEqual(['Claude privacy: retention 30 days → 90 days']);

    // RFC 8058 one-click: an https URL with the subscriber's token, and the POST marker.
    const single = to('doc@example.com')[0]!;
    const token = w.subscribers.book.subscribers.find((s) => s.address === 'doc@example.com')!.unsubscribeToken;
    expect(rawHeader(single, 'List-Unsubscribe')).toContain(`<https://policywatch.example/unsubscribe?token=${token}>`);
    expect(rawHeader(single, 'List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    const html = htmlOf(single);
    expect(html('a').map((_, a) => html(a).attr('href')).get()).toEqual(
      expect.arrayContaining(['https://policies.example.com/claude-privacy', `https://policywatch.example/unsubscribe?token=${token}`]),
    );
    expect(html('del').text()).toBe('30');
    expect(html('ins').text()).toBe('90');
    expect(single.parsed.text).toContain('you follow documents claude-privacy');

    // Same events again (the queue re-delivers): nothing new is sent.
    const again = await w.notifier().deliver([retention, training]);
    expect(again.failed).toEqual([]);
    expect(server.received).toHaveLength(4);
    expect(await leakCheck(w.store, w.logger.records, w.subscribers.book.subscribers.map((s) => s.address))).toEqual([]);
  });

  it('uses a mailto List-Unsubscribe without one-click when no URL base is configured; claim changes alone are mailed', async () => {
    server = await startSmtpServer();
    const b = book([{ address: 'reader@example.com', topics: ['training'] }, { address: 'left@example.com' }]);
    unsubscribe(b, 'left@example.com', new Date());
    upsertSubscriber(b, { address: 'pending@example.com', follow: followOf(), consent: { kind: 'confirm' }, source: 'cli' }, new Date());
    const w = wire(server.url, b);
    cleanups.push(w.closeAll);
    const event = claimsChangedEvent(claude, claimChange('claude-privacy', 'We do not train on your chats.', 'training', 'We may train on your chats.'));
    expect((await w.notifier().deliver([event])).delivered).toEqual([event.id]);
    // Only active subscribers get alerts.
    expect(server.received.map((m) => m.to)).toEqual([['reader@example.com']]);
    const [mail] = server.received;
    expect(rawHeader(mail!, 'List-Unsubscribe')).toMatch(/^<mailto:bot@policywatch\.example\?subject=unsubscribe%20[\w-]+>$/);
    expect(rawHeader(mail!, 'List-Unsubscribe-Post')).toBeUndefined();
    expect(mail!.parsed.text).toContain('"We do not train on your chats."');
    expect(mail!.parsed.text).toContain('was verified, now reworded');
    expect(mail!.parsed.text).toContain('now reads: "We may train on your chats."');
  });

  it('escapes hostile page text in the HTML part and never links to non-http URLs', async () => {
    server = await startSmtpServer();
    const w = wire(server.url, book([{ address: 'reader@example.com' }]));
    cleanups.push(w.closeAll);
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">click</a>';
    const event = changeEvent(claude, {
      headline: `Claude privacy: ${hostile}`,
      doc: { ...claude, title: `Claude <b onmouseover=alert(4)>privacy</b>` },
      keyChanges: [keyChange(`Retention: ${hostile}`, 'retention')],
      diff: { hunks: [{ section: hostile, before: 'old', after: hostile, words: [{ op: 'insert', text: hostile }] }], truncated: false, stats: { added: 1, removed: 0, changed: 0 } },
      links: { page: 'javascript:alert(5)', issue: 'https://github.example.com/o/r/issues/1' },
    });
    await w.notifier().deliver([event]);
    const [mail] = server.received;
    const $ = htmlOf(mail!);
    expect($('script')).toHaveLength(0);
    expect($('img')).toHaveLength(0);
    expect($('b')).toHaveLength(0);
    expect($('h2').text()).toBe('Claude <b onmouseover=alert(4)>privacy</b>');
    expect($('[onerror],[onmouseover]')).toHaveLength(0);
    const hrefs = $('a').map((_, a) => $(a).attr('href')).get();
    expect(hrefs.every((h) => /^(https:|mailto:)/.test(h))).toBe(true);
    expect(hrefs).toContain('https://github.example.com/o/r/issues/1');
    expect($.root().text()).toContain('<script>alert(1)</script>');
    // The subject is one line, as the page said it.
    expect(mail!.parsed.subject).toBe(`Claude privacy: ${hostile}`);
    expect(mail!.parsed.text).toContain(`Retention: ${hostile}`);
  });
});

describe('email notifier: failures', () => {
  it('retries a 4xx deferral with backoff, then the message is accepted once', async () => {
    server = await startSmtpServer({ onRcpt: (a, attempt) => (a === 'slow@example.com' && attempt <= 2 ? 451 : 'accept') });
    const w = wire(server.url, book([{ address: 'slow@example.com' }, { address: 'fast@example.com' }]));
    cleanups.push(w.closeAll);
    const event = changeEvent(claude);
    const report = await w.notifier().deliver([event]);
    expect(report).toEqual({ delivered: [event.id], failed: [], links: {} });
    expect(server.countTo('slow@example.com')).toBe(1);
    expect(server.countTo('fast@example.com')).toBe(1);
    // Two waits with the injected clock: 1 s then 2 s.
    expect(w.clock.now().toISOString()).toBe('2025-03-01T12:00:03.000Z');
  });

  it('keeps a still-deferred delivery pending (failed, transient) and sends it next run without duplicating others', async () => {
    let deferring = true;
    server = await startSmtpServer({ onRcpt: (a) => (deferring && a === 'busy@example.com' ? 450 : 'accept') });
    const w = wire(server.url, book([{ address: 'busy@example.com' }, { address: 'ok@example.com' }]));
    cleanups.push(w.closeAll);
    const event = changeEvent(claude);
    const first = await w.notifier().deliver([event]);
    expect(first.delivered).toEqual([]);
    expect(first.failed).toEqual([{ eventId: event.id, error: 'the SMTP server deferred the message (450)', transient: true }]);
    deferring = false;
    const second = await w.notifier().deliver([event]);
    expect(second.delivered).toEqual([event.id]);
    expect(server.countTo('busy@example.com')).toBe(1);
    expect(server.countTo('ok@example.com')).toBe(1);
  });

  it('records a permanent 5xx, and marks the subscriber bounced after bounceThreshold rejections', async () => {
    server = await startSmtpServer({ onRcpt: (a) => (a === 'gone@example.com' ? 550 : 'accept') });
    const w = wire(server.url, book([{ address: 'gone@example.com' }, { address: 'ok@example.com' }]), { settings: settings({ bounceThreshold: 2 }) });
    cleanups.push(w.closeAll);
    const gone = () => w.subscribers.book.subscribers.find((s) => s.address === 'gone@example.com')!;
    const e1 = changeEvent(claude, { newHash: 'h1' });
    const e2 = changeEvent(claude, { newHash: 'h2' });
    const e3 = changeEvent(claude, { newHash: 'h3' });

    expect((await w.notifier().deliver([e1])).delivered).toEqual([e1.id]);
    expect(gone()).toMatchObject({ state: 'active', rejections: 1 });
    // Re-delivering the same event does not try (or count) the rejected recipient again.
    await w.notifier().deliver([e1]);
    expect(gone().rejections).toBe(1);
    await w.notifier().deliver([e2]);
    expect(gone()).toMatchObject({ state: 'bounced', rejections: 2 });
    const rcptsBefore = server.received.length;
    await w.notifier().deliver([e3]);
    expect(server.received.length).toBe(rcptsBefore + 1);
    expect(server.countTo('ok@example.com')).toBe(3);
    expect(server.countTo('gone@example.com')).toBe(0);
    expect(w.logger.records.some((r) => r.message === 'email: message rejected')).toBe(true);
    expect(await leakCheck(w.store, w.logger.records, ['gone@example.com', 'ok@example.com'])).toEqual([]);
  });

  it('survives the server dropping the connection mid-batch: every subscriber gets exactly one message', async () => {
    let dropped = false;
    server = await startSmtpServer({
      onData: (index) => {
        if (index === 3 && !dropped) {
          dropped = true;
          return 'drop';
        }
        return 'accept';
      },
    });
    const addresses = ['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com', 'e@example.com'];
    const w = wire(server.url, book(addresses.map((address) => ({ address }))));
    cleanups.push(w.closeAll);
    const event = changeEvent(claude);
    const report = await w.notifier().deliver([event]);
    expect(dropped).toBe(true);
    expect(report).toEqual({ delivered: [event.id], failed: [], links: {} });
    expect(addresses.map((a) => server!.countTo(a))).toEqual([1, 1, 1, 1, 1]);
  });

  it('leaves every delivery pending when the server cannot be reached, and the next run sends them', async () => {
    const closed = await startSmtpServer();
    const deadUrl = closed.url;
    await closed.close();
    const addresses = ['a@example.com', 'b@example.com', 'c@example.com'];
    server = await startSmtpServer();
    const w = wire(server.url, book(addresses.map((address) => ({ address }))));
    cleanups.push(w.closeAll);
    const events = [changeEvent(claude), changeEvent(terms)];
    const first = await w.notifier(deadUrl).deliver(events);
    expect(first.delivered).toEqual([]);
    expect(first.failed.map((f) => [f.eventId, f.transient])).toEqual(events.map((e) => [e.id, true]));
    expect(first.failed[0]!.error).toMatch(/could not talk to the SMTP server \(E[A-Z]+\)/);
    expect(server.received).toHaveLength(0);

    const second = await w.notifier().deliver(events);
    expect(second.delivered.sort()).toEqual(events.map((e) => e.id).sort());
    expect(addresses.map((a) => server!.countTo(a))).toEqual([1, 1, 1]);
    expect(await leakCheck(w.store, w.logger.records, addresses)).toEqual([]);
  });

  it('after an interrupted delivery: folds the outcomes it journaled, and never repeats a message to a reader who left since', async () => {
    server = await startSmtpServer();
    const b = book([{ address: 'a@example.com' }, { address: 'b@example.com' }, { address: 'c@example.com' }]);
    const w = wire(server.url, b);
    cleanups.push(w.closeAll);
    const event = changeEvent(claude);
    const key = (address: string) => addressKey(b.secret, address);
    // The killed run had b's message accepted and recorded in the journal, and a's in flight.
    await w.store.writeEmailJournal({
      version: 1,
      sending: [{ key: key('a@example.com'), eventIds: [event.id], messageId: '<pw.a@example.com>', date: '2025-03-01T11:00:00.000Z' }],
      outcomes: [{ key: key('b@example.com'), eventIds: [event.id], entry: { status: 'sent', at: '2025-03-01T11:00:00.000Z', messageId: '<pw.b@example.com>' } }],
    });
    await w.subscribers.update((current) => unsubscribe(current, 'a@example.com', new Date()));
    const report = await w.notifier().deliver([event]);
    expect(report.failed).toEqual([]);
    expect(server.received.map((m) => m.to)).toEqual([['c@example.com']]);
    expect(await w.store.readEmailJournal()).toBeUndefined();
    expect(Object.keys((await w.store.readLedger())!.entries).sort()).toEqual([key('b@example.com'), key('c@example.com')].sort());
  });

  it('reports every user-facing event failed (transient) when the subscribers cannot be opened, and sends nothing', async () => {
    server = await startSmtpServer();
    const w = wire(server.url, book([{ address: 'a@example.com' }]));
    cleanups.push(w.closeAll);
    w.subscribers.load = async () => {
      throw new Error('POLICYWATCH_SUBSCRIBERS_KEY does not open the subscribers file (wrong key)');
    };
    const event = changeEvent(claude);
    const report = await w.notifier().deliver([event]);
    expect(report.failed).toEqual([{ eventId: event.id, error: expect.stringContaining('wrong key'), transient: true }]);
    expect(server.received).toHaveLength(0);
  });

  it('stops the batch when the ledger cannot be written, so at most one message goes out unrecorded', async () => {
    server = await startSmtpServer();
    const memory = createMemoryStore();
    // The disk fills up after the first intent was journaled: the message goes out, its outcome cannot be written.
    let writes = 0;
    const store: SnapshotStore = {
      ...memory,
      writeEmailJournal: async (record) => (++writes > 1 ? Promise.reject(new Error('disk full')) : memory.writeEmailJournal(record)),
      writeLedger: async () => Promise.reject(new Error('disk full')),
    };
    const w = wire(server.url, book([{ address: 'a@example.com' }, { address: 'b@example.com' }, { address: 'c@example.com' }]), { store });
    cleanups.push(w.closeAll);
    const event = changeEvent(claude);
    const report = await w.notifier().deliver([event]);
    expect(report.failed).toEqual([{ eventId: event.id, error: expect.stringContaining('could not record the delivery ledger'), transient: true }]);
    expect(server.received).toHaveLength(1);
  });
});
