import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { TestSite, articleHtml } from '../run/harness.ts';

const cli = (args: string[]) => runCli(args);

describe('policywatch schedule', () => {
  let site: TestSite;
  let root: string;
  beforeEach(async () => {
    site = await new TestSite().start();
    root = await makeTempDir();
    await mkdir(join(root, 'config', 'documents'), { recursive: true });
    await writeFile(join(root, 'config', 'policywatch.yaml'), 'http:\n  allowPrivateNetwork: true\n  hostDelayMs: 0\n');
    await writeFile(join(root, 'config', 'documents', 'a.yaml'), `documents:\n  - id: page\n    title: Page\n    url: ${site.origin}/page\n`);
    site.set('/page', articleHtml('<p>We keep deleted chats for 30 days in our back-end systems before they are erased.</p>'));
  });
  afterEach(async () => {
    await site.stop();
    await rm(root, { recursive: true, force: true });
  });

  it('runs check on each tick and stops after --max-runs', async () => {
    const before = Date.now();
    const { code, stdout, stderr } = await cli(['schedule', '--config', join(root, 'config'), '--cron', '* * * * * *', '--max-runs', '2']);
    const after = Date.now();
    expect(code).toBe(0);
    // The first line names the next tick of "every second": a real time while the command ran, not "never".
    const next = new Date(/next run (\S+)/.exec(stderr)?.[1] ?? 'never').getTime();
    expect(next).toBeGreaterThanOrEqual(before - 1000);
    expect(next).toBeLessThanOrEqual(after + 1000);
    const summaries = stdout.split('\n').filter((l) => l.startsWith('policywatch check:'));
    expect(summaries).toHaveLength(2);
    expect(summaries[0]).toMatch(/1 first record/);
    expect(summaries[1]).toMatch(/1 unchanged/);
    expect(site.requests.filter((r) => r === '/page')).toHaveLength(2);
  });

  it('refuses a bad cron expression before waiting for anything', async () => {
    const { code, stderr } = await cli(['schedule', '--config', join(root, 'config'), '--cron', 'every six hours']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/invalid --cron "every six hours"[\s\S]*five fields/);
  });
});

describe('policywatch schedule: what it tells', () => {
  it('refuses an unknown time zone as a usage error, before anything runs', async () => {
    const { code, stderr } = await runCli(['schedule', '--timezone', 'Mars/Phobos', '--config', 'config']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown time zone "Mars\/Phobos" \(--timezone\)[\s\S]*IANA time zone name/);
  });

  it('prints the real next run, in UTC and in the schedule’s zone', async () => {
    const { describeNextRun: nextRun } = await import('../../src/run/scheduler.ts');
    const { isTimeZone } = await import('../../src/shared/time-zone.ts');
    expect(isTimeZone('Europe/Berlin')).toBe(true);
    expect(isTimeZone('Mars/Phobos')).toBe(false);
    expect(nextRun(new Date('2026-12-01T05:37:00Z'), 'Europe/Berlin')).toBe('2026-12-01T05:37:00Z (06:37 Europe/Berlin)');
    expect(nextRun(new Date('2026-12-01T05:37:00Z'), 'UTC')).toBe('2026-12-01T05:37:00Z');
    expect(nextRun(undefined, 'UTC')).toMatch(/^never/);
  });
});
