import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SubscribersError,
  addressKey,
  confirmSubscriber,
  createFileSubscriberRepository,
  followOf,
  loadSubscribers,
  maskAddress,
  normalizeAddress,
  parseSubscriberCsv,
  subscribersToCsv,
  unsubscribe,
  upsertSubscriber,
} from '../../../src/notify/email/index.ts';
import { NOW, book } from './factories.ts';

const KEY = 'correct horse battery staple';
let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-subs-'));
  path = join(dir, 'subscribers.json.enc');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function seed(): Promise<Buffer> {
  await createFileSubscriberRepository(path, KEY).update((b) => {
    upsertSubscriber(b, { address: 'Alice@Example.com', follow: followOf([], ['training']), consent: { kind: 'attested', by: 'form' }, source: 'cli' }, new Date(NOW));
  });
  return readFile(path);
}

async function problemOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(SubscribersError);
  expect((error as Error).message).not.toContain('alice');
  return (error as SubscribersError).problem;
}

describe('encrypted subscribers file', () => {
  it('round-trips, and the file holds no address in clear', async () => {
    const bytes = await seed();
    expect(bytes.toString()).not.toMatch(/alice|example\.com|training/i);
    const loaded = await loadSubscribers(path, KEY);
    expect(loaded.subscribers.map((s) => [s.address, s.state, s.consent.method])).toEqual([['alice@example.com', 'active', 'attested']]);
  });

  it('an update that changes nothing leaves the file as it is (no fresh IV), one that changes something rewrites it', async () => {
    const first = await seed();
    const repository = createFileSubscriberRepository(path, KEY);
    await repository.update((b) => {
      for (const sub of b.subscribers) sub.rejections = 0; // already 0: what a run that sent mail without a bounce does
    });
    expect((await readFile(path)).equals(first)).toBe(true);
    await repository.update((b) => {
      b.subscribers[0]!.rejections += 1;
    });
    const second = await readFile(path);
    expect(second.equals(first)).toBe(false);
    expect((await loadSubscribers(path, KEY)).subscribers[0]?.rejections).toBe(1);
  });

  it('a wrong key is a clear error, never an empty list, and the file is not touched', async () => {
    const before = await seed();
    expect(await problemOf(loadSubscribers(path, 'another key of enough length'))).toBe('wrong-key');
    expect(await problemOf(createFileSubscriberRepository(path, 'another key of enough length').update((b) => b.subscribers.splice(0)))).toBe('wrong-key');
    expect(await problemOf(loadSubscribers(path, undefined))).toBe('missing-key');
    expect(await readFile(path)).toEqual(before);
  });

  it('a corrupted file is refused and never overwritten', async () => {
    const original = JSON.parse((await seed()).toString()) as { data: string };
    const flipped = Buffer.from(original.data, 'base64');
    flipped[5] = (flipped[5] ?? 0) ^ 0xff;
    for (const damaged of [JSON.stringify({ ...original, data: flipped.toString('base64') }), '{"format":"policywatch-subscribers", trunc', '']) {
      await writeFile(path, damaged);
      expect(await problemOf(loadSubscribers(path, KEY))).toBe('corrupt');
      expect(await problemOf(createFileSubscriberRepository(path, KEY).update(() => undefined))).toBe('corrupt');
      expect(await readFile(path, 'utf8')).toBe(damaged);
    }
  });
});

