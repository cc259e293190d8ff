import { beforeEach, describe, expect, it } from 'vitest';
import { renderIssue } from '../../../src/notify/github/index.ts';
import type { RateLimitWait } from '../../../src/notify/github/index.ts';
import type { ClaimsChangedEvent } from '../../../src/notify/events.ts';
import { makeChange, makeClaimChange, makeDoc, makeFailing, makeMoved, makeResumed, makeSelectorFallback } from './factories.ts';
import type { FakeGithub } from '../../support/github-server.ts';
import { deliverRouted, githubNotifier, useFakeGithub } from './harness.ts';

const fake = useFakeGithub();
let server: FakeGithub;
beforeEach(() => {
  server = fake();
});

function notifier(options: Parameters<typeof githubNotifier>[1] = {}) {
  return { notifier: githubNotifier(server, options) };
}

const writes = () => server.requests.filter((r) => r.method !== 'GET');

describe('github notifier', () => {
  it('makes no request at all on an empty run, or a run with only formatting changes', async () => {
    const { notifier: n } = notifier();
    expect(await n.deliver([])).toEqual({ delivered: [], failed: [], links: {} });
    const formatting = makeChange({ kind: 'formatting', claimChanges: [], newHash: 'fmt' });
    // Routing, not the adapter, decides: a formatting-only change is not the maintainers' business by default.
    expect(n.takes(formatting)).toBe(false);
    const report = await deliverRouted(n, [formatting]);
    expect(report).toEqual({ delivered: 0, failed: [], links: {} });
    expect(server.requests).toHaveLength(0);
  });

  it('opens one issue for a substantive change, with labels created when missing', async () => {
    const event = makeChange();
    const report = await notifier().notifier.deliver([event]);
    expect(report.failed).toEqual([]);
    expect(server.issues).toHaveLength(1);
    const issue = server.issues[0]!;
    expect(issue.title).toBe('Consumer retention article: retention 30 days → 90 days');
    expect(issue.labels.sort()).toEqual(['claim-changed', 'doc:consumer-retention', 'policy-change', 'topic:retention']);
    expect(server.labels.get('policy-change')?.color).toBe('d93f0b');
    expect(issue.body).toContain(`<!-- policywatch:fingerprint=${encodeURIComponent(event.id)} -->`);
    expect(issue.body).toContain('We delete your chats within 90 days.');
    expect(issue.body).toContain('January 1, 2025 → March 1, 2025');
    expect(issue.body).toContain('- We keep chats for 30 days.');
    expect(issue.body).toContain('+ We keep chats for 90 days.');
    expect(issue.body).toContain(event.links.commit);
    expect(issue.body).toContain(event.links.compare);
    expect(report.links[event.id]).toBe(`${server.url}/acme/guide/issues/1`);
    expect(report.delivered).toEqual([event.id]);
  });

  it('uses "<title> changed" when there is no headline, and sends formatting changes only when asked', async () => {
    const event = makeChange({ kind: 'formatting', claimChanges: [], headline: '', keyChanges: [] });
    const report = await notifier({ settings: { github: { notifyFormatting: true } } }).notifier.deliver([event]);
    expect(report.failed).toEqual([]);
    expect(server.issues[0]?.title).toBe('Consumer retention article changed');
    expect(server.issues[0]?.labels).toContain('formatting-only');
  });

  it('never duplicates on a re-run, with no write at all the second time', async () => {
    const event = makeChange();
    const first = await notifier().notifier.deliver([event]);
    const before = writes().length;
    const second = await notifier().notifier.deliver([event]);
    expect(server.issues).toHaveLength(1);
    expect(writes()).toHaveLength(before);
    expect(second.links[event.id]).toBe(first.links[event.id]);
    expect(second.delivered).toEqual([event.id]);
  });

  it('finds the issue of a run that crashed after creating it (open or closed)', async () => {
    const event = makeChange();
    const rendered = renderIssue(event);
    server.seedIssue({ ...rendered, state: 'closed' });
    const report = await notifier().notifier.deliver([event]);
    expect(server.issues).toHaveLength(1);
    expect(server.issues[0]?.comments).toHaveLength(0);
    expect(writes()).toHaveLength(0);
    expect(report.links[event.id]).toBe(`${server.url}/acme/guide/issues/1`);
  });

  it('comments on the open issue when the document changes again, once', async () => {
    const first = makeChange();
    const again = makeChange({
      oldHash: 'bbbb2222',
      newHash: 'cccc3333',
      doc: makeDoc({ topics: ['retention', 'deletion'] }),
      diff: { hunks: [], truncated: false, stats: { added: 1, removed: 0, changed: 0 } },
    });
    await notifier().notifier.deliver([first]);
    const report = await notifier().notifier.deliver([again]);
    await notifier().notifier.deliver([again]);
    expect(server.issues).toHaveLength(1);
    const comments = server.issues[0]!.comments;
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain(`fingerprint=${encodeURIComponent(again.id)}`);
    expect(comments[0]?.body).toContain('changed again');
    expect(server.issues[0]?.labels).toContain('topic:deletion');
    expect(report.links[again.id]).toBe(`${server.url}/acme/guide/issues/1`);

    // Once maintainers close it, the next change opens a new issue.
    server.issues[0]!.state = 'closed';
    const third = makeChange({ oldHash: 'cccc3333', newHash: 'dddd4444' });
    await notifier().notifier.deliver([third]);
    expect(server.issues).toHaveLength(2);
  });

  it('a change delivered as a comment is not repeated as a new issue after a maintainer closes the issue', async () => {
    const first = makeChange();
    const again = makeChange({ oldHash: 'bbbb2222', newHash: 'cccc3333' });
    await notifier().notifier.deliver([first]);
    await notifier().notifier.deliver([again]);
    // The run crashed before recording the delivery; a maintainer closes the issue; the re-run delivers again.
    server.issues[0]!.state = 'closed';
    const report = await notifier().notifier.deliver([again]);
    expect(report.failed).toEqual([]);
    expect(server.issues).toHaveLength(1);
    expect(server.issues[0]!.comments).toHaveLength(1);
    expect(report.links[again.id]).toBe(`${server.url}/acme/guide/issues/1`);
  });

  it('handles two changes of one document in the same run: an issue, then a comment', async () => {
    const a = makeChange();
    const b = makeChange({ oldHash: 'bbbb2222', newHash: 'cccc3333' });
    const report = await notifier().notifier.deliver([a, b]);
    expect(report.failed).toEqual([]);
    expect(server.issues).toHaveLength(1);
    expect(server.issues[0]?.comments).toHaveLength(1);
  });

  it('runs the tracking-failure lifecycle: one issue, a comment on a new reason, closed on resume', async () => {
    const doc = makeDoc();
    await notifier().notifier.deliver([makeFailing('blocked', 1, doc)]);
    expect(server.issues).toHaveLength(1);
    const issue = server.issues[0]!;
    expect(issue.title).toBe('Tracking failing: Consumer retention article');
    expect(issue.labels).toContain('tracking-failing');
    expect(issue.body).toContain('`blocked`');

    await notifier().notifier.deliver([makeFailing('blocked', 2, doc)]);
    expect(issue.comments).toHaveLength(0);

    await notifier().notifier.deliver([makeFailing('http-status', 3, doc)]);
    await notifier().notifier.deliver([makeFailing('http-status', 3, doc)]);
    expect(server.issues).toHaveLength(1);
    expect(issue.comments).toHaveLength(1);
    expect(issue.comments[0]?.body).toContain('The reason changed');
    expect(issue.comments[0]?.body).toContain('HTTP 503');

    const resumed = makeResumed(doc);
    const report = await notifier().notifier.deliver([resumed]);
    expect(report.links[resumed.id]).toBe(`${server.url}/acme/guide/issues/1`);
    expect(issue.state).toBe('closed');
    expect(issue.stateReason).toBe('completed');
    expect(issue.comments).toHaveLength(2);
    expect(issue.comments[1]?.body).toContain('Tracking resumed');

    await notifier().notifier.deliver([resumed]);
    expect(issue.comments).toHaveLength(2);

    // A later failure opens a fresh issue; the change issue is separate from the tracking one.
    await notifier().notifier.deliver([makeFailing('timeout', 4, doc), makeChange()]);
    expect(server.issues.map((i) => i.state)).toEqual(['closed', 'open', 'open']);
  });

  it('does not comment twice when a resume crashed between commenting and closing', async () => {
    const doc = makeDoc();
    const resumed = makeResumed(doc);
    await notifier().notifier.deliver([makeFailing('timeout', 1, doc)]);
    server.seedComment(server.issues[0]!, `<!-- policywatch:fingerprint=${encodeURIComponent(resumed.id)} -->\n\nresumed`);
    await notifier().notifier.deliver([resumed]);
    expect(server.issues[0]?.comments).toHaveLength(1);
    expect(server.issues[0]?.state).toBe('closed');
  });

  it('tells maintainers about a moved page and a selector fallback in one issue per document', async () => {
    const doc = makeDoc();
    await notifier().notifier.deliver([makeMoved(doc)]);
    await notifier().notifier.deliver([makeSelectorFallback(doc), makeMoved(doc)]);
    expect(server.issues).toHaveLength(1);
    expect(server.issues[0]?.title).toBe('Consumer retention article: page moved');
    expect(server.issues[0]?.labels).toContain('policywatch-maintenance');
    expect(server.issues[0]?.comments).toHaveLength(1);
    expect(server.issues[0]?.comments[0]?.body).toContain('`main article`');
  });

  it('waits out a primary and a secondary rate limit, then succeeds', async () => {
    const waits: RateLimitWait[] = [];
    server.inject({ kind: 'rate-limit' }, { method: 'GET' });
    server.inject({ kind: 'secondary-rate-limit' }, { method: 'POST', path: /\/issues$/ });
    const report = await notifier({ waits }).notifier.deliver([makeChange()]);
    expect(report.failed).toEqual([]);
    expect(server.issues).toHaveLength(1);
    expect(waits.map((w) => w.kind)).toEqual(['primary', 'secondary']);
    expect(server.requests.filter((r) => r.status === 403)).toHaveLength(2);
  });

  it('retries a 502, then succeeds', async () => {
    server.inject({ kind: 'status', status: 502 }, { method: 'POST', path: /\/issues$/ });
    const report = await notifier().notifier.deliver([makeChange()]);
    expect(report.failed).toEqual([]);
    expect(server.issues).toHaveLength(1);
    expect(server.requests.filter((r) => r.status === 502)).toHaveLength(1);
  });

  it('reports persistent 5xx as a transient failure without throwing', async () => {
    server.inject({ kind: 'status', status: 503 }, { times: 10 });
    const event = makeChange();
    const report = await notifier().notifier.deliver([event]);
    expect(report.delivered).toEqual([]);
    expect(report.failed).toEqual([{ eventId: event.id, error: expect.stringContaining('HTTP 503'), transient: true }]);
  });

  it('gives up on a rate limit that outlasts the retries, as a transient failure', async () => {
    const waits: RateLimitWait[] = [];
    server.inject({ kind: 'rate-limit' }, { times: 10 });
    const event = makeChange();
    const report = await notifier({ waits, retries: 2 }).notifier.deliver([event]);
    expect(waits).toHaveLength(2);
    expect(report.failed).toEqual([{ eventId: event.id, error: expect.stringContaining('rate limit'), transient: true }]);
    expect(server.issues).toHaveLength(0);
  });

  it('abandons a request that hangs, as a transient failure', async () => {
    server.inject({ kind: 'hang' });
    const event = makeChange();
    const report = await notifier({ retries: 0, requestTimeoutMs: 300 }).notifier.deliver([event]);
    expect(report.failed).toEqual([{ eventId: event.id, error: expect.any(String), transient: true }]);
    expect(server.requests[0]?.status).toBe(-1);
  });

  it('opens an issue for a claims-changed event', async () => {
    const claim = makeClaimChange({ after: { ...makeClaimChange().after, status: 'missing', currentWording: undefined } });
    const event: ClaimsChangedEvent = { type: 'claims-changed', id: 'consumer-retention:claims:1', doc: makeDoc(), at: '2025-03-05T06:00:00Z', claimChanges: [claim] };
    const report = await notifier().notifier.deliver([event]);
    expect(report.failed).toEqual([]);
    expect(server.issues[0]?.title).toBe('Consumer retention article: quoted claim consumer-30-day-deletion is now missing');
    expect(server.issues[0]?.labels).toContain('claim-changed');
    expect(server.issues[0]?.body).toContain('No similar passage was found');
  });

  it('gives a clear, non-transient error on 401 naming the repository and permission, and stops calling', async () => {
    const a = makeChange();
    const b = makeFailing('timeout', 1, makeDoc({ id: 'other-doc' }));
    const report = await notifier({ token: 'wrong-token' }).notifier.deliver([a, b]);
    expect(report.delivered).toEqual([]);
    expect(report.failed.map((f) => f.eventId)).toEqual([a.id, b.id]);
    for (const failure of report.failed) {
      expect(failure.transient).toBe(false);
      expect(failure.error).toContain('acme/guide');
      expect(failure.error).toContain('issues: write');
      expect(failure.error).toContain('401');
      expect(failure.error).not.toContain('wrong-token');
    }
    expect(server.requests).toHaveLength(1);
  });

  it('explains a 403 (no permission) and a 404 (no such repository)', async () => {
    server.inject({ kind: 'status', status: 403 });
    const forbidden = await notifier().notifier.deliver([makeChange()]);
    expect(forbidden.failed[0]?.error).toMatch(/403.*issues: write.*acme\/guide|acme\/guide.*403.*issues: write/);
    expect(forbidden.failed[0]?.transient).toBe(false);

    const missing = notifier({ repo: 'gone' }).notifier;
    const report = await missing.deliver([makeChange()]);
    expect(report.failed[0]?.error).toContain('acme/gone');
    expect(report.failed[0]?.error).toContain('issues: write');
    expect(report.failed[0]?.error).toContain('404');
  });
});
