import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Channel } from '../../src/notify/channel.ts';
import type { ClaimsChangedEvent, PipelineEvent } from '../../src/notify/events.ts';
import { NotificationQueue } from '../../src/notify/queue.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import type { SnapshotStore } from '../../src/store/types.ts';
import { makeChange, makeClaimChange, makeDoc, makeFailing, makeMoved } from './github/factories.ts';

/**
 * One contract for every notification channel, run against each adapter's real far end (the OpenAPI-checked GitHub
 * server, a real SMTP server, the outbox folders). A new channel passes it before it is listed in the registry.
 */
export interface NotifierHarness {
  /** The channel as a fresh run builds it through the composition root: same far end, same store, new process. */
  open(): Channel;
  /** The records (queue, ledgers) every run of this harness shares. */
  store: SnapshotStore;
  /** Every delivery seen at the far end (an issue, a comment, an email, a draft): which event, to whom. */
  deliveries(): Promise<{ eventId: string; recipient: string }[]>;
  /** Who must receive an event; none when the channel must not take it (the routing oracle, written by hand). */
  recipients(event: PipelineEvent): string[];
  /** Calls made to the outside so far: HTTP requests, SMTP connections, files written. */
  externalCalls(): Promise<number>;
  /** Makes delivering `event` fail at the far end, transiently, where it is not bundled with the rest of `delivery`. */
  breakDelivery(event: PipelineEvent, delivery: readonly PipelineEvent[]): Promise<void>;
  heal(): Promise<void>;
  close(): Promise<void>;
}

/** Every event type, user-facing or not; headlines are distinct so a digest email can be read back per event. */
export function contractEvents() {
  const alpha = makeDoc({ id: 'alpha', title: 'Alpha policy', url: 'https://policies.example.test/alpha', topics: ['retention'] });
  const beta = makeDoc({ id: 'beta', title: 'Beta terms', url: 'https://policies.example.test/beta', topics: ['training'] });
  const gamma = makeDoc({ id: 'gamma', title: 'Gamma help', url: 'https://policies.example.test/gamma', topics: ['privacy'] });
  const a = makeChange({ doc: alpha, headline: 'Alpha policy: retention 30 days → 90 days', claimChanges: [] });
  const b = makeChange({
    doc: beta,
    oldHash: 'beta0001',
    newHash: 'beta0002',
    headline: 'Beta terms: chats train models unless you opt out',
    keyChanges: [{ kind: 'changed', topic: 'training', text: 'Training: opt-in → opt-out', before: 'opt-in', after: 'opt-out' }],
    claimChanges: [],
  });
  const claim = makeClaimChange({ docId: 'alpha' });
  const claims: ClaimsChangedEvent = { type: 'claims-changed', id: 'alpha:claims:1', doc: alpha, at: '2025-03-02T07:00:00Z', claimChanges: [claim] };
  const formatting = makeChange({ doc: alpha, oldHash: 'fmt00001', newHash: 'fmt00002', kind: 'formatting', headline: '', keyChanges: [], claimChanges: [] });
  const failing = makeFailing('timeout', 1, gamma);
  const moved = makeMoved(gamma);
  return { a, b, claims, formatting, failing, moved, all: [a, b, claims, formatting, failing, moved] as PipelineEvent[] };
}

/** The headline an event carries wherever it goes (email subject or section), to read deliveries back. */
export function headlineOf(event: PipelineEvent): string | undefined {
  if (event.type === 'change') return event.headline;
  if (event.type === 'claims-changed') return `${event.doc.title}: quoted statements changed`;
  return undefined;
}

