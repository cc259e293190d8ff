import type { Subscriber, SubscriberBook } from './schema.ts';

/** How one subscriber is looked up: by its random id (what signed links carry) or by its normalized address. */
export type SubscriberKey = { id: string } | { address: string };

/** What an edit of one subscriber decides: the record to store (none: store nothing) and what to hand back. */
export interface SubscriberEdit<T> {
  next?: Subscriber;
  result: T;
}

/**
 * The subscriber store port: the encrypted file (GitHub Actions), SQLite (`serve`) and memory (tests) implement it,
 * and one contract suite (test/notify/email/subscriber-store-contract.ts) runs against each. The email notifier and
 * the `subscribers` commands read and write through it, never through an adapter.
 */
export interface SubscriberRepository {
  /** Every subscriber, and the secret that keys address hashes in the delivery ledger. */
  load(): Promise<SubscriberBook>;
  /**
   * Reads the current book, applies `change` and writes it back atomically. A store that does not open is never
   * written, so a wrong key or a damaged file cannot be replaced by an empty list.
   */
  update<T>(change: (book: SubscriberBook) => T): Promise<T>;
  find(key: SubscriberKey): Promise<Subscriber | undefined>;
  /** One subscriber read, changed and written atomically (no other write to it in between). */
  edit<T>(key: SubscriberKey, change: (current: Subscriber | undefined) => SubscriberEdit<T>): Promise<T>;
}

export const matchesKey = (key: SubscriberKey) => (s: Subscriber) => ('id' in key ? s.id === key.id : s.address === key.address);

/** find and edit for adapters that hold the whole book at once (the encrypted file, memory). */
export function bookBacked(load: SubscriberRepository['load'], update: SubscriberRepository['update']): SubscriberRepository {
  return {
    load,
    update,
    find: async (key) => (await load()).subscribers.find(matchesKey(key)),
    edit: (key, change) =>
      update((book) => {
        const index = book.subscribers.findIndex(matchesKey(key));
        const { next, result } = change(index >= 0 ? structuredClone(book.subscribers[index]) : undefined);
        if (next) {
          if (index >= 0) book.subscribers[index] = next;
          else book.subscribers.push(next);
        }
        return result;
      }),
  };
}
