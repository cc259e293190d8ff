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
    const { code, stdout } = await cli(['schedule', '--config', join(root, 'config'), '--cron', '* * * * * *', '--max-runs', '2']);
    expect(code).toBe(0);
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
