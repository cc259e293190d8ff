import { beforeEach, describe, expect, it } from 'vitest';
import type { Fault, FakeGithub } from '../../support/github-server.ts';
import { makeChange, makeDoc, makeFailing, makeResumed } from './factories.ts';
import { githubNotifier, useFakeGithub } from './harness.ts';

/**
 * GitHub sometimes carries a write out and then loses the answer: a 502 after the issue was created, or a
 * connection that never answers. A write that is not idempotent must then never be sent again blindly: the notifier
 * looks for its effect first (the fingerprint, the comment, the label) and writes again only when it is absent.
 */
const fake = useFakeGithub();
let server: FakeGithub;
beforeEach(() => {
  server = fake();
});

/** Long enough that a loaded machine answers every normal request first; only an injected hang reaches it. */
const TIMEOUT_MS = 1_000;
const notifier = () => githubNotifier(server, { retries: 3, requestTimeoutMs: TIMEOUT_MS });

/** POSTs (create issue, comment, add labels, create label) sent again after the same write had taken effect. */
function repeatedWrites(): string[] {
  const applied = new Set<string>();
  const repeats: string[] = [];
  for (const r of server.requests.filter((q) => q.method === 'POST')) {
    const key = `${r.path} ${JSON.stringify(r.body)}`;
    if (applied.has(key)) repeats.push(key.slice(0, 120));
    if (r.applied) applied.add(key);
  }
  return repeats;
}

const faults: { name: string; fault: Fault }[] = [
  { name: 'a 502 after the write took effect', fault: { kind: 'applied-then-status', status: 502 } },
  { name: 'no answer after the write took effect', fault: { kind: 'applied-then-hang' } },
  { name: 'a 502 before the write took effect', fault: { kind: 'status', status: 502 } },
];

const first = makeChange();
/** A second change of the same document, with a topic the open issue does not carry yet: a comment and a label. */
const again = makeChange({ oldHash: 'bbbb2222', newHash: 'cccc3333', doc: makeDoc({ topics: ['retention', 'deletion'] }) });

describe.each(faults)('github: $name', ({ fault }) => {
  it('creating an issue: exactly one issue carries the fingerprint', async () => {
    server.inject(fault, { method: 'POST', path: /\/issues$/ });
    const report = await notifier().deliver([first]);
    expect(report.failed).toEqual([]);
    expect(report.delivered).toEqual([first.id]);
    expect(server.issues).toHaveLength(1);
    expect(report.links[first.id]).toBe(`${server.url}/acme/guide/issues/1`);
    expect(repeatedWrites()).toEqual([]);
  });

  it('commenting: exactly one comment for the second change', async () => {
    await notifier().deliver([first]);
    server.inject(fault, { method: 'POST', path: /\/issues\/\d+\/comments$/ });
    const report = await notifier().deliver([again]);
    expect(report.failed).toEqual([]);
    expect(server.issues).toHaveLength(1);
    expect(server.issues[0]!.comments).toHaveLength(1);
    expect(repeatedWrites()).toEqual([]);
  });

  it('adding labels to the open issue: added once', async () => {
    await notifier().deliver([first]);
    server.inject(fault, { method: 'POST', path: /\/issues\/\d+\/labels$/ });
    const report = await notifier().deliver([again]);
    expect(report.failed).toEqual([]);
    expect(server.issues[0]!.labels).toContain('topic:deletion');
    expect(server.issues[0]!.comments).toHaveLength(1);
    expect(repeatedWrites()).toEqual([]);
  });

  it('creating a label: created once, never answered "already exists" by our own retry', async () => {
    server.inject(fault, { method: 'POST', path: /\/labels$/ });
    const report = await notifier().deliver([first]);
    expect(report.failed).toEqual([]);
    expect(server.issues).toHaveLength(1);
    expect(server.requests.filter((r) => r.status === 422)).toEqual([]);
    expect(repeatedWrites()).toEqual([]);
  });

  it('the tracking lifecycle: one "tracking failing" issue, one comment for a new reason, one "resumed"', async () => {
    const doc = makeDoc();
    server.inject(fault, { method: 'POST', path: /\/issues$/ });
    await notifier().deliver([makeFailing('blocked', 1, doc)]);
    server.inject(fault, { method: 'POST', path: /\/comments$/ });
    await notifier().deliver([makeFailing('http-status', 2, doc)]);
    server.inject(fault, { method: 'POST', path: /\/comments$/ });
    const report = await notifier().deliver([makeResumed(doc)]);
    expect(report.failed).toEqual([]);
    expect(server.issues).toHaveLength(1);
    expect(server.issues[0]!.comments.map((c) => (/Tracking resumed/.test(c.body) ? 'resumed' : 'reason'))).toEqual(['reason', 'resumed']);
    expect(server.issues[0]!.state).toBe('closed');
    expect(repeatedWrites()).toEqual([]);
  });
});

describe('github: writes whose answers stay lost', () => {
  it('a create that fails every time is reported transient, and the effects it had are found on the next run', async () => {
    server.inject({ kind: 'applied-then-status', status: 502 }, { method: 'POST', path: /\/issues$/, times: 10 });
    const report = await notifier().deliver([first]);
    // The first create took effect; the look-up after it finds the issue: nothing is sent again.
    expect(report.failed).toEqual([]);
    expect(server.issues).toHaveLength(1);

    const next = makeChange({ doc: makeDoc({ id: 'other', title: 'Other' }), oldHash: 'o1', newHash: 'o2' });
    server.inject({ kind: 'status', status: 503 }, { times: 100 });
    const failed = await notifier().deliver([next]);
    expect(failed.failed).toEqual([{ eventId: next.id, error: expect.stringContaining('503'), transient: true }]);
    expect(server.issues).toHaveLength(1);
  });

  it('reads are still retried automatically', async () => {
    server.inject({ kind: 'status', status: 502 }, { method: 'GET', times: 2 });
    const report = await notifier().deliver([first]);
    expect(report.failed).toEqual([]);
    expect(server.requests.filter((r) => r.method === 'GET' && r.status === 502)).toHaveLength(2);
    expect(server.issues).toHaveLength(1);
  });
});
