import { defineChannel } from '../channel.ts';
import { maintainersTake } from '../routing.ts';
import { deferredNotifier } from '../port.ts';
import { resolveGithubTarget, retryTimings, type CreateOctokitOptions } from './target.ts';

/**
 * Octokit and its plugins, the notifier, the API wrapper and their response schemas load on the first delivery, not
 * with the channel: most runs open no issue.
 */
const loadOctokit = async () => (await import('./octokit.ts')).createOctokit;
const loadNotifier = async () => (await import('./notifier.ts')).createGithubNotifier;
const loadApi = async () => (await import('./api.ts')).createGithubApi;

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
    const notifier = deferredNotifier('github', async () => {
      const octokit = (await loadOctokit())({ ...options, token: target.token, ...(target.baseUrl ? { baseUrl: target.baseUrl } : {}), logger });
      return (await loadNotifier())({ octokit, repository: target, logger, writeRetry: { ...retryTimings(options ?? {}), sleep: (ms) => clock.sleep(ms) } });
    });
    return { notifier, description: `GitHub issues in ${target.owner}/${target.repo}` };
  },
  async test({ env, settings, logger, clock }, message, options) {
    const target = resolveGithubTarget(env, settings)!;
    const octokit = (await loadOctokit())({ ...options, token: target.token, ...(target.baseUrl ? { baseUrl: target.baseUrl } : {}), logger });
    // A test is not retried: a lost answer is reported, never a second test issue.
    const api = (await loadApi())(octokit, target, { ...retryTimings(options ?? {}), retries: 0, sleep: (ms) => clock.sleep(ms) });
    const body = `${message.text}\n\nThis issue was closed as soon as it was opened.`;
    const issue = await api.createIssue({ title: message.subject, body, labels: [] }, async () => undefined);
    await api.close(issue.number);
    return `opened and closed issue #${issue.number} (${issue.htmlUrl})`;
  },
});
