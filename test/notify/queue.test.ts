import { describe, expect, it } from 'vitest';
import { NotificationQueue } from '../../src/notify/queue.ts';
import type { ChangeEvent, PipelineEvent } from '../../src/notify/events.ts';
import type { Notifier } from '../../src/notify/port.ts';
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

const collecting = (name: string, link?: string): Notifier & { got: PipelineEvent[] } => {
  const got: PipelineEvent[] = [];
  return {
    name,
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
    await queue.add([change('e1')], ['maintainers']);
    await queue.add([change('e1')], ['maintainers', 'subscribers']);
    const reopened = await NotificationQueue.open(store);
    expect(reopened.pending().map((i) => [i.event.id, i.pendingFor])).toEqual([['e1', ['maintainers', 'subscribers']]]);

    const github = collecting('maintainers', 'https://github.example/issues/7');
    const email = collecting('subscribers');
    const result = await reopened.dispatch([github, email], silentLogger);
    expect(result).toMatchObject({ delivered: 2, failed: [] });
    expect((email.got[0] as ChangeEvent).links.issue).toBe('https://github.example/issues/7');
    expect((await NotificationQueue.open(store)).pending()).toEqual([]);
  });

  it('keeps what a throwing notifier did not deliver, for the next run, without blocking the others', async () => {
    const store = createMemoryStore();
    const queue = await NotificationQueue.open(store);
    await queue.add([change('e1')], ['maintainers', 'subscribers']);
    const broken: Notifier = { name: 'maintainers', deliver: async () => { throw new Error('API down'); } };
    const email = collecting('subscribers');
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
    await queue.add([change('e1', 'privacy')], ['maintainers']);
    const github = collecting('maintainers');
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
});
