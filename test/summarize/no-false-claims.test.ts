import { describe, expect, it } from 'vitest';
import { summarizeChange } from '../../src/summarize/index.ts';
import type { ChangeSummary } from '../../src/summarize/index.ts';
import { doc, HEADER, portal, table, VENDORS } from './tables.ts';

/**
 * "No summary claims a removal or addition that did not happen" (issue 13), end to end through summarizeChange with
 * its default structure diff: what moved, was re-paged or re-sorted is never told as removed or new, neither in the
 * key changes nor in the headline; what really came or went is, and only it.
 */

const NEW_VENDORS = [['Acorn AI', 'Model hosting', 'United States'], ['Aspen Chat', 'Chat support', 'Canada']];

const POLICY = doc(
  '# Privacy policy',
  '## 1. Data controller',
  'Acme Ltd is the controller of your personal data.',
  '## 2. What we collect',
  'We collect account data and usage data.',
  '- Contact details',
  '- Payment records',
  '- Support tickets',
  '## 3. How we use data',
  'We use data to provide the service. We keep logs for 30 days.',
  '## 4. Your rights',
  'You can access and delete your data by writing to privacy@acme.example.',
);

/** Every key change that says something came or went, and the headline's words for it. */
function comeOrGone(s: ChangeSummary): string[] {
  return s.keyChanges.filter((k) => k.kind !== 'changed').map((k) => k.text);
}

function expectNoComeOrGone(s: ChangeSummary): void {
  expect(comeOrGone(s)).toEqual([]);
  expect(s.headline).not.toMatch(/\b(?:new|removed|added|no longer)\b/iu);
}

describe('no summary claims a removal or addition that did not happen', () => {
  it('a paginated table whose new rows push old ones off the first page: only the new rows are new, none removed', () => {
    const s = summarizeChange({ title: 'Subprocessors' }, portal(VENDORS), portal([...NEW_VENDORS, ...VENDORS]));
    expect(comeOrGone(s)).toHaveLength(1);
    expect(s.keyChanges[0]).toMatchObject({ kind: 'new', source: 'record' });
    expect(s.keyChanges[0]?.text).toMatch(/Acorn AI .*Aspen Chat/u);
    // Lumen Translate and Cedar Logs only left the first page: nothing names them.
    const told = `${s.headline}\n${s.keyChanges.map((k) => k.text).join('\n')}`;
    expect(told).not.toMatch(/Lumen Translate|Cedar Logs|removed/iu);
    expect(s.headline).toBe('Subprocessors: new vendors Acorn AI, Aspen Chat');
  });

  it('a paginated table showing its next page: nothing came or went', () => {
    const paged = (first: number) => doc('## Subprocessors', `${first + 1}-${first + 10} of ${VENDORS.length} results`, table(HEADER, VENDORS.slice(first, first + 10)), table(HEADER, VENDORS));
    const s = summarizeChange({ title: 'Subprocessors' }, paged(0), paged(2));
    expectNoComeOrGone(s);
  });

  it('rows re-sorted, with one field edited: the edit is told, no row came or went', () => {
    const sorted = [...VENDORS].sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? '')).map((r) => (r[0] === 'Cedar Logs' ? ['Cedar Logs', 'Logging', 'Germany'] : r));
    const s = summarizeChange({ title: 'Subprocessors' }, doc('## Subprocessors', table(HEADER, VENDORS)), doc('## Subprocessors', table(HEADER, sorted)));
    expectNoComeOrGone(s);
    expect(s.keyChanges.map((k) => k.text)).toEqual(["Vendor 'Cedar Logs': location 'Ireland' → 'Germany' (Subprocessors)"]);
    expect(s.headline).toMatch(/Cedar Logs.*Ireland.*Germany/u);
  });

  it('rows re-sorted alone: nothing came or went', () => {
    const s = summarizeChange({ title: 'Subprocessors' }, doc('## Subprocessors', table(HEADER, VENDORS)), doc('## Subprocessors', table(HEADER, [...VENDORS].reverse())));
    expectNoComeOrGone(s);
  });

  it('a row moved to another table: moved, not removed and added', () => {
    const head = ['Cookie', 'Duration'];
    const before = doc('## Strictly necessary', table(head, [['sid', '1 day'], ['csrf', 'Session'], ['lang', '1 year']]), '## Analytics', table(head, [['_ga', '2 years'], ['_gid', '1 day']]));
    const after = doc('## Strictly necessary', table(head, [['sid', '1 day'], ['csrf', 'Session']]), '## Analytics', table(head, [['_ga', '2 years'], ['_gid', '1 day'], ['lang', '1 year']]));
    const s = summarizeChange({ title: 'Cookies' }, before, after);
    expectNoComeOrGone(s);
    expect(s.keyChanges.map((k) => k.text)).toEqual(["Cookie moved from 'Strictly necessary' to 'Analytics': lang"]);
  });

  it('a section moved to the end: nothing came or went, not its sentences either', () => {
    const moved = POLICY.replace('## 1. Data controller\n\nAcme Ltd is the controller of your personal data.\n\n', '') + '\n## 1. Data controller\n\nAcme Ltd is the controller of your personal data.\n';
    const s = summarizeChange({ title: 'Privacy' }, POLICY, moved);
    expectNoComeOrGone(s);
  });

  it('a section moved and edited on the way: the edit is told, nothing came or went', () => {
    const moved = POLICY.replace('## 4. Your rights\n\nYou can access and delete your data by writing to privacy@acme.example.\n', '').replace(
      '## 2. What we collect',
      '## 4. Your rights\n\nYou can access and delete your data by writing to dpo@acme.example.\n\n## 2. What we collect',
    );
    const s = summarizeChange({ title: 'Privacy' }, POLICY, moved);
    expectNoComeOrGone(s);
    expect(s.headline).toMatch(/privacy@acme\.example'? → '?dpo@acme\.example/u);
  });

  it('list items reordered: nothing came or went', () => {
    const reordered = POLICY.replace('- Contact details\n\n- Payment records\n\n- Support tickets', '- Support tickets\n\n- Contact details\n\n- Payment records');
    expect(reordered).not.toBe(POLICY);
    expectNoComeOrGone(summarizeChange({ title: 'Privacy' }, POLICY, reordered));
  });

  it('a paragraph moved to another section: nothing came or went', () => {
    const moved = POLICY.replace(' We keep logs for 30 days.', '').replace('by writing to privacy@acme.example.', 'by writing to privacy@acme.example.\n\nWe keep logs for 30 days.');
    expectNoComeOrGone(summarizeChange({ title: 'Privacy' }, POLICY, moved));
  });

  it('what really came and went beside a move is told, and only it', () => {
    const next = POLICY.replace('- Payment records\n\n', '')
      .replace('- Support tickets', '- Support tickets\n\n- Voice recordings')
      .replace('## 1. Data controller\n\nAcme Ltd is the controller of your personal data.\n\n', '')
      .concat('\n## 1. Data controller\n\nAcme Ltd is the controller of your personal data.\n');
    const s = summarizeChange({ title: 'Privacy' }, POLICY, next);
    const claims = comeOrGone(s);
    expect(claims).toHaveLength(2);
    expect(claims.find((t) => /Voice recordings/u.test(t))).toBeDefined();
    expect(claims.find((t) => /Payment records/u.test(t))).toBeDefined();
    expect(claims.join('\n')).not.toMatch(/Data controller|Acme Ltd/u);
  });
});
