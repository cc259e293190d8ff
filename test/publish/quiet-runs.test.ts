import { readdir, stat, writeFile, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileSubscriberRepository, followOf, upsertSubscriber } from '../../src/notify/email/index.ts';
import { createFixedClock } from '../../src/shared/clock.ts';
import { runCli } from '../support/cli.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.ts';
import { TestSite, articleHtml } from '../run/harness.ts';
import { git, makeRepos, type Repos } from './git-fixture.ts';

const KEY = 'quiet-runs-subscribers-key-0123456789';
const THIRTY = '<p>Deleted conversations are removed from our back-end storage systems within 30 days.</p>';
const NINETY = '<p>Deleted conversations are removed from our back-end storage systems within 90 days.</p>';

/** Every file of the tracker but .git and the drafts, with its modification time. */
async function mtimes(root: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.name === '.git' || entry.name === 'outbox') continue;
      if (entry.isDirectory()) await walk(path);
      else out.set(relative(root, path), (await stat(path)).mtimeMs);
    }
  };
  await walk(root);
  return out;
}

/**
 * What a scheduled tracker commits, run after run: the workflow's check, notify and publish through the CLI, in a
 * real git repository with a remote. A run that changed nothing commits nothing and touches no file; the subscribers
 * file is committed when a bounce changed it; claim dates move once a day.
 */
describe('publish after check and notify', () => {
  let repos: Repos;
  let site: TestSite;
  let smtp: TestSmtpServer;
  let env: NodeJS.ProcessEnv;
  const clock = createFixedClock('2030-03-02T06:37:00Z');

  beforeEach(async () => {
    repos = await makeRepos();
    site = await new TestSite().start();
    smtp = await startSmtpServer({ onRcpt: (address) => (address === 'gone@example.org' ? 550 : 'accept') });
    const root = repos.a;
    await mkdir(join(root, 'config', 'documents'), { recursive: true });
    await writeFile(
      join(root, 'config', 'policywatch.yaml'),
      'http:\n  allowPrivateNetwork: true\n  hostDelayMs: 0\n  retries: 0\nemail:\n  from: "Guide <guide@example.net>"\n  bounceThreshold: 3\n',
    );
    await writeFile(
      join(root, 'config', 'documents', 'docs.yaml'),
      `documents:\n  - id: retention\n    title: Retention\n    url: ${site.origin}/retention\n    topics: [retention]\n` +
        `    claims:\n      - id: thirty-days\n        quote: "removed from our back-end storage systems within 30 days"\n        topic: retention\n` +
        `  - id: terms\n    title: Terms\n    url: ${site.origin}/terms\n    topics: [terms]\n`,
    );
    await createFileSubscriberRepository(join(root, 'subscribers.json.enc'), KEY).update((book) => {
      for (const address of ['reader@example.org', 'gone@example.org']) {
        upsertSubscriber(book, { address, follow: followOf([], ['retention']), consent: { kind: 'attested', by: 'test' }, source: 'cli' }, clock.now());
      }
      upsertSubscriber(book, { address: 'terms@example.org', follow: followOf([], ['terms']), consent: { kind: 'attested', by: 'test' }, source: 'cli' }, clock.now());
    });
    await git(root, 'add', '-A');
    await git(root, '-c', 'user.name=T', '-c', 'user.email=t@example.test', 'commit', '--quiet', '-m', 'tracker');
    await git(root, 'push', '--quiet', 'origin', 'main');
    env = { GIT_CONFIG_GLOBAL: '/dev/null', SMTP_URL: smtp.url, POLICYWATCH_SUBSCRIBERS_KEY: KEY };
    site.set('/retention', articleHtml(THIRTY), 200, '"r1"');
    site.set('/terms', articleHtml('<p>These terms govern your use of the service and every product we offer today.</p>'), 200, '"t1"');
  });

  afterEach(async () => {
    await Promise.all([site.stop(), smtp.close()]);
    await repos.cleanup();
  });

  /** The workflow: check --no-notify, publish, notify, publish; returns the files each commit changed. */
  const run = async (): Promise<string[][]> => {
    const before = await git(repos.a, 'rev-parse', 'HEAD');
    const cli = (args: string[]) => runCli(args, { cwd: repos.a, env, clock });
    const check = await cli(['check', '--no-notify', '--json']);
    expect(check.code, check.stderr).toBe(0);
    await writeFile(join(repos.root, 'report.json'), check.stdout);
    expect((await cli(['publish', '--report', '../report.json'])).code).toBe(0);
    const notify = await cli(['notify']);
    expect(notify.code, notify.stderr).toBe(0);
    expect((await cli(['publish', '--message', 'policywatch: record notification deliveries'])).code).toBe(0);
    const commits = (await git(repos.a, 'rev-list', '--reverse', `${before}..HEAD`)).split('\n').filter(Boolean);
    expect(await git(repos.remote, 'rev-parse', 'main')).toBe(await git(repos.a, 'rev-parse', 'HEAD'));
    return Promise.all(commits.map(async (c) => (await git(repos.a, 'show', '--format=', '--name-only', c)).split('\n').filter(Boolean).sort()));
  };

  it('commits what changed, the subscribers file after a bounce, and nothing at all when nothing changed', async () => {
    const first = await run();
    expect(first).toHaveLength(1);
    expect(first[0]).toEqual(expect.arrayContaining(['claims.json', 'snapshots/retention/text.md', 'snapshots/terms/state.json']));

    clock.set('2030-03-02T12:37:00Z');
    site.set('/retention', articleHtml(NINETY, 'b'), 200, '"r2"');
    const changed = await run();
    expect(smtp.countTo('reader@example.org')).toBe(1);
    // The change, then the deliveries: the ledger, and the subscribers file with the bounce counted.
    expect(changed).toHaveLength(2);
    expect(changed[0]).toEqual(expect.arrayContaining(['snapshots/retention/text.md', 'snapshots/_records/notifications.json']));
    expect(changed[0]).not.toContain('snapshots/terms/state.json');
    expect(changed[1]).toEqual(expect.arrayContaining(['subscribers.json.enc', 'snapshots/_records/email-ledger.json']));

    clock.set('2030-03-02T18:37:00Z');
    const files = await mtimes(repos.a);
    expect(await run()).toEqual([]);
    expect(await mtimes(repos.a)).toEqual(files);
    expect(site.pages.get('/retention')?.etag).toBe('"r2"'); // the quiet run was answered by 304s

    // A new day: the claims' checked-on and verified-on days move, nothing else.
    clock.set('2030-03-03T00:37:00Z');
    const nextDay = await run();
    expect(nextDay).toHaveLength(1);
    expect(nextDay[0]!.filter((f) => f.startsWith('snapshots/') && !f.startsWith('snapshots/_records/claims.'))).toEqual([]);
    expect(nextDay[0]).toEqual(expect.arrayContaining(['claims.json', 'snapshots/_records/claims.retention.json']));

    // Mail sent and accepted, no bounce: the subscribers file is not rewritten (it is re-encrypted with a fresh IV
    // only when its content changes).
    clock.set('2030-03-03T06:37:00Z');
    site.set('/terms', articleHtml('<p>These terms govern your use of the service and every product we offer from March.</p>', 'b'), 200, '"t2"');
    const termsChanged = await run();
    expect(smtp.countTo('terms@example.org')).toBe(1);
    expect(termsChanged.flat()).toContain('snapshots/_records/email-ledger.json');
    expect(termsChanged.flat()).not.toContain('subscribers.json.enc');
  });
});
