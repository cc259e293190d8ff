import { describe, expect, it } from 'vitest';
import { runDemo } from '../../src/cli/demo/run.ts';
import { systemClock } from '../../src/shared/clock.ts';

describe('policywatch demo', () => {
  it('shows first records, ignores noise, alerts on the real edit, and prints the issue draft and the email', async () => {
    let output = '';
    const reports = await runDemo((text) => (output += text), systemClock);
    const outcomes = reports.map((r) => Object.fromEntries(r.documents.map((d) => [d.id, d.outcome])));
    expect(outcomes).toEqual([
      { 'demo-retention': 'first', 'demo-terms': 'first' },
      { 'demo-retention': 'noise', 'demo-terms': 'noise' },
      { 'demo-retention': 'substantive', 'demo-terms': 'noise' },
    ]);
    expect(reports[2]?.documents[0]?.headline).toMatch(/30 days → 90 days/);
    expect(reports[2]?.claims.items[0]?.status).toBe('reworded');
    expect(output.match(/What maintainers get/g)).toHaveLength(1);
    expect(output).toMatch(/What a subscriber gets: one email \(1 \.eml file/);
    expect(output).toMatch(/Subject: .*30 days → 90 days/);
    // The demo subscriber's address stays out of what is printed.
    expect(output).not.toContain('reader@example.org');
  });
});