/** A store whose queue record cannot be written once armed: the process "dies" after sending, before recording. */
function crashBeforeRecording(store: SnapshotStore): { store: SnapshotStore; arm(): void } {
  let armed = false;
  const wrapped = new Proxy(store, {
    get(target, key, receiver) {
      if (key === 'writeQueue') {
        return async (record: Parameters<SnapshotStore['writeQueue']>[0]) => {
          if (armed) throw new Error('killed before the queue was recorded');
          return target.writeQueue(record);
        };
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { store: wrapped, arm: () => (armed = true) };
}

export function describeNotifierContract(name: string, makeHarness: () => Promise<NotifierHarness>): void {
  describe(`notifier contract: ${name}`, () => {
    let h: NotifierHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(async () => {
      await h.close();
    });

    const events = contractEvents();
    const ids = (list: readonly PipelineEvent[]) => list.map((e) => e.id).sort();
    /** Recipients per event id, sorted; a recipient listed twice was delivered to twice. */
    const seen = async (): Promise<Record<string, string[]>> => {
      const out: Record<string, string[]> = {};
      for (const d of await h.deliveries()) (out[d.eventId] ??= []).push(d.recipient);
      for (const list of Object.values(out)) list.sort();
      return out;
    };
    const owed = (list: readonly PipelineEvent[]): Record<string, string[]> =>
      Object.fromEntries(list.map((e) => [e.id, [...h.recipients(e)].sort()]).filter(([, r]) => r!.length > 0));

    it('an empty delivery, or one of only events it does not take, makes no external call', async () => {
      const channel = h.open();
      expect(await channel.deliver([])).toEqual({ delivered: [], failed: [], links: {} });
      const queue = await NotificationQueue.open(h.store);
      await queue.add(events.all.filter((e) => h.recipients(e).length === 0), [channel]);
      expect(queue.pending()).toEqual([]);
      expect(await queue.dispatch([channel], silentLogger)).toEqual({ delivered: 0, failed: [], links: {} });
      expect(await h.externalCalls()).toBe(0);
    });

    it('routing: it is handed only the events it takes, and each of those reaches its recipients once', async () => {
      const channel = h.open();
      const taken = events.all.filter((e) => channel.takes(e));
      expect(taken.length).toBeGreaterThan(0);
      expect(ids(taken)).toEqual(ids(events.all.filter((e) => h.recipients(e).length > 0)));
      const handed: PipelineEvent[] = [];
      const spy: Channel = { ...channel, deliver: async (list) => (handed.push(...list), channel.deliver(list)) };
      const queue = await NotificationQueue.open(h.store);
      await queue.add(events.all, [spy]);
      const result = await queue.dispatch([spy], silentLogger);
      expect(result.failed).toEqual([]);
      expect(ids(handed)).toEqual(ids(taken));
      expect(queue.pending()).toEqual([]);
      expect(await seen()).toEqual(owed(taken));
    });

    it('is idempotent by event id: the same events again, from a new run, reach nobody twice', async () => {
      const taken = events.all.filter((e) => h.open().takes(e));
      const first = await h.open().deliver(taken);
      expect(first.failed).toEqual([]);
      expect([...first.delivered].sort()).toEqual(ids(taken));
      const again = await h.open().deliver(taken);
      expect(again.failed).toEqual([]);
      expect([...again.delivered].sort()).toEqual(ids(taken));
      expect(await seen()).toEqual(owed(taken));
    });

    it('a crash between sending and recording: the re-run finishes the queue and delivers nothing twice', async () => {
      const channel = h.open();
      const taken = events.all.filter((e) => channel.takes(e));
      const crash = crashBeforeRecording(h.store);
      const doomed = await NotificationQueue.open(crash.store);
      await doomed.add(events.all, [channel]);
      crash.arm();
      await expect(doomed.dispatch([channel], silentLogger)).rejects.toThrow(/killed/);
      expect(await seen()).toEqual(owed(taken));

      const rerun = await NotificationQueue.open(h.store);
      expect(ids(rerun.pending().map((item) => item.event))).toEqual(ids(taken));
      const result = await rerun.dispatch([h.open()], silentLogger);
      expect(result.failed).toEqual([]);
      expect(rerun.pending()).toEqual([]);
      expect(await seen()).toEqual(owed(taken));
    });

    it('a failure stays with its event, is reported transient, and the next delivery completes it without repeats', async () => {
      const delivery = [events.a, events.b];
      expect(delivery.every((e) => h.open().takes(e))).toBe(true);
      await h.breakDelivery(events.a, delivery);
      const report = await h.open().deliver(delivery);
      expect(report.failed).toEqual([{ eventId: events.a.id, error: expect.any(String), transient: true }]);
      expect(report.delivered).toEqual([events.b.id]);
      expect((await seen())[events.b.id]).toEqual(owed([events.b])[events.b.id]);

      await h.heal();
      // The queue re-hands only the failed event; handing both proves the delivered one is not repeated either.
      const retry = await h.open().deliver(delivery);
      expect(retry.failed).toEqual([]);
      expect(await seen()).toEqual(owed(delivery));
    });
  });
}
