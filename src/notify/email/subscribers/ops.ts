import { randomBytes, randomInt } from 'node:crypto';
import { SubscribersError } from '../errors.ts';
import { normalizeAddress } from '../address.ts';
import type { Topic } from '../../../config/schema.ts';
import type { Follow, Subscriber, SubscriberBook } from './schema.ts';

export type ConsentInput = { kind: 'confirm' } | { kind: 'attested'; by: string };
export interface AddInput {
  address: string;
  follow: Follow;
  consent: ConsentInput;
  source: Subscriber['source'];
}
/** 'skipped': an import never re-subscribes someone who unsubscribed or bounced. */
export type AddOutcome = 'added' | 'merged' | 'reactivated' | 'skipped';

// Crockford's alphabet: no I, L, O, U, so codes survive being read aloud or retyped.
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const newConfirmCode = (): string => Array.from({ length: 10 }, () => CODE_ALPHABET[randomInt(32)]).join('');
export const formatConfirmCode = (code: string): string => `${code.slice(0, 5)}-${code.slice(5)}`;
const normalizeCode = (code: string) => code.toUpperCase().replace(/[^0-9A-Z]/g, '');

export function mergeFollow(a: Follow, b: Follow): Follow {
  if (a.kind === 'all' || b.kind === 'all') return { kind: 'all' };
  return {
    kind: 'some',
    docs: [...new Set([...a.docs, ...b.docs])].sort(),
    topics: [...new Set([...a.topics, ...b.topics])].sort(),
  };
}

export function followOf(docs: string[] = [], topics: Topic[] = []): Follow {
  return docs.length || topics.length ? mergeFollow({ kind: 'some', docs: [], topics: [] }, { kind: 'some', docs, topics }) : { kind: 'all' };
}

function applyConsent(sub: Subscriber, consent: ConsentInput, at: string): void {
  sub.rejections = 0;
  sub.stateChangedAt = at;
  if (consent.kind === 'attested') {
    sub.consent = { method: 'attested', by: consent.by, at };
    sub.state = 'active';
    delete sub.confirmCode;
  } else {
    sub.consent = { method: 'double-opt-in', requestedAt: at };
    sub.state = 'pending';
    sub.confirmCode = newConfirmCode();
  }
}

/** Adds a subscriber or merges into the existing record for the same (normalized) address. */
export function upsertSubscriber(book: SubscriberBook, input: AddInput, now: Date): { subscriber: Subscriber; outcome: AddOutcome } {
  const address = normalizeAddress(input.address);
  if (!address) throw new SubscribersError('not a valid email address', 'invalid-address');
  const existing = book.subscribers.find((s) => s.address === address);
  const done = subscribeOne(existing, { ...input, address }, now);
  if (!existing) book.subscribers.push(done.subscriber);
  return done;
}

/**
 * The same decision for one record (a store that edits one subscriber at a time): `existing` is the record of the
 * same normalized address, if any; a new record is returned, never stored here.
 */
export function subscribeOne(existing: Subscriber | undefined, input: AddInput, now: Date): { subscriber: Subscriber; outcome: AddOutcome } {
  const address = normalizeAddress(input.address);
  if (!address) throw new SubscribersError('not a valid email address', 'invalid-address');
  const at = now.toISOString();
  if (!existing) {
    const subscriber: Subscriber = {
      id: randomBytes(9).toString('base64url'),
      address,
      follow: input.follow,
      subscribedAt: at,
      source: input.source,
      consent: { method: 'double-opt-in', requestedAt: at },
      state: 'pending',
      stateChangedAt: at,
      unsubscribeToken: randomBytes(24).toString('base64url'),
      rejections: 0,
    };
    applyConsent(subscriber, input.consent, at);
    return { subscriber, outcome: 'added' };
  }
  if (existing.state === 'unsubscribed' || existing.state === 'bounced') {
    if (input.source === 'import') return { subscriber: existing, outcome: 'skipped' };
    // A maintainer adding the address again, or the reader asking again, is a new, explicit consent.
    existing.follow = input.follow;
    applyConsent(existing, input.consent, at);
    return { subscriber: existing, outcome: 'reactivated' };
  }
  existing.follow = mergeFollow(existing.follow, input.follow);
  if (existing.state === 'pending') applyConsent(existing, input.consent, at);
  return { subscriber: existing, outcome: 'merged' };
}

export function confirmSubscriber(book: SubscriberBook, code: string, now: Date): Subscriber {
  const wanted = normalizeCode(code);
  const sub = book.subscribers.find((s) => s.state === 'pending' && s.confirmCode !== undefined && s.confirmCode === wanted);
  if (!sub || sub.consent.method !== 'double-opt-in') {
    throw new SubscribersError('no pending subscription has this confirmation code', 'not-found');
  }
  sub.consent = { ...sub.consent, confirmedAt: now.toISOString() };
  sub.state = 'active';
  sub.stateChangedAt = now.toISOString();
  delete sub.confirmCode;
  return sub;
}

/** Finds by address or by unsubscribe token (what a one-click request carries). */
export function findSubscriber(book: SubscriberBook, addressOrToken: string): Subscriber | undefined {
  const address = normalizeAddress(addressOrToken);
  return book.subscribers.find((s) => (address ? s.address === address : s.unsubscribeToken === addressOrToken.trim()));
}

export function unsubscribe(book: SubscriberBook, addressOrToken: string, now: Date, purge = false): Subscriber {
  const sub = findSubscriber(book, addressOrToken);
  if (!sub) throw new SubscribersError('no subscriber with this address or token', 'not-found');
  if (purge) book.subscribers = book.subscribers.filter((s) => s !== sub);
  else {
    sub.state = 'unsubscribed';
    sub.stateChangedAt = now.toISOString();
    delete sub.confirmCode;
  }
  return sub;
}
