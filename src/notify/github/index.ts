export { createGithubNotifier } from './notifier.ts';
export type { GithubNotifierDeps } from './notifier.ts';
export { createOctokit, resolveGithubTarget } from './octokit.ts';
export type { CreateOctokitOptions, GithubTarget, RateLimitWait } from './octokit.ts';
export { renderIssue, renderComment, raisesIssue, labelsFor, LABELS } from './render.ts';
export type { RenderedIssue } from './render.ts';
export { GithubError, REQUIRED_PERMISSION } from './errors.ts';
export { BODY_LIMIT } from './render-change.ts';
