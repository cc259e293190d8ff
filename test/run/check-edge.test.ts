import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { articleHtml, check, doc, recordingNotifier, useSiteAndRoot } from './harness.ts';

const para = (text: string) => `<p>${text}</p>`;
const THIRTY = para('Deleted conversations are removed from our back-end storage systems within 30 days.');
const NINETY = para('Deleted conversations are removed from our back-end storage systems within 90 days.');
const CLAIM = { id: 'deleted-30', quote: 'removed from our back-end storage systems within 30 days', topic: 'retention' as const };

describe('check: the edge cases that lose or duplicate alerts', () => {
  const ctx = useSiteAndRoot();

  it('a shrunken page behind an ETag is fetched whole again and confirmed, not hidden by a 304', async () => {
    const { site, root } = ctx;
    const d = doc('retention', `${site.origin}/retention`);
    const notifier = recordingNotifier();
    const long = Array.from({ length: 40 }, (_, i) => para(`Paragraph ${i} about how long data is kept, with enough words to count.`)).join('');
    site.set('/retention', articleHtml(long), 200, '"v1"');
    await check(root, [d], [notifier], '2026-11-01T00:00:00Z');
    site.set('/retention', articleHtml(THIRTY), 200, '"v2"');
    expect((await check(root, [d], [notifier], '2026-11-02T00:00:00Z')).documents[0]?.outcome).toBe('held');
    expect((await check(root, [d], [notifier], '2026-11-03T00:00:00Z')).documents[0]?.outcome).toBe('substantive');
    expect(notifier.seen.map((e) => e.type)).toEqual(['change']);
    // Now recorded, the new validators are used: unchanged means a 304.
    expect((await check(root, [d], [notifier], '2026-11-04T00:00:00Z')).documents[0]?.outcome).toBe('not-modified');
  });

  it('a change that comes back (A→B→A→B) is alerted every time, each with its own event id', async () => {
    const { site, root } = ctx;
    const d = doc('retention', `${site.origin}/retention`);
    const notifier = recordingNotifier();
    const versions = [THIRTY, NINETY, THIRTY, NINETY];
    for (const [i, body] of versions.entries()) {
      site.set('/retention', articleHtml(body));
      await check(root, [d], [notifier], `2026-11-0${i + 1}T00:00:00Z`);
    }
    expect(notifier.seen.map((e) => e.type)).toEqual(['change', 'change', 'change']);
    expect(new Set(notifier.seen.map((e) => e.id)).size).toBe(3);
  });

  it('adding or re-quoting a claim in the config raises no alert: it only sets a baseline', async () => {
    const { site, root } = ctx;
    const notifier = recordingNotifier();
    site.set('/retention', articleHtml(THIRTY));
    await check(root, [doc('retention', `${site.origin}/retention`, { claims: [CLAIM] })], [notifier], '2026-11-01T00:00:00Z');
    const added = { id: 'not-on-page', quote: 'we sell your data to the highest bidder every day', topic: 'sharing' as const };
    const requoted = { ...CLAIM, quote: 'removed from our back-end storage systems within 31 days' };
    const report = await check(root, [doc('retention', `${site.origin}/retention`, { claims: [requoted, added] })], [notifier], '2026-11-02T00:00:00Z');
    expect(notifier.seen).toEqual([]);
    expect(report.claims.items.map((c) => [c.id, c.status])).toEqual([['deleted-30', 'reworded'], ['not-on-page', 'missing']]);
  });

  it('a claim that drifts on the page is alerted once, together with the change', async () => {
    const { site, root } = ctx;
    const d = doc('retention', `${site.origin}/retention`, { claims: [CLAIM] });
    const notifier = recordingNotifier();
    site.set('/retention', articleHtml(THIRTY));
    await check(root, [d], [notifier], '2026-11-01T00:00:00Z');
    site.set('/retention', articleHtml(NINETY));
    await check(root, [d], [notifier], '2026-11-02T00:00:00Z');
    await check(root, [d], [notifier], '2026-11-03T00:00:00Z');
    expect(notifier.seen).toHaveLength(1);
    const [event] = notifier.seen;
    expect(event?.type === 'change' && event.claimChanges.map((c) => [c.before?.status, c.after.status])).toEqual([['verified', 'reworded']]);
  });

  it('a damaged record fails only its own document, with a typed reason, and is counted toward tracking', async () => {
    const { site, root } = ctx;
    const good = doc('good', `${site.origin}/good`);
    const bad = doc('bad', `${site.origin}/bad`);
    site.set('/good', articleHtml(THIRTY));
    site.set('/bad', articleHtml(THIRTY));
    await check(root, [good, bad], [], '2026-11-01T00:00:00Z');
    await writeFile(join(root, 'snapshots', '_records', 'claims.bad.json'), '{ not json');
    site.set('/good', articleHtml(NINETY));
    const report = await check(root, [good, bad], [], '2026-11-02T00:00:00Z');
    expect(report.documents.map((d) => [d.id, d.outcome, d.failure?.reason])).toEqual([
      ['good', 'substantive', undefined],
      ['bad', 'failed', 'internal'],
    ]);
    expect(report.documents[1]?.failure?.message).toMatch(/claims\.bad\.json.*restore it from git/);
    const state = JSON.parse(await readFile(join(root, 'snapshots', 'bad', 'state.json'), 'utf8'));
    expect(state).toMatchObject({ consecutiveFailures: 1, lastFailure: { reason: 'internal' } });
  });
});

describe('check: many documents through the fetch and processing slots', () => {
  const ctx = useSiteAndRoot();

  it('reports every document in the configured order with its own outcome, more documents than slots, failures among them', async () => {
    const { site, root } = ctx;
    const ids = Array.from({ length: 40 }, (_, n) => `doc-${n}`);
    const documents = ids.map((id) => doc(id, `${site.origin}/${id}`));
    ids.forEach((id, n) => {
      if (n % 7 !== 3) site.set(`/${id}`, articleHtml(para(`Document ${n} keeps account data for ${n + 1} days after the account is closed.`)), 200, `"${id}"`);
    });
    const first = await check(root, documents, [recordingNotifier()], '2026-11-01T00:00:00Z');
    expect(first.documents.map((d) => d.id)).toEqual(ids);
    expect(first.documents.map((d) => d.outcome)).toEqual(ids.map((_, n) => (n % 7 === 3 ? 'failed' : 'first')));
    const again = await check(root, documents, [recordingNotifier()], '2026-11-02T00:00:00Z');
    expect(again.documents.map((d) => d.id)).toEqual(ids);
    expect(again.documents.map((d) => d.outcome)).toEqual(ids.map((_, n) => (n % 7 === 3 ? 'failed' : 'not-modified')));
    expect(await readFile(join(root, 'snapshots', 'doc-12', 'text.md'), 'utf8')).toContain('keeps account data for 13 days');
  });
});
