import { describe, expect, it } from 'vitest';
import { countClaims, formatRunSummary } from '../../src/cli/summary.ts';
import { RunReportSchema } from '../../src/run/report.ts';

const report = (claims: { verified: number; reworded: number; missing: number }) =>
  RunReportSchema.parse({
    documents: [
      { id: 'up', title: 'Up', url: 'https://a.example/up', outcome: 'noise' },
      { id: 'down', title: 'Down', url: 'https://a.example/down', outcome: 'failed', failure: { reason: 'network', message: 'network error' } },
    ],
    claims,
  });

describe('the summary check prints', () => {
  it('counts the claims of a page that could not be fetched as pending, instead of leaving them out', () => {
    const watched = countClaims([{ claims: [1, 2] }, { claims: [3, 4, 5] }]);
    expect(watched).toBe(5);
    expect(formatRunSummary(report({ verified: 1, reworded: 1, missing: 0 }), [], undefined, watched)).toContain(
      'claims: 1 verified, 1 reworded, 0 missing, 3 pending (their page was not fetched)\n',
    );
  });

  it('says nothing of pending claims when every claim was checked, or when the count is not known', () => {
    expect(formatRunSummary(report({ verified: 4, reworded: 0, missing: 1 }), [], undefined, 5)).toContain('claims: 4 verified, 0 reworded, 1 missing\n');
    expect(formatRunSummary(report({ verified: 0, reworded: 0, missing: 0 }), [])).toContain('claims: 0 verified, 0 reworded, 0 missing\n');
  });
});
