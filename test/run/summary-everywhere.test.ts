import { describe, expect, it } from 'vitest';
import { renderIssue } from '../../src/notify/github/render.ts';
import { renderMessage } from '../../src/notify/email/index.ts';
import type { ChangeEvent } from '../../src/notify/events.ts';
import { renderJobSummary } from '../../src/publish/index.ts';
import { book, settings as emailSettings } from '../notify/email/factories.ts';
import { articleHtml, check, doc, recordingNotifier, useSiteAndRoot } from './harness.ts';

const para = (text: string) => `<p>${text}</p>`;
const CLAIM_OLD = 'We will not use your chats to train our models unless you opt in through your settings.';
const CLAIM_NEW = 'We will use your chats to train our models unless you opt out through your settings.';
const CLAIM = { id: 'no-training-unless-opt-in', quote: 'will not use your chats to train our models unless you opt in', topic: 'training' as const };
/** Twenty-four other paragraphs whose numbers all change: the claim must still lead. */
const others = (factor: number) =>
  Array.from({ length: 24 }, (_, i) => para(`Log category ${i} is kept for ${(i + 1) * factor} days before it is erased from our systems.`)).join('');

describe('one summary everywhere: a changed claim leads the title, the issue, the email, the job summary and the event', () => {
  const ctx = useSiteAndRoot();

  it('a reworded claim beside twenty-four other changes leads every rendering, in the same words', async () => {
    const { site, root } = ctx;
    const d = doc('privacy', `${site.origin}/privacy`, { title: 'Privacy Policy', topics: ['training', 'retention'], claims: [CLAIM] });
    const notifier = recordingNotifier();
    site.set('/privacy', articleHtml(para(CLAIM_OLD) + others(1)));
    await check(root, [d], [notifier], '2026-11-01T00:00:00Z');
    site.set('/privacy', articleHtml(para(CLAIM_NEW) + others(2)));
    const report = await check(root, [d], [notifier], '2026-11-02T00:00:00Z');

    const event = notifier.seen.find((e): e is ChangeEvent => e.type === 'change');
    expect(event?.claimChanges.map((c) => c.after.status)).toEqual(['reworded']);
    if (!event) return;
    // The headline names the claim's words and their new wording, and counts only what it left out.
    expect(event.headline).toMatch(/^Privacy Policy: Training claim: 'will not use … opt in' → 'will use … opt out'/);
    expect(event.headline.length).toBeLessThanOrEqual(100);
    const more = Number(/\(\+(\d+) more\)$/.exec(event.headline)?.[1] ?? 0);
    expect(more).toBe(event.keyChanges.length - 1);
    expect(event.keyChanges[0]).toMatchObject({ source: 'claim', topic: 'training', short: expect.stringContaining("'will not use … opt in'") });
    // Every other change is told too (no edit dropped), after the claim.
    expect(event.keyChanges.filter((k) => /days → \d+ days/.test(k.text))).toHaveLength(24);

    // The issue: its title is the headline; its summary's first bullet is the claim, not the twenty-fifth.
    const issue = renderIssue(event);
    expect(issue.title).toBe(event.headline);
    const summary = issue.body.split('### Summary')[1] ?? '';
    expect(summary.split('\n').find((l) => l.startsWith('- '))).toMatch(/^- Quoted claim reworded: 'will not use … opt in' → 'will use … opt out'/);
    expect(summary).toMatch(/…and \d+ more: see the diff below/);

    // The email: the same subject and the same first line of what changed.
    const [subscriber] = book([{ address: 'reader@example.org' }]).subscribers;
    const mail = renderMessage(subscriber!, [event], emailSettings());
    expect(mail.subject).toBe(event.headline);
    expect(mail.text).toMatch(/What changed:\n {2}- Quoted claim reworded: 'will not use … opt in' → 'will use … opt out'/);
    expect(mail.text).toMatch(/\(and \d+ more\)/);

    // The run report and the job summary carry the same headline.
    const outcome = report.documents.find((o) => o.id === 'privacy');
    expect(outcome?.headline).toBe(event.headline);
    // (escaped for Markdown there: the same words once the escapes are read)
    expect(renderJobSummary(report).replace(/\\(?=[()[\]])/g, '')).toContain(event.headline);
  });
});
