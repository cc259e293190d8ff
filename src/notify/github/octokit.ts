import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { TOOL_VERSION } from '../../shared/version.ts';
import { retryTimings, type CreateOctokitOptions, type RateLimitWait } from './target.ts';

export type { CreateOctokitOptions, RateLimitWait } from './target.ts';

const PluggedOctokit = Octokit.plugin(throttling, retry);

/** An Octokit with the throttling and retry plugins, with per-client limiters (no state shared between clients). */
export function createOctokit(options: CreateOctokitOptions): Octokit {
  const { logger } = options;
  const { retries, baseMs: retryBaseMs } = retryTimings(options);
  const rateLimitBaseMs = options.rateLimitBaseMs ?? 1000;
  const maxWait = options.maxRateLimitWaitSeconds ?? 900;
  const common = { timeout: 2 * 60 * 1000 };
  const onLimit =
    (kind: RateLimitWait['kind']) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number): boolean => {
      const wait: RateLimitWait = { kind, waitMs: retryAfter * rateLimitBaseMs, method: request.method, url: request.url, retryCount };
      if (retryCount >= retries || retryAfter > maxWait) {
        logger.warn('GitHub rate limit: giving up for this run', { kind, retryAfterSeconds: retryAfter, retryCount });
        return false;
      }
      logger.warn('GitHub rate limit: waiting before retrying', { kind, retryAfterSeconds: retryAfter, retryCount });
      options.onRateLimitWait?.(wait);
      return true;
    };
  // Accepted by the plugin (it reads every throttle option) but missing from its option type.
  const untypedGroups = {
    global: new Bottleneck.Group({ maxConcurrent: 10, ...common }),
    auth: new Bottleneck.Group({ maxConcurrent: 1, ...common }),
  };
  const timeoutMs = options.requestTimeoutMs ?? 30_000;
  // Octokit has no timeout of its own: a hung connection would hold the whole run.
  const fetchWithTimeout: typeof fetch = (input, init) =>
    fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs) });
  return new PluggedOctokit({
    auth: options.token,
    ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {}),
    userAgent: `policywatch/${TOOL_VERSION}`,
    request: { fetch: fetchWithTimeout },
    log: {
      debug: (message: string) => logger.debug(message),
      info: (message: string) => logger.debug(message),
      warn: (message: string) => logger.warn(message),
      error: (message: string) => logger.error(message),
    },
    retry: { retries, retryAfterBaseValue: retryBaseMs },
    throttle: {
      retryAfterBaseValue: rateLimitBaseMs,
      // The plugin's default groups are module-wide; own groups keep clients (and tests) independent.
      ...untypedGroups,
      search: new Bottleneck.Group({ maxConcurrent: 1, minTime: 2000, ...common }),
      write: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.writeSpacingMs ?? 1000, ...common }),
      notifications: new Bottleneck.Group({ maxConcurrent: 1, minTime: options.notificationSpacingMs ?? 3000, ...common }),
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
    },
  });
}
