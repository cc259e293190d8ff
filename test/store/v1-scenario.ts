import type { ChangeEvent, PipelineEvent } from '../../src/notify/events.ts';
import type { Channel } from '../../src/notify/channel.ts';
import { NotificationQueue } from '../../src/notify/queue.ts';
import { openLedger } from '../../src/notify/email/ledger.ts';
import { readClaimStatuses, writeClaimStatuses } from '../../src/run/claims-record.ts';
import type { ClaimStatus } from '../../src/claims/types.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createFsStore, emptyDocState, type SnapshotRecord } from '../../src/store/index.ts';

/**
 * A fixed sequence of store operations, shaped like what runs do: first snapshots, a change whose raw HTML is kept,
 * a re-extraction (read meta, spread, write), failures counted on a state read back from disk, a shrink held, queue
 * items that fail and are retried with links added in both orders, ledger entries, and claim statuses written back
 * as read. test/fixtures/store-v1 is this scenario as written by the store before the driver split
 * (test/store/generate-v1-fixture.ts); the compatibility test runs it again and compares every byte.
 */
export async function writeV1Scenario(root: string): Promise<void> {
  const store = createFsStore(root);
  const t = (minute: number) => `2026-11-22T03:${String(minute).padStart(2, '0')}:00.000Z`;

  // Snapshots: a first record with its raw page, then a change without one (the raw page stays).
  await store.writeSnapshot(snapshot('retention', '# How long we keep data\n\nWe keep chats for 30 days. “Ünïcode” stays.\n', 'first', t(0)), rawPage('30'));
  await store.writeSnapshot(snapshot('terms', '# Terms\n\nBe kind.\n', 'first', t(0)), rawPage('terms'));
  await store.writeSnapshot(snapshot('retention', '# How long we keep data\n\nWe keep chats for 90 days. “Ünïcode” stays.\n', 'substantive', t(10)));
  // A re-extraction, as reextract.ts does it: the stored meta spread into a new one.
  const stored = await store.readSnapshot('retention');
  await store.writeSnapshot({ markdown: stored!.markdown, meta: { ...stored!.meta, rulesVersion: 'r2', kind: 'technical' } });

  // State: a success, then failures counted on what was read back (cookies is still failing), then a held shrink
  // and a recovery.
  await store.writeState('retention', { ...emptyDocState(), lastCheckedAt: t(10), http: { etag: '"v2"', finalUrl: 'https://example.com/retention' } });
  await store.writeState('terms', { ...emptyDocState(), lastCheckedAt: t(0), http: { lastModified: 'Sun, 22 Nov 2026 03:00:00 GMT' } });
  await store.writeState('cookies', { ...emptyDocState(), lastCheckedAt: t(0) });
  for (const minute of [20, 30]) {
    for (const docId of ['terms', 'cookies']) await countFailure(docId, minute);
  }
  async function countFailure(docId: string, minute: number): Promise<void> {
    const state = await store.readState(docId);
    state.consecutiveFailures += 1;
    state.failingSince ??= t(minute);
    state.lastFailure = { reason: 'http-status', message: 'HTTP 503', status: 503, at: t(minute) };
    if (state.consecutiveFailures >= 2) state.failingNotified = true;
    await store.writeState(docId, state);
  }
  const recovering = await store.readState('terms');
  Object.assign(recovering, { consecutiveFailures: 0, failingNotified: false, lastCheckedAt: t(40) });
  delete recovering.lastFailure;
  delete recovering.failingSince;
  recovering.pendingShrink = { contentHash: 'c0ffee', firstSeenAt: t(40) };
  recovering.movedNotifiedTo = 'https://example.com/terms-2026';
  await store.writeState('terms', recovering);

  // Claim statuses, as verifyClaims builds them, then read back and written again unchanged.
  await writeClaimStatuses(store, 'retention', claimStatuses(t(10)));
  await writeClaimStatuses(store, 'terms', await readClaimStatuses(store, 'retention'));

  // The queue: the maintainers' channel succeeds, subscribers' mail fails; later runs add snapshot links.
  const github = notifier('github', 'https://github.example/issues/7');
  const failingEmail = notifier('email', undefined, true);
  const both = [github, failingEmail];
  let queue = await NotificationQueue.open(store);
  await queue.add([change('retention', t(10))], both);
  await queue.dispatch([github, failingEmail], silentLogger); // lastError first, then (below) linksFinal
  queue = await NotificationQueue.open(store);
  await queue.dispatch([failingEmail], silentLogger, { snapshotLinks: () => ({ commit: 'https://github.example/commit/abc', compare: 'https://github.example/compare/a...b' }) });
  queue = await NotificationQueue.open(store);
  await queue.add([change('terms', t(40)), failing('terms', t(30))], both);
  // linksFinal first, then lastError; an event both channels owe, and one only email still owes.
  await queue.dispatch([notifier('github', undefined, true), failingEmail], silentLogger, { snapshotLinks: () => ({ commit: 'https://github.example/commit/def' }) });
  queue = await NotificationQueue.open(store);
  await queue.add([change('terms', t(40))], [github]);

  // The email ledger: a message sent, one rejected, then one more recorded after a reopen.
  const now = new Date(t(50));
  // (The notifier writes them through the journal and folds it into the ledger at the end of a delivery.)
  const intent = (key: string, eventIds: string[], messageId: string) => ({ key, eventIds, messageId, date: t(50) });
  let ledger = await openLedger(store, now);
  await ledger.record(intent('key-1', ['change:retention:1', 'claims:retention:2'], '<m1@example.com>'), { status: 'sent', at: t(50), messageId: '<m1@example.com>' });
  await ledger.record(intent('key-2', ['change:retention:1'], '<r1@example.com>'), { status: 'rejected', at: t(50), code: 550 });
  await ledger.flush();
  ledger = await openLedger(store, now);
  await ledger.record(intent('key-1', ['failing:terms:3'], '<m2@example.com>'), { status: 'sent', at: t(51), messageId: '<m2@example.com>' });
  await ledger.flush();
}

