import { defineChannel } from '../channel.ts';
import { maintainersTake } from '../routing.ts';
import { createGithubNotifier } from './notifier.ts';
import { createOctokit, resolveGithubTarget, retryTimings } from './octokit.ts';
import type { CreateOctokitOptions } from './octokit.ts';

/** Client timings for tests and embedding: write spacing, retry and rate-limit waits, request timeout. */
export type GithubChannelOptions = Omit<CreateOctokitOptions, 'token' | 'baseUrl' | 'logger'>;

/** Maintainers' channel when a token is set: one GitHub issue per change, comments for later ones. */
export const githubChannel = defineChannel({
  name: 'github',
  role: 'maintainers',
  settings: ['GITHUB_TOKEN', 'GITHUB_REPOSITORY or github.repository', 'GITHUB_API_URL or github.apiUrl (Enterprise)'],
  takes: maintainersTake,
  status: ({ env, settings }) => (resolveGithubTarget(env, settings) ? { configured: true } : { configured: false, missing: 'no GITHUB_TOKEN' }),
  create({ env, settings, logger, clock }, options: GithubChannelOptions | undefined) {
    const target = resolveGithubTarget(env, settings);
    if (!target) throw new Error('the github channel was built without GITHUB_TOKEN; check status() first');
    const octokit = createOctokit({ ...options, token: target.token, ...(target.baseUrl ? { baseUrl: target.baseUrl } : {}), logger });
    return {
      notifier: createGithubNotifier({ octokit, repository: target, logger, writeRetry: { ...retryTimings(options ?? {}), sleep: (ms) => clock.sleep(ms) } }),
      description: `GitHub issues in ${target.owner}/${target.repo}`,
    };
  },
});
