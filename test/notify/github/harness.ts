import { afterEach, beforeEach, expect } from 'vitest';
import { createApp } from '../../../src/app/index.ts';
import { SettingsSchema } from '../../../src/config/schema.ts';
import type { Channel } from '../../../src/notify/channel.ts';
import type { PipelineEvent } from '../../../src/notify/events.ts';
import type { RateLimitWait } from '../../../src/notify/github/index.ts';
import { NotificationQueue, type DispatchResult } from '../../../src/notify/queue.ts';
import { createMemoryLogger, silentLogger } from '../../../src/shared/logger.ts';
import { createMemoryStore } from '../../../src/store/index.ts';
import { appConfig, FAST_CHANNELS } from '../../support/app.ts';
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

/**
 * The maintainers' channel the composition root builds for a GITHUB_TOKEN, pointed at the fake over real HTTP,
 * with the tests' fast timings instead of production write spacing.
 */
export function githubNotifier(
  server: FakeGithub,
  options: { token?: string; repo?: string; settings?: unknown; waits?: RateLimitWait[]; retries?: number; requestTimeoutMs?: number } = {},
): Channel {
  const app = createApp({
    config: appConfig(SettingsSchema.parse(options.settings ?? {})),
    env: { GITHUB_TOKEN: options.token ?? server.token, GITHUB_REPOSITORY: `${server.owner}/${options.repo ?? server.repo}`, GITHUB_API_URL: server.url },
    logger: createMemoryLogger(),
    store: createMemoryStore(),
    channels: {
      github: {
        ...FAST_CHANNELS.github,
        ...(options.retries === undefined ? {} : { retries: options.retries }),
        ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
        onRateLimitWait: (wait) => options.waits?.push(wait),
      },
    },
  });
  const [channel] = app.channels;
  if (channel?.adapter !== 'github') throw new Error(`expected the github channel, got ${app.channelLines.join('; ')}`);
  return channel;
}

/** Delivers through the queue, as a run does: routing decides what the channel is handed. */
export async function deliverRouted(channel: Channel, events: readonly PipelineEvent[]): Promise<DispatchResult> {
  const queue = await NotificationQueue.open(createMemoryStore());
  await queue.add(events, [channel]);
  return queue.dispatch([channel], silentLogger);
}
