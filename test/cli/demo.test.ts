import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
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
    expect(output).toMatch(/working folder \S+ \(deleted at the end; --keep keeps it\)/);
    expect(output).toMatch(/The working folder was deleted\. `policywatch demo --keep` keeps it/);
    // The demo subscriber's address stays out of what is printed.
    expect(output).not.toContain('reader@example.org');
  });

  it('with --keep, lists what it kept, and the files are there', async () => {
    let output = '';
    await runDemo((text) => (output += text), systemClock, { keep: true });
    const root = /Kept in (\S+):/.exec(output)?.[1];
    expect(root).toBeDefined();
    try {
      expect(output).toContain(`Delete it when done: rm -rf ${root}`);
      expect(output).toMatch(/draft at \S+\.md/);
      for (const path of ['snapshots/demo-retention/text.md', 'snapshots/_records', 'outbox/issues', 'outbox/email', 'subscribers.json.enc']) {
        expect(existsSync(join(root!, path)), path).toBe(true);
      }
    } finally {
      await rm(root!, { recursive: true, force: true });
    }
  });
});
