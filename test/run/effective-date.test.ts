import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createFsStore } from '../../src/store/index.ts';
import { renderIssue } from '../../src/notify/github/index.ts';
import { isUserFacing } from '../../src/notify/events.ts';
import { articleHtml, check, doc, recordingNotifier, useSiteAndRoot } from './harness.ts';

const page = (date: string) => articleHtml(`<p>Effective ${date}</p><p>We keep your chats for 30 days after you delete them from the app.</p>`);

describe('the effective date the guide states', () => {
  const ctx = useSiteAndRoot();

  it('a page whose date differs from the guide is one claim change for maintainers, alerted once across runs; a later date change alerts again', async () => {
    const { site, root } = ctx;
    const d = doc('privacy', `${site.origin}/privacy`, { guide: { effectiveDate: '2026-01-12', section: 'Claude.ai (Free, Pro, Max)' } });
    const notifier = recordingNotifier();
    site.set('/privacy', page('January 12, 2026'));
    const first = await check(root, [d], [notifier], '2026-11-01T00:00:00Z');
    expect(first.claims.items).toMatchObject([{ id: 'guide-effective-date', status: 'verified' }]);
    expect(notifier.seen).toHaveLength(0);

    // The page moves on: a substantive change carrying the claim change.
    site.set('/privacy', page('July 8, 2026'));
    await check(root, [d], [notifier], '2026-11-02T00:00:00Z');
    expect(notifier.seen).toHaveLength(1);
    const change = notifier.seen[0]!;
    expect(change.type).toBe('change');
    if (change.type !== 'change') return;
    expect(change.claimChanges).toMatchObject([{ claim: { kind: 'effective-date' }, before: { status: 'verified' }, after: { status: 'reworded', currentWording: 'effective 2026-07-08' } }]);
    const body = renderIssue(change).body;
    expect(body).toContain('**verified → reworded**');
    expect(body).toContain('The guide states: “effective 2026-01-12”');
    // Markdown-escaped page-independent text: the parentheses may carry a backslash.
    expect(body).toMatch(/The guide's section 'Claude\.ai \\?\(Free, Pro, Max\\?\)' states this date\./);

    // Runs after that: still different, nothing new.
    await check(root, [d], [notifier], '2026-11-03T00:00:00Z');
    await check(root, [d], [notifier], '2026-11-04T00:00:00Z');
    expect(notifier.seen).toHaveLength(1);
  });

  it('a guide date that is already stale when configured is told to maintainers once (not mailed), then never again', async () => {
    const { site, root } = ctx;
    const store = createFsStore(join(root, 'snapshots'));
    const plain = doc('privacy', `${site.origin}/privacy`);
    const notifier = recordingNotifier();
    site.set('/privacy', page('July 8, 2026'));
    await check(root, [plain], [notifier], '2026-11-01T00:00:00Z', store);

    const dated = { ...plain, guide: { effectiveDate: '2026-01-12' } };
    await check(root, [dated], [notifier], '2026-11-02T00:00:00Z', store);
    expect(notifier.seen.map((e) => e.type)).toEqual(['claims-changed']);
    const event = notifier.seen[0]!;
    expect(isUserFacing(event)).toBe(false);
    expect(renderIssue(event).body).toMatch(/Effective date \(terms\): \*\*new → reworded\*\*[\s\S]*The page now says: “effective 2026-07-08”[\s\S]*First check of this claim/);

    for (const day of ['03', '04']) await check(root, [dated], [notifier], `2026-11-${day}T00:00:00Z`, store);
    expect(notifier.seen).toHaveLength(1);
  });

  it('an "Updated <date>" bump with the same text is no change, yet the guide\'s date claim sees it once; a stamp that comes and goes changes nothing', async () => {
    const { site, root } = ctx;
    const d = doc('help', `${site.origin}/help`, { guide: { effectiveDate: '2026-03-03' } });
    const notifier = recordingNotifier();
    const text = '<p>We keep your chats for 30 days after you delete them from the app.</p>';
    const stamped = (date: string) => articleHtml(`<p>Updated ${date}</p>${text}`);
    site.set('/help', stamped('March 3, 2026'));
    expect((await check(root, [d], [notifier], '2026-11-01T00:00:00Z')).claims.items).toMatchObject([{ status: 'verified' }]);

    site.set('/help', stamped('April 9, 2026'), 200, '"v2"');
    const bumped = await check(root, [d], [notifier], '2026-11-02T00:00:00Z');
    expect(bumped.documents[0]).toMatchObject({ outcome: 'noise', effectiveDate: '2026-04-09' });
    expect(notifier.seen.map((e) => e.type)).toEqual(['claims-changed']);

    // A 304 verifies against the stored text, which carries the new date: no flip back.
    expect((await check(root, [d], [notifier], '2026-11-03T00:00:00Z')).documents[0]?.outcome).toBe('not-modified');
    // The template drops the stamp, then prints it again: the text is the same, the date still stated.
    site.set('/help', articleHtml(text));
    expect((await check(root, [d], [notifier], '2026-11-04T00:00:00Z')).documents[0]?.outcome).toBe('noise');
    site.set('/help', stamped('April 9, 2026'));
    expect((await check(root, [d], [notifier], '2026-11-05T00:00:00Z')).documents[0]?.outcome).toBe('noise');
    expect(notifier.seen.map((e) => e.type)).toEqual(['claims-changed']);
  });
});
