import { describe, expect, it } from 'vitest';
import { access, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SettingsSchema } from '../../src/config/schema.ts';
import { persists } from '../../src/run/confirm.ts';
import { articleHtml, check, doc, recordingNotifier, settings, useSiteAndRoot } from './harness.ts';

/**
 * Confirming a change before alerting (src/run/confirm.ts): sequences of fetches (A, B, A), (A, B, B), (A, B, C),
 * a failed re-fetch, the next-run mode, a hold written by an older version. A crash while a change is held is in
 * test/system/full-run.test.ts (a real process killed during the re-fetch).
 */

const para = (text: string) => `<p>${text}</p>`;
const A = articleHtml(para('Deleted conversations are removed from our back-end storage systems within 30 days.'));
const B = articleHtml(para('Deleted conversations are removed from our back-end storage systems within 90 days.'));
// B's change, and one more sentence after it.
const C = articleHtml(para('Deleted conversations are removed from our back-end storage systems within 90 days.') + para('Flagged conversations are kept for up to two years for safety reviews.'));
// Not B's change: the old retention, and something else changed.
const D = articleHtml(para('Deleted conversations are removed from our back-end storage systems within 30 days.') + para('We may share de-identified statistics with research partners.'));

const day = (n: number) => `2026-11-0${n}T00:00:00Z`;
const nextRun = SettingsSchema.parse({ ...settings, confirm: { changes: 'next-run' } });
const off = SettingsSchema.parse({ ...settings, confirm: { changes: 'off' } });
const exists = (path: string) => access(path).then(() => true, () => false);

describe('a change is confirmed by a second sighting before anyone hears of it (check, re-fetch in the same run)', () => {
  const ctx = useSiteAndRoot();
  const text = () => readFile(join(ctx.root, 'snapshots', 'retention', 'text.md'), 'utf8');
  const state = async () => JSON.parse(await readFile(join(ctx.root, 'snapshots', 'retention', 'state.json'), 'utf8')) as Record<string, unknown>;
  const held = () => exists(join(ctx.root, 'snapshots', 'retention', 'held.raw.gz'));

  async function first(): Promise<ReturnType<typeof recordingNotifier>> {
    const notifier = recordingNotifier();
    ctx.site.set('/retention', A);
    await check(ctx.root, [doc('retention', `${ctx.site.origin}/retention`)], [notifier], day(1));
    return notifier;
  }

  it('(A, B, A): the page flips back on the re-fetch: a flip-flop, nothing recorded, no hold left', async () => {
    const notifier = await first();
    ctx.site.serve('/retention', [B, A]);
    const report = await check(ctx.root, [doc('retention', `${ctx.site.origin}/retention`)], [notifier], day(2));
    expect(report.documents[0]?.outcome).toBe('noise');
    expect(notifier.seen).toEqual([]);
    expect(await text()).toContain('30 days');
    expect(await state()).not.toHaveProperty('pendingChange');
    expect(await held()).toBe(false);
    // One fetch for the first run; a fetch and an unconditional re-fetch for the second.
    expect(ctx.site.requests).toHaveLength(3);
  });

  it('(A, B, B): the re-fetch shows the same text: alerted in the same run', async () => {
    const notifier = await first();
    ctx.site.serve('/retention', [B]);
    const report = await check(ctx.root, [doc('retention', `${ctx.site.origin}/retention`)], [notifier], day(2));
    expect(report.documents[0]?.outcome).toBe('substantive');
    expect(notifier.seen.map((e) => e.type)).toEqual(['change']);
    expect(await text()).toContain('90 days');
    expect(await held()).toBe(false);
    expect(ctx.site.conditional.at(-1)).toBe('');
  });

  it('(A, B, C) where C still carries B\'s change: B is alerted, C waits for its own confirmation, then is alerted too', async () => {
    const notifier = await first();
    ctx.site.serve('/retention', [B, C]);
    const d = doc('retention', `${ctx.site.origin}/retention`);
    const second = await check(ctx.root, [d], [notifier], day(2));
    expect(second.documents[0]?.outcome).toBe('substantive');
    expect(notifier.seen.map((e) => e.type)).toEqual(['change']);
    expect(await text()).not.toContain('two years');
    expect(await state()).toMatchObject({ pendingChange: { reason: 'unconfirmed' } });
    // The next run fetches C again: confirmed.
    const third = await check(ctx.root, [d], [notifier], day(3));
    expect(third.documents[0]?.outcome).toBe('substantive');
    expect(notifier.seen.map((e) => e.type)).toEqual(['change', 'change']);
    expect(await text()).toContain('two years');
    expect(await held()).toBe(false);
  });

  it('(A, B, D) where D is not B\'s change: D is judged against A as it stands, alerted once, nothing held', async () => {
    const notifier = await first();
    ctx.site.serve('/retention', [B, D]);
    const report = await check(ctx.root, [doc('retention', `${ctx.site.origin}/retention`)], [notifier], day(2));
    expect(report.documents[0]?.outcome).toBe('substantive');
    expect(notifier.seen).toHaveLength(1);
    expect(await text()).toContain('research partners');
    expect(await state()).not.toHaveProperty('pendingChange');
  });

  it('a re-fetch that fails (an error status, then an empty page that is not the document) alerts the first sighting', async () => {
    for (const failing of [{ status: 503, html: 'busy' }, { status: 200, html: '<html><head><title>Retention</title></head><body><main></main></body></html>' }]) {
      const notifier = await first();
      ctx.site.serve('/retention', [B, failing]);
      const report = await check(ctx.root, [doc('retention', `${ctx.site.origin}/retention`)], [notifier], day(2));
      expect(report.documents[0]?.outcome).toBe('substantive');
      expect(notifier.seen.map((e) => e.type)).toEqual(['change']);
      expect(report.documents[0]).not.toHaveProperty('failure');
      // Back to A for the next round.
      ctx.site.serve('/retention', [A]);
      await check(ctx.root, [doc('retention', `${ctx.site.origin}/retention`)], [], day(3), undefined, off);
    }
  });

  it('off: alerted on first sight, with one fetch', async () => {
    const notifier = await first();
    ctx.site.serve('/retention', [B, A]);
    await check(ctx.root, [doc('retention', `${ctx.site.origin}/retention`)], [notifier], day(2), undefined, off);
    expect(notifier.seen).toHaveLength(1);
    expect(ctx.site.requests).toHaveLength(2);
  });

  it('formatting and noise are never held', async () => {
    const notifier = await first();
    ctx.site.serve('/retention', [A.replace('<p>Deleted', '<p><strong>Deleted').replace('30 days.</p>', '30 days.</strong></p>')]);
    const report = await check(ctx.root, [doc('retention', `${ctx.site.origin}/retention`)], [notifier], day(2));
    expect(report.documents[0]?.outcome).toBe('formatting');
    expect(ctx.site.requests).toHaveLength(2);
  });
});

