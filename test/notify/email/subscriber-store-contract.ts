import { describe, expect, it } from 'vitest';
import { followOf, subscribeOne, upsertSubscriber, unsubscribe } from '../../../src/notify/email/subscribers/ops.ts';
import type { SubscriberRepository } from '../../../src/notify/email/subscribers/port.ts';

export interface SubscriberStoreFixture {
  name: string;
  /** A fresh, empty store; `reopen` gives a second handle on the same data (a restart, another process). */
  create(): Promise<{ repo: SubscriberRepository; reopen(): SubscriberRepository; cleanup(): Promise<void> }>;
}

const NOW = new Date('2026-11-30T06:37:00.000Z');
const add = (address: string, docs: string[] = []) => ({ address, follow: followOf(docs, []), consent: { kind: 'confirm' as const }, source: 'web' as const });

/** The subscriber store port's behaviour, run against every adapter (encrypted file, SQLite, memory). */
export function subscriberStoreContract(fixture: SubscriberStoreFixture): void {
  describe(`subscriber store contract: ${fixture.name}`, () => {
    const withStore = async (test: (s: Awaited<ReturnType<SubscriberStoreFixture['create']>>) => Promise<void>) => {
      const store = await fixture.create();
      try {
        await test(store);
      } finally {
        await store.cleanup();
      }
    };

    it('starts empty, with a stable ledger secret that survives a reopen', () =>
      withStore(async ({ repo, reopen }) => {
        const book = await repo.load();
        expect(book.subscribers).toEqual([]);
        await repo.update((b) => void upsertSubscriber(b, add('a@example.org'), NOW));
        const secret = (await repo.load()).secret;
        expect(secret.length).toBeGreaterThan(20);
        expect((await reopen().load()).secret).toBe(secret);
      }));

    it('update writes added, changed and removed subscribers; a reopened store reads the same records', () =>
      withStore(async ({ repo, reopen }) => {
        await repo.update((b) => {
          upsertSubscriber(b, add('a@example.org'), NOW);
          upsertSubscriber(b, add('b@example.org', ['privacy']), NOW);
          upsertSubscriber(b, add('c@example.org'), NOW);
        });
        await repo.update((b) => {
          unsubscribe(b, 'a@example.org', NOW);
          b.subscribers = b.subscribers.filter((s) => s.address !== 'c@example.org');
        });
        const again = await reopen().load();
        expect(again.subscribers.map((s) => [s.address, s.state])).toEqual([
          ['a@example.org', 'unsubscribed'],
          ['b@example.org', 'pending'],
        ]);
        expect(again.subscribers[1]!.follow).toEqual({ kind: 'some', docs: ['privacy'], topics: [] });
        expect(again).toEqual(await repo.load());
      }));

    it('find looks up by id and by address; an unknown key finds nothing', () =>
      withStore(async ({ repo }) => {
        const added = await repo.update((b) => upsertSubscriber(b, add('a@example.org'), NOW).subscriber);
        expect((await repo.find({ id: added.id }))?.address).toBe('a@example.org');
        expect((await repo.find({ address: 'a@example.org' }))?.id).toBe(added.id);
        expect(await repo.find({ id: 'nope' })).toBeUndefined();
        expect(await repo.find({ address: 'b@example.org' })).toBeUndefined();
      }));

    it('edit creates, changes and leaves alone one subscriber, and hands back its result', () =>
      withStore(async ({ repo, reopen }) => {
        const created = await repo.edit({ address: 'a@example.org' }, (current) => {
          expect(current).toBeUndefined();
          const { subscriber } = subscribeOne(current, add('a@example.org'), NOW);
          return { next: subscriber, result: subscriber.id };
        });
        const untouched = await repo.edit({ id: created }, (current) => ({ result: current?.state }));
        expect(untouched).toBe('pending');
        await repo.edit({ id: created }, (current) => ({ next: { ...current!, state: 'active' as const }, result: undefined }));
        expect((await reopen().find({ id: created }))?.state).toBe('active');
        expect((await repo.load()).subscribers).toHaveLength(1);
      }));

    it('a change that throws writes nothing', () =>
      withStore(async ({ repo }) => {
        await repo.update((b) => void upsertSubscriber(b, add('a@example.org'), NOW));
        await expect(repo.update((b) => {
          b.subscribers = [];
          throw new Error('stop');
        })).rejects.toThrow('stop');
        await expect(repo.edit({ address: 'a@example.org' }, () => {
          throw new Error('stop');
        })).rejects.toThrow('stop');
        expect((await repo.load()).subscribers).toHaveLength(1);
      }));

    it('concurrent edits of different subscribers all land (none overwrites another)', () =>
      withStore(async ({ repo }) => {
        const addresses = Array.from({ length: 20 }, (_, i) => `r${i}@example.org`);
        await Promise.all(
          addresses.map((address) =>
            repo.edit({ address }, (current) => {
              const { subscriber } = subscribeOne(current, add(address), NOW);
              return { next: subscriber, result: undefined };
            }),
          ),
        );
        expect((await repo.load()).subscribers.map((s) => s.address).sort()).toEqual([...addresses].sort());
      }));
  });
}
