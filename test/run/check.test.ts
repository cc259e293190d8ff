import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseRunReport } from '../../src/run/report.ts';
import { createFsStore } from '../../src/store/index.ts';
import type { SnapshotStore } from '../../src/store/types.ts';
import { articleHtml, check, doc, recordingNotifier, useSiteAndRoot } from './harness.ts';

const THIRTY = '<p>Deleted conversations are removed from our back-end storage systems within 30 days.</p>';
const NINETY = '<p>Deleted conversations are removed from our back-end storage systems within 90 days.</p>';

describe('check, end to end over local HTTP and a real snapshot folder', () => {
  const ctx = useSiteAndRoot();

  it('records a first snapshot, ignores noise, and alerts once on a real change', async () => {
    const { site, root } = ctx;
    const d = doc('retention', `${site.origin}/retention`);
    const notifier = recordingNotifier();
    site.set('/retention', articleHtml(THIRTY, 'a'));
    const first = await check(root, [d], [notifier], '2026-11-01T00:00:00Z');
    expect(first.documents[0]?.outcome).toBe('first');
    const text = await readFile(join(root, 'snapshots', 'retention', 'text.md'), 'utf8');
    expect(text).toContain('within 30 days');
    expect(text).not.toMatch(/Updated|Home|©/);

    site.set('/retention', articleHtml(THIRTY, 'b'));
    const noisy = await check(root, [d], [notifier], '2026-11-02T00:00:00Z');
    expect(noisy.documents[0]?.outcome).toBe('noise');
    expect(notifier.seen).toHaveLength(0);

    site.set('/retention', articleHtml(NINETY, 'a'));
    const changed = await check(root, [d], [notifier], '2026-11-03T00:00:00Z');
    expect(changed.documents[0]?.outcome).toBe('substantive');
    expect(notifier.seen.map((e) => e.type)).toEqual(['change']);
    const event = notifier.seen[0]!;
    expect(event.type === 'change' && event.diff.hunks.some((h) => h.after.includes('90 days'))).toBe(true);
    expect(changed.documents[0]?.issueUrl).toBe(`issue://${event.id}`);
    expect(changed.notifications.pending).toBe(0);

    // The same page again: nothing new.
    await check(root, [d], [notifier], '2026-11-04T00:00:00Z');
    expect(notifier.seen).toHaveLength(1);
  });

  it('a crash after queueing but before recording re-delivers the same event id, never a second one', async () => {
    const { site, root } = ctx;
    const d = doc('retention', `${site.origin}/retention`);
    site.set('/retention', articleHtml(THIRTY));
    await check(root, [d], [], '2026-11-01T00:00:00Z');
    site.set('/retention', articleHtml(NINETY));

    const real = createFsStore(join(root, 'snapshots'));
    const crashing: SnapshotStore = { ...real, writeSnapshot: async () => { throw new Error('disk unplugged'); } };
    const notifier = recordingNotifier();
    const crashed = await check(root, [d], [notifier], '2026-11-02T00:00:00Z', crashing);
    expect(crashed.documents[0]?.outcome).toBe('failed');
    // The queued event survived the crash and was delivered; the snapshot was not recorded.
    expect(notifier.seen).toHaveLength(1);
    expect((await real.readSnapshot('retention'))?.markdown).toContain('30 days');

    const rerun = await check(root, [d], [notifier], '2026-11-02T01:00:00Z');
    expect(rerun.documents[0]?.outcome).toBe('substantive');
    expect(new Set(notifier.seen.map((e) => e.id)).size).toBe(1);
  });

  it('keeps undelivered notifications and delivers them on the next run', async () => {
    const { site, root } = ctx;
    const d = doc('retention', `${site.origin}/retention`);
    site.set('/retention', articleHtml(THIRTY));
    await check(root, [d], [], '2026-11-01T00:00:00Z');
    site.set('/retention', articleHtml(NINETY));
    const notifier = recordingNotifier();
    notifier.failNext = true;
    const failed = await check(root, [d], [notifier], '2026-11-02T00:00:00Z');
    expect(failed.notifications.failed).toHaveLength(1);
    expect(failed.notifications.pending).toBe(1);
    expect(notifier.seen).toHaveLength(0);

    const next = await check(root, [d], [notifier], '2026-11-03T00:00:00Z');
    expect(next.documents[0]?.outcome).toBe('noise');
    expect(notifier.seen.map((e) => e.type)).toEqual(['change']);
    expect(next.notifications.pending).toBe(0);
  });

  it('reports failures, keeps the baseline, tells maintainers after N in a row, and when tracking resumes', async () => {
    const { site, root } = ctx;
    const d = doc('retention', `${site.origin}/retention`);
    const notifier = recordingNotifier();
    site.set('/retention', articleHtml(THIRTY));
    await check(root, [d], [notifier], '2026-11-01T00:00:00Z');

    site.set('/retention', 'oops', 500);
    const once = await check(root, [d], [notifier], '2026-11-02T00:00:00Z');
    expect(once.documents[0]).toMatchObject({ outcome: 'failed', failure: { reason: 'http-status' } });
    expect(notifier.seen).toHaveLength(0); // one-off failures raise nothing

    await check(root, [d], [notifier], '2026-11-03T00:00:00Z');
    expect(notifier.seen.map((e) => e.type)).toEqual(['tracking-failing']);
    await check(root, [d], [notifier], '2026-11-04T00:00:00Z');
    expect(notifier.seen).toHaveLength(1); // same reason: no repeat

    site.set('/retention', articleHtml(THIRTY));
    const back = await check(root, [d], [notifier], '2026-11-05T00:00:00Z');
    expect(back.documents[0]?.outcome).toBe('noise');
    expect(notifier.seen.map((e) => e.type)).toEqual(['tracking-failing', 'tracking-resumed']);
    expect((await readFile(join(root, 'snapshots', 'retention', 'text.md'), 'utf8'))).toContain('30 days');
  });

  it('one failing document does not stop the others', async () => {
    const { site, root } = ctx;
    const good = doc('good', `${site.origin}/good`);
    const bad = doc('bad', `${site.origin}/missing`);
    site.set('/good', articleHtml(THIRTY));
    const report = await check(root, [good, bad], [], '2026-11-01T00:00:00Z');
    expect(report.documents.map((d) => [d.id, d.outcome])).toEqual([['good', 'first'], ['bad', 'failed']]);
    // The report as `check --json` writes it reads back through the one schema publish and merge-shards use.
    const read = parseRunReport(JSON.parse(JSON.stringify(report)));
    expect('report' in read && read.report.documents).toEqual(report.documents);
  });

  it('holds a drastic loss of text until a second run confirms it', async () => {
    const { site, root } = ctx;
    const d = doc('retention', `${site.origin}/retention`);
    const notifier = recordingNotifier();
    const long = Array.from({ length: 40 }, (_, i) => `<p>Paragraph ${i} about how long data is kept, with enough words to count for something.</p>`).join('');
    site.set('/retention', articleHtml(long));
    await check(root, [d], [notifier], '2026-11-01T00:00:00Z');
    site.set('/retention', articleHtml(THIRTY));
    const first = await check(root, [d], [notifier], '2026-11-02T00:00:00Z');
    expect(first.documents[0]?.outcome).toBe('held');
    expect(notifier.seen).toHaveLength(0);
    const second = await check(root, [d], [notifier], '2026-11-03T00:00:00Z');
    expect(second.documents[0]?.outcome).toBe('substantive');
    expect(notifier.seen).toHaveLength(1);
  });
});
