import { ConfigError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { Settings } from '../../config/schema.ts';

/*
 * The GitHub channel's settings, apart from the client (octokit.ts): a run that opens no issue never loads Octokit.
 */

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

/** The retry counts and waits, defaults applied: the plugin's for reads, the notifier's look-then-write for the rest. */
export function retryTimings(options: Pick<CreateOctokitOptions, 'retries' | 'retryBaseMs'>): { retries: number; baseMs: number } {
  return { retries: options.retries ?? 3, baseMs: options.retryBaseMs ?? 1000 };
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
