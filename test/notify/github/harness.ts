import { afterEach, beforeEach, expect } from 'vitest';
import { SettingsSchema } from '../../../src/config/schema.ts';
import { createGithubNotifier, createOctokit } from '../../../src/notify/github/index.ts';
import type { RateLimitWait } from '../../../src/notify/github/index.ts';
import { createMemoryLogger } from '../../../src/shared/logger.ts';
import { startFakeGithub } from '../../support/github-server.ts';
import type { FakeGithub } from '../../support/github-server.ts';

/** A fresh fake GitHub per test; after each, every request and response must have matched the OpenAPI description. */
export function useFakeGithub(): () => FakeGithub {
  let server: FakeGithub | undefined;
  beforeEach(async () => {
    server = await startFakeGithub();
  });
  afterEach(async () => {
    await server?.close();
    expect(server?.violations).toEqual([]);
  });
  return () => {
    if (!server) throw new Error('the fake GitHub server is not running');
    return server;
  };
}

/** A notifier wired to the fake over real HTTP, with waits shortened to milliseconds. */
export function githubNotifier(
  server: FakeGithub,
  options: { token?: string; repo?: string; settings?: unknown; waits?: RateLimitWait[]; retries?: number; requestTimeoutMs?: number } = {},
) {
  const logger = createMemoryLogger();
  const octokit = createOctokit({
    token: options.token ?? server.token,
    baseUrl: server.url,
    logger,
    retryBaseMs: 1,
    ...(options.retries === undefined ? {} : { retries: options.retries }),
    ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    rateLimitBaseMs: 5,
    writeSpacingMs: 0,
    notificationSpacingMs: 0,
    onRateLimitWait: (wait) => options.waits?.push(wait),
  });
  const settings = SettingsSchema.parse(options.settings ?? {});
  const repository = { owner: server.owner, repo: options.repo ?? server.repo };
  return createGithubNotifier({ octokit, repository, settings, logger });
}
