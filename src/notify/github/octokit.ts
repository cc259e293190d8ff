import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import Bottleneck from 'bottleneck';
import { ConfigError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import { TOOL_VERSION } from '../../shared/version.ts';
import type { Settings } from '../../config/schema.ts';

export interface RateLimitWait {
  kind: 'primary' | 'secondary';
  /** How long the client waits before retrying. */
  waitMs: number;
  method: string;
  url: string;
  retryCount: number;
}

export interface CreateOctokitOptions {
  token: string;
  /** GitHub Enterprise: e.g. https://ghe.example.com/api/v3. */
  baseUrl?: string;
  logger: Logger;
  /**
   * Retries of 5xx/network failures, and of rate-limited requests. Default 3. Writes that are not idempotent are not
   * retried by the client: the notifier looks for their effect first (api.ts), with the same count and waits.
   */
  retries?: number;
  /** Base of the 5xx retry back-off: waits are base × 1, 4, 9 … ms. Default 1000; tests make it small. */
  retryBaseMs?: number;
  /** Milliseconds per second of a rate-limit wait (reset time or retry-after). Default 1000; tests make it small. */
  rateLimitBaseMs?: number;
  /** A rate-limit wait longer than this gives up (the queue retries next run). Default 900 s. */
  maxRateLimitWaitSeconds?: number;
  /** Spacing between writes, and between writes that notify people; GitHub asks for ≥1 s. Default 1000/3000. */
  writeSpacingMs?: number;
  notificationSpacingMs?: number;
  /** Each HTTP request is abandoned after this long (then retried like a 5xx). Default 30 s. */
  requestTimeoutMs?: number;
  /** Called whenever a rate limit makes the client wait (logging and tests). */
  onRateLimitWait?: (wait: RateLimitWait) => void;
}

const PluggedOctokit = Octokit.plugin(throttling, retry);

/** The retry counts and waits, defaults applied: the plugin's for reads, the notifier's look-then-write for the rest. */
export function retryTimings(options: Pick<CreateOctokitOptions, 'retries' | 'retryBaseMs'>): { retries: number; baseMs: number } {
  return { retries: options.retries ?? 3, baseMs: options.retryBaseMs ?? 1000 };
}

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

export interface GithubTarget {
  owner: string;
  repo: string;
  token: string;
  baseUrl?: string;
}

/**
 * Where issues go. undefined when there is no token (the caller then writes drafts to the outbox).
 * The environment wins over the config: in Actions the token, repository and API URL come together from the runner.
 */
export function resolveGithubTarget(env: Record<string, string | undefined>, settings: Settings): GithubTarget | undefined {
  const token = env.GITHUB_TOKEN?.trim();
  if (!token) return undefined;
  const repository = env.GITHUB_REPOSITORY?.trim() || settings.github.repository;
  if (!repository) {
    throw new ConfigError('GITHUB_TOKEN is set but no repository is: set GITHUB_REPOSITORY or github.repository ("owner/repo") in settings');
  }
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(repository);
  if (!match?.[1] || !match[2]) {
    throw new ConfigError(`the GitHub repository "${repository}" is not of the form "owner/repo"`);
  }
  const baseUrl = env.GITHUB_API_URL?.trim() || settings.github.apiUrl;
  return { owner: match[1], repo: match[2], token, ...(baseUrl ? { baseUrl } : {}) };
}
