import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startFakeGithub, type FakeGithub } from '../support/github-server.ts';
import { FAST_APP } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { TestSite, articleHtml } from '../run/harness.ts';
import { git, makeRepos, type Repos } from '../publish/git-fixture.ts';

const page = (days: number) => articleHtml(`<p>Deleted conversations are removed from our back-end storage systems within ${days} days.</p>`);
const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

/**
 * Two runs on two runners (two clones of one bare remote) check different pages and push at the same moment: a
 * pre-receive hook holds each push until both have arrived, so they race for the branch for real. Neither run's
 * snapshot nor any queued alert may be lost, and the history stays linear.
 */
describe('two runs pushing at once', () => {
  let repos: Repos;
  let site: TestSite;
  let github: FakeGithub;
  beforeEach(async () => {
    site = await new TestSite().start();
    github = await startFakeGithub();
    site.set('/a', page(30));
    site.set('/b', page(30));
    const docs = ['a', 'b'].map((id) => `  - id: ${id}\n    title: Page ${id.toUpperCase()}\n    url: ${site.origin}/${id}\n    topics: [retention]\n`).join('');
    repos = await makeRepos({
      'config/policywatch.yaml': 'http:\n  allowPrivateNetwork: true\n  hostDelayMs: 0\n  retries: 0\n',
      'config/documents/docs.yaml': `documents:\n${docs}`,
    });
    // The first records, pushed from runner A and pulled by runner B.
    await cli(repos.a, ['check', '--config', 'config', '--no-notify']);
    await cli(repos.a, ['publish', '--config', 'config']);
    await git(repos.b, 'pull', '--quiet', '--rebase');
  });
  afterEach(async () => {
    expect(github.violations).toEqual([]);
    await Promise.all([site.stop(), github.close(), repos.cleanup()]);
  });

  async function cli(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
    const result = await runCli(args, { cwd, env: { ...GIT_ENV, ...env }, app: FAST_APP });
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
    return result;
  }

  /** Every push waits in the remote's pre-receive hook until two pushes have arrived (30 s at most). */
  async function raceNextTwoPushes(): Promise<void> {
    const arrivals = join(repos.root, 'arrivals');
    await mkdir(arrivals, { recursive: true });
    const hook = join(repos.remote, 'hooks', 'pre-receive');
    await writeFile(
      hook,
      `#!/bin/sh\ncat >/dev/null\ntouch "${arrivals}/$$"\nn=0\nwhile [ "$(ls "${arrivals}" | wc -l)" -lt 2 ] && [ $n -lt 300 ]; do sleep 0.1; n=$((n+1)); done\nexit 0\n`,
    );
    await chmod(hook, 0o755);
  }

  it('both snapshots and both queued alerts land, in a linear history; one notify then opens both issues', async () => {
    site.set('/a', page(90));
    site.set('/b', page(60));
    await cli(repos.a, ['check', '--config', 'config', '--no-notify', '--only', 'a']);
    await cli(repos.b, ['check', '--config', 'config', '--no-notify', '--only', 'b']);
    await raceNextTwoPushes();
    await Promise.all([cli(repos.a, ['publish', '--config', 'config']), cli(repos.b, ['publish', '--config', 'config'])]);

    expect(await git(repos.remote, 'rev-list', '--merges', '--count', 'main')).toBe('0');
    expect(await git(repos.remote, 'rev-list', '--count', 'main')).toBe('4');
    expect(await git(repos.remote, 'show', 'main:snapshots/a/text.md')).toContain('within 90 days');
    expect(await git(repos.remote, 'show', 'main:snapshots/b/text.md')).toContain('within 60 days');
    const queue = JSON.parse(await git(repos.remote, 'show', 'main:snapshots/_records/notifications.json')) as { items: { event: { id: string; doc: { id: string } } }[] };
    expect(queue.items.map((i) => i.event.doc.id).sort()).toEqual(['a', 'b']);

    // A third runner delivers what the remote holds: both alerts, once each.
    const c = join(repos.root, 'c');
    await git(repos.root, 'clone', '--quiet', repos.remote, c);
    const env = { GITHUB_TOKEN: github.token, GITHUB_REPOSITORY: `${github.owner}/${github.repo}`, GITHUB_API_URL: github.url };
    await cli(c, ['notify', '--config', 'config'], env);
    const titles = github.issues.map((i) => i.title).sort();
    expect(titles).toHaveLength(2);
    expect(titles[0]).toMatch(/^Page A: .*30 days → 90 days/);
    expect(titles[1]).toMatch(/^Page B: .*30 days → 60 days/);
  });
});
