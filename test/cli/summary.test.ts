import { describe, expect, it } from 'vitest';
import { formatRunSummary } from '../../src/cli/summary.ts';
import { runReportSchema } from '../../src/run/report.ts';

const item = (id: string, docId: string, status: 'verified' | 'reworded' | 'missing') => ({ id, docId, status });
const report = (items: ReturnType<typeof item>[]) =>
  runReportSchema().parse({
    documents: [
      { id: 'up', title: 'Up', url: 'https://a.example/up', outcome: 'noise' },
      { id: 'down', title: 'Down', url: 'https://a.example/down', outcome: 'failed', failure: { reason: 'network', message: 'network error' } },
    ],
    claims: {
      verified: items.filter((i) => i.status === 'verified').length,
      reworded: items.filter((i) => i.status === 'reworded').length,
      missing: items.filter((i) => i.status === 'missing').length,
      items,
    },
  });
const watched = [
  { id: 'up', claims: ['a', 'b'] },
  { id: 'down', claims: ['c', 'd', 'e'] },
];

describe('the summary check prints', () => {
  it('counts the claims of a page that could not be fetched as pending, instead of leaving them out', () => {
    // The report may hold more entries for a page than its quotes (its stated effective date is one too).
    const up = [item('a', 'up', 'verified'), item('b', 'up', 'reworded'), item('up-effective-date', 'up', 'verified')];
    expect(formatRunSummary(report(up), [], undefined, watched)).toContain('claims: 2 verified, 1 reworded, 0 missing, 3 pending (their page was not fetched)\n');
  });

  it('says nothing of pending claims when every page was checked, or when the documents are not given', () => {
    const all = [item('a', 'up', 'verified'), item('c', 'down', 'missing')];
    expect(formatRunSummary(report(all), [], undefined, watched)).toContain('claims: 1 verified, 0 reworded, 1 missing\n');
    expect(formatRunSummary(report([]), [])).toContain('claims: 0 verified, 0 reworded, 0 missing\n');
  });
});