describe('next-run: the next run\'s fetch is the second sighting', () => {
  const ctx = useSiteAndRoot();
  const run = (n: number, notifier = recordingNotifier()) => check(ctx.root, [doc('retention', `${ctx.site.origin}/retention`)], [notifier], day(n), undefined, nextRun);

  it('holds a change over to the next run, fetched whole there (no 304), and confirms it; a flip-flop records nothing', async () => {
    const notifier = recordingNotifier();
    ctx.site.set('/retention', A, 200, '"a"');
    await run(1, notifier);
    ctx.site.set('/retention', B, 200, '"b"');
    expect(await run(2, notifier)).toMatchObject({ documents: [{ outcome: 'held', held: 'unconfirmed' }] });
    expect(notifier.seen).toEqual([]);
    expect(await exists(join(ctx.root, 'snapshots', 'retention', 'held.raw.gz'))).toBe(true);
    expect((await run(3, notifier)).documents[0]?.outcome).toBe('substantive');
    expect(ctx.site.conditional.at(-1)).toBe('');
    expect(notifier.seen).toHaveLength(1);

    ctx.site.set('/retention', A, 200, '"a"');
    expect((await run(4, notifier)).documents[0]?.outcome).toBe('held');
    ctx.site.set('/retention', B, 200, '"b"');
    expect((await run(5, notifier)).documents[0]?.outcome).toBe('noise');
    expect(notifier.seen).toHaveLength(1);
    expect(await readFile(join(ctx.root, 'snapshots', 'retention', 'text.md'), 'utf8')).toContain('90 days');
  });

  it('a failed fetch is no sighting: the change stays held, never lost, and the next good fetch decides', async () => {
    const notifier = recordingNotifier();
    ctx.site.set('/retention', A);
    await run(1, notifier);
    ctx.site.set('/retention', B);
    await run(2, notifier);
    ctx.site.set('/retention', 'down', 503);
    expect((await run(3, notifier)).documents[0]?.outcome).toBe('failed');
    ctx.site.set('/retention', B);
    expect((await run(4, notifier)).documents[0]?.outcome).toBe('substantive');
    expect(notifier.seen.map((e) => e.type)).toEqual(['change']);
  });

  it('a hold written by an older version (pendingShrink) is read as a held change and decided', async () => {
    const notifier = recordingNotifier();
    ctx.site.set('/retention', A);
    await run(1, notifier);
    ctx.site.set('/retention', B);
    await run(2, notifier);
    const path = join(ctx.root, 'snapshots', 'retention', 'state.json');
    const state = JSON.parse(await readFile(path, 'utf8')) as { pendingChange: { contentHash: string; firstSeenAt: string }; pendingShrink?: unknown };
    state.pendingShrink = { contentHash: state.pendingChange.contentHash, firstSeenAt: state.pendingChange.firstSeenAt };
    delete (state as { pendingChange?: unknown }).pendingChange;
    await writeFile(path, JSON.stringify(state));
    expect((await run(3, notifier)).documents[0]?.outcome).toBe('substantive');
    expect(JSON.parse(await readFile(path, 'utf8'))).not.toHaveProperty('pendingShrink');
  });
});

describe('persists', () => {
  const a = 'We keep chats for 30 days.\n\nWe never sell data.';
  const b = 'We keep chats for 90 days.\n\nWe never sell data.';
  it('sees a held change still there beside another change, and not once it is undone', () => {
    expect(persists(a, b, `${b}\n\nFlagged chats are kept for two years.`)).toBe(true);
    expect(persists(a, b, `${a}\n\nFlagged chats are kept for two years.`)).toBe(false);
    expect(persists(a, b, 'We keep chats for 60 days.\n\nWe never sell data.')).toBe(false);
    expect(persists(a, a.split('\n\n').reverse().join('\n\n'), a)).toBe(false);
  });
});
