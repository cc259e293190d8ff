import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { articleHtml, check, doc, recordingNotifier, useSiteAndRoot } from './harness.ts';

const THIRTY = '<p>Deleted conversations are removed from our back-end storage systems within 30 days.</p>';
const NINETY = '<p>Deleted conversations are removed from our back-end storage systems within 90 days.</p>';
const CLAIM = { id: 'deleted-30', quote: 'removed from our back-end storage systems within 30 days', topic: 'retention' as const };

/** Valid JSON that breaks the record's schema: only zod can tell. */
type Json = Record<string, unknown>;
const damages: { record: string; field: string; damage(value: Json | Json[]): void }[] = [
  { record: '_records/claims.bad.json', field: '0.status', damage: (v) => void ((v as Json[])[0]!.status = 'probably') },
  { record: 'bad/meta.json', field: 'contentHash', damage: (v) => void delete (v as Json).contentHash },
  { record: 'bad/state.json', field: 'consecutiveFailures', damage: (v) => void ((v as Json).consecutiveFailures = 'none') },
];

describe('check: a record that parses but does not validate', () => {
  const ctx = useSiteAndRoot();

  for (const { record, field, damage } of damages) {
    it(`${record}: fails only its own document, names file, field and fix, and is left as it is`, async () => {
      const { site, root } = ctx;
      const good = doc('good', `${site.origin}/good`, { claims: [CLAIM] });
      const bad = doc('bad', `${site.origin}/bad`, { claims: [CLAIM] });
      site.set('/good', articleHtml(THIRTY));
      site.set('/bad', articleHtml(THIRTY));
      await check(root, [good, bad], [], '2026-11-01T00:00:00Z');
      const path = join(root, 'snapshots', ...record.split('/'));
      const value = JSON.parse(await readFile(path, 'utf8'));
      damage(value);
      const damaged = JSON.stringify(value, null, 2) + '\n';
      await writeFile(path, damaged);

      site.set('/good', articleHtml(NINETY));
      site.set('/bad', articleHtml(NINETY));
      const notifier = recordingNotifier();
      const report = await check(root, [good, bad], [notifier], '2026-11-02T00:00:00Z');
      expect(report.documents.map((d) => [d.id, d.outcome, d.failure?.reason])).toEqual([
        ['good', 'substantive', undefined],
        ['bad', 'failed', 'internal'],
      ]);
      const message = report.documents[1]?.failure?.message ?? '';
      expect(message).toContain(`field "${field}"`);
      expect(message).toMatch(new RegExp(`${record.replace(/[./]/g, (c) => (c === '/' ? '[/\\\\]' : '\\.'))}.*restore it from git: git checkout -- `));
      expect(await readFile(path, 'utf8')).toBe(damaged);
      expect(notifier.seen.map((e) => e.doc.id)).toEqual(['good']);
    });
  }
});
