import { describe, expect, it } from 'vitest';
import { NotificationQueue } from '../../src/notify/queue.ts';
import type { Channel } from '../../src/notify/channel.ts';
import type { ChangeEvent, PipelineEvent } from '../../src/notify/events.ts';
import { actionsLinks } from '../../src/run/links.ts';
import { createMemoryStore } from '../../src/store/index.ts';
import { silentLogger } from '../../src/shared/logger.ts';

function change(id: string, docId = 'doc'): ChangeEvent {
  return {
    type: 'change', id, kind: 'substantive', at: '2026-11-22T00:00:00Z', oldHash: 'a', newHash: 'b', headline: 'h',
    doc: { id: docId, title: 'Doc', url: 'https://example.com/', topics: [] },
    keyChanges: [], claimChanges: [], effectiveDate: {},
    diff: { hunks: [], truncated: false, stats: { added: 0, removed: 0, changed: 1 } },
    links: { page: 'https://example.com/' },
  };
}

/** A channel of the given role that takes what `takes` says (every event by default) and records what it is handed. */
const collecting = (role: string, link?: string, takes: (event: PipelineEvent) => boolean = () => true): Channel & { got: PipelineEvent[] } => {
  const got: PipelineEvent[] = [];
  return {
    role,
    adapter: 'collecting',
    description: `${role}: collecting`,
    takes,
    got,
    async deliver(events) {
      got.push(...structuredClone(events));
      return { delivered: events.map((e) => e.id), failed: [], links: link ? Object.fromEntries(events.map((e) => [e.id, link])) : {} };
    },
  };
};

describe('the notification queue', () => {
  it('merges an event queued twice, survives a reopen, and passes one notifier\'s link to the next', async () => {
    const store = createMemoryStore();
    const queue = await NotificationQueue.open(store);
    const github = collecting('maintainers', 'https://github.example/issues/7');
    const email = collecting('subscribers');
    await queue.add([change('e1')], [github]);
    await queue.add([change('e1')], [github, email]);
    const reopened = await NotificationQueue.open(store);
    expect(reopened.pending().map((i) => [i.event.id, i.pendingFor])).toEqual([['e1', ['maintainers', 'subscribers']]]);

    const result = await reopened.dispatch([github, email], silentLogger);
    expect(result).toMatchObject({ delivered: 2, failed: [] });
    expect((email.got[0] as ChangeEvent).links.issue).toBe('https://github.example/issues/7');
    expect((await NotificationQueue.open(store)).pending()).toEqual([]);
  });

  it('keeps what a throwing notifier did not deliver, for the next run, without blocking the others', async () => {
    const store = createMemoryStore();
    const queue = await NotificationQueue.open(store);
    const broken: Channel = { ...collecting('maintainers'), deliver: async () => { throw new Error('API down'); } };
    const email = collecting('subscribers');
    await queue.add([change('e1')], [broken, email]);
    const result = await queue.dispatch([broken, email], silentLogger);
    expect(result.failed).toEqual([{ notifier: 'maintainers', eventId: 'e1', error: 'API down' }]);
    expect(email.got).toHaveLength(1);
    const left = (await NotificationQueue.open(store)).pending();
    expect(left.map((i) => [i.event.id, i.pendingFor, i.attempts])).toEqual([['e1', ['maintainers'], 1]]);
  });

  it('fills in the snapshot commit link at delivery time when running in Actions', async () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/guide', GITHUB_SHA: 'base123', POLICYWATCH_SNAPSHOT_COMMIT: 'snap456' };
    const links = actionsLinks(env);
    expect(actionsLinks({})).toBeUndefined();
    const queue = await NotificationQueue.open(createMemoryStore());
    const github = collecting('maintainers');
    await queue.add([change('e1', 'privacy')], [github]);
    github.deliver = async () => ({ delivered: [], failed: [{ eventId: 'e1', error: 'down', transient: true }], links: {} });
    await queue.dispatch([github], silentLogger, { snapshotLinks: links! });
    const expected = { commit: 'https://github.com/acme/guide/commit/snap456', compare: 'https://github.com/acme/guide/compare/base123...snap456' };
    expect((queue.pending()[0]?.event as ChangeEvent).links).toMatchObject(expected);

    // Retried by a later run that pushed another commit: the event keeps the commit that holds its snapshot.
    const later = actionsLinks({ ...env, POLICYWATCH_SNAPSHOT_COMMIT: 'later789' })!;
    const retry = collecting('maintainers');
    await queue.dispatch([retry], silentLogger, { snapshotLinks: later });
    expect((retry.got[0] as ChangeEvent).links).toMatchObject(expected);
  });

  it('routes when queueing: each event owed only by the roles that take it, an event nobody takes not queued at all', async () => {
    const store = createMemoryStore();
    const queue = await NotificationQueue.open(store);
    const formatting: ChangeEvent = { ...change('fmt'), kind: 'formatting' };
    const maintainers = collecting('maintainers', undefined, (e) => e.type !== 'change' || e.kind === 'substantive');
    const subscribers = collecting('subscribers', undefined, (e) => e.id === 'e1');
    await queue.add([change('e1'), change('e2'), formatting], [maintainers, subscribers]);
    expect(queue.pending().map((i) => [i.event.id, i.pendingFor])).toEqual([['e1', ['maintainers', 'subscribers']], ['e2', ['maintainers']]]);

    await queue.dispatch([maintainers, subscribers], silentLogger);
    expect(maintainers.got.map((e) => e.id)).toEqual(['e1', 'e2']);
    expect(subscribers.got.map((e) => e.id)).toEqual(['e1']);
    expect((await NotificationQueue.open(store)).pending()).toEqual([]);
  });

  it('reads a record queued before routing (every event for every role) and never hands a channel what it does not take', async () => {
    const store = createMemoryStore();
    const formatting: ChangeEvent = { ...change('fmt'), kind: 'formatting' };
    await store.writeQueue({
      version: 1,
      items: [
        { event: change('e1'), pendingFor: ['maintainers', 'subscribers'], attempts: 0 },
        { event: formatting, pendingFor: ['maintainers', 'subscribers'], attempts: 2, lastError: 'subscribers: down' },
      ],
    });
    const queue = await NotificationQueue.open(store);
    const maintainers = collecting('maintainers', undefined, (e) => e.type !== 'change' || e.kind === 'substantive');
    const subscribers = collecting('subscribers', undefined, (e) => e.type === 'change' && e.kind === 'substantive');
    const result = await queue.dispatch([maintainers, subscribers], silentLogger);
    expect(maintainers.got.map((e) => e.id)).toEqual(['e1']);
    expect(subscribers.got.map((e) => e.id)).toEqual(['e1']);
    expect(result).toMatchObject({ delivered: 2, failed: [] });
    expect((await NotificationQueue.open(store)).pending()).toEqual([]);
  });
});