describe('subscriber records', () => {
  it('normalizes and validates addresses, masks them, and hashes them with a key', () => {
    expect(normalizeAddress('  Bob.Smith+news@Example.COM ')).toBe('bob.smith+news@example.com');
    expect(normalizeAddress('anna@bücher.example')).toBe('anna@xn--bcher-kva.example');
    for (const bad of ['no-at-sign', 'a@b', '@example.com', 'a..b@example.com', 'a@-x.example', 'a b@example.com', 'a@example.com\r\nBcc: x@y.z', '"q"@example.com']) {
      expect(normalizeAddress(bad)).toBeUndefined();
    }
    expect(maskAddress('alice@example.com')).toBe('a***@example.com');
    const key = addressKey(Buffer.alloc(32, 1).toString('base64'), 'alice@example.com');
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(addressKey(Buffer.alloc(32, 2).toString('base64'), 'alice@example.com')).not.toBe(key);
  });

  it('merges duplicates, never lets an import re-subscribe an opt-out, and confirms by code', () => {
    const b = book([{ address: 'alice@example.com', topics: ['training'] }]);
    const now = new Date(NOW);
    expect(upsertSubscriber(b, { address: 'ALICE@example.com', follow: followOf(['claude-privacy'], ['retention']), consent: { kind: 'attested', by: 'x' }, source: 'import' }, now).outcome).toBe('merged');
    expect(b.subscribers).toHaveLength(1);
    expect(b.subscribers[0]!.follow).toEqual({ kind: 'some', docs: ['claude-privacy'], topics: ['retention', 'training'] });

    unsubscribe(b, 'alice@example.com', now);
    expect(upsertSubscriber(b, { address: 'alice@example.com', follow: followOf(), consent: { kind: 'attested', by: 'x' }, source: 'import' }, now).outcome).toBe('skipped');
    expect(b.subscribers[0]!.state).toBe('unsubscribed');

    const { subscriber } = upsertSubscriber(b, { address: 'new@example.com', follow: followOf(), consent: { kind: 'confirm' }, source: 'cli' }, now);
    expect(subscriber).toMatchObject({ state: 'pending', consent: { method: 'double-opt-in' } });
    expect(() => confirmSubscriber(b, 'WRONG-CODE0', now)).toThrow(SubscribersError);
    const code = subscriber.confirmCode!;
    confirmSubscriber(b, `${code.slice(0, 5).toLowerCase()}-${code.slice(5)}`, now);
    expect(subscriber).toMatchObject({ state: 'active', consent: { method: 'double-opt-in', confirmedAt: NOW } });
    expect(subscriber.confirmCode).toBeUndefined();
    // Unsubscribe by the token a one-click request carries.
    unsubscribe(b, subscriber.unsubscribeToken, now);
    expect(subscriber.state).toBe('unsubscribed');
  });

  it('reads CSV with or without a header, reports bad lines without the address, and exports masked', () => {
    const { rows, problems } = parseSubscriberCsv('Email,Topics,Docs,Consent\nA@Example.com,training;retention,claude-privacy,"signup, 2024"\nnot-an-address,,,\nb@example.com,nonsense,,\n');
    expect(rows.map((r) => [r.line, r.address, r.topics, r.docs, r.consentBy])).toEqual([
      [2, 'a@example.com', ['training', 'retention'], ['claude-privacy'], 'signup, 2024'],
      [4, 'b@example.com', [], [], undefined],
    ]);
    expect(problems).toEqual(['line 3: not a valid email address', expect.stringMatching(/^line 4: unknown topic "nonsense"; the declared topics are training, retention, /)]);
    // The declared topics are the settings', not a fixed list.
    const own = parseSubscriberCsv('email,topics\nb@example.com,cookies\nc@example.com,training\n', ['cookies']);
    expect(own.rows.map((r) => r.topics)).toEqual([['cookies'], []]);
    expect(own.problems).toEqual(['line 3: unknown topic "training"; the declared topics are cookies']);
    expect(parseSubscriberCsv('c@example.com\nd@example.com\n').rows.map((r) => r.address)).toEqual(['c@example.com', 'd@example.com']);

    const b = book([{ address: 'alice@example.com', topics: ['training'] }]);
    expect(subscribersToCsv(b.subscribers, false)).toContain('a***@example.com,active,training,,');
    expect(subscribersToCsv(b.subscribers, false)).not.toContain('alice');
    expect(subscribersToCsv(b.subscribers, true)).toContain('alice@example.com');
  });
});