function snapshot(docId: string, markdown: string, kind: SnapshotRecord['meta']['kind'], at: string): SnapshotRecord {
  return {
    markdown,
    // The order process.ts builds it in.
    meta: {
      docId,
      url: `https://example.com/${docId}`,
      finalUrl: `https://example.com/${docId}`,
      fetchedAt: at,
      status: 200,
      etag: '"v2"',
      contentHash: `hash-${markdown.length}`,
      effectiveDate: '2026-11-01',
      title: docId,
      kind,
      via: 'http',
      toolVersion: '0.1.0',
      rulesVersion: 'r1',
    },
  };
}

function rawPage(word: string): string {
  return `<!doctype html><html><body><main><h1>${word}</h1>${'<p>We keep chats. Ünïcode “quotes”.</p>'.repeat(20)}</main></body></html>`;
}

function claimStatuses(at: string): ClaimStatus[] {
  return [
    { id: 'thirty-days', docId: 'retention', topic: 'retention', quote: 'We keep chats for 30 days', checkedAt: at, status: 'reworded', similarity: 0.833, currentWording: 'We keep chats for 90 days', wordDiff: [{ op: 'equal', text: 'We keep chats for ' }, { op: 'delete', text: '30' }, { op: 'insert', text: '90' }, { op: 'equal', text: ' days' }], verifiedAt: '2026-11-21T03:00:00.000Z' },
    { id: 'unicode', docId: 'retention', topic: 'retention', quote: '“Ünïcode” stays', checkedAt: at, status: 'verified', similarity: 1, currentWording: '“Ünïcode” stays', verifiedAt: at },
    { id: 'gone', docId: 'retention', topic: 'deletion', quote: 'We delete everything at once', checkedAt: at, status: 'missing', similarity: 0.2 },
  ];
}

function change(docId: string, at: string): ChangeEvent {
  return {
    type: 'change',
    id: `change:${docId}:${at}`,
    doc: { id: docId, title: `Doc ${docId}`, url: `https://example.com/${docId}`, topics: ['retention'] },
    kind: 'substantive',
    at,
    oldHash: 'aaa',
    newHash: 'bbb',
    headline: 'Retention: 30 days → 90 days',
    keyChanges: [{ kind: 'changed', topic: 'retention', text: 'Retention: 30 days → 90 days', before: '30 days', after: '90 days' }],
    claimChanges: [
      {
        claim: { id: 'thirty-days', quote: 'We keep chats for 30 days', topic: 'retention' },
        docId,
        before: { status: 'verified', currentWording: 'We keep chats for 30 days' },
        after: claimStatuses(at)[0]!,
      },
    ],
    effectiveDate: { before: '2026-10-01', after: '2026-11-01' },
    diff: {
      hunks: [{ section: 'How long we keep data', before: 'for 30 days', after: 'for 90 days', words: [{ op: 'delete', text: '30' }, { op: 'insert', text: '90' }] }],
      truncated: false,
      stats: { added: 0, removed: 0, changed: 1 },
    },
    links: { page: `https://example.com/${docId}` },
  };
}

function failing(docId: string, at: string): PipelineEvent {
  const failure = { reason: 'http-status' as const, message: 'HTTP 503', status: 503 };
  return { type: 'tracking-failing', id: `failing:${docId}:${at}`, doc: { id: docId, title: `Doc ${docId}`, url: `https://example.com/${docId}`, topics: [] }, at, failure, consecutiveFailures: 2, since: at };
}

/** A channel whose queue name is `name`, taking every event (the records predate routing). */
function notifier(name: string, link?: string, fail = false): Channel {
  return {
    role: name,
    adapter: name,
    description: name,
    takes: () => true,
    async deliver(events) {
      if (fail) return { delivered: [], links: {}, failed: events.map((e) => ({ eventId: e.id, error: `${name} down`, transient: true })) };
      return { delivered: events.map((e) => e.id), failed: [], links: link ? Object.fromEntries(events.map((e) => [e.id, link])) : {} };
    },
  };
}
