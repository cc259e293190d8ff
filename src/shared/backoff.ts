/**
 * One backoff for every retry policywatch makes itself (HTTP fetches, SMTP deferrals, git pushes, GitHub writes looked
 * up again after a lost answer): exponential, with "equal jitter" (half fixed, half random) so that many documents or
 * jobs retrying at once spread out, and a server's Retry-After honoured when it gives one. Other GitHub API retries
 * are the Octokit retry and throttling plugins' business.
 */

export interface BackoffPolicy {
  /** The ceiling of the first retry's wait; doubled for each retry after. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
  /** A server asking for a longer pause than this is not waited for: the next run tries again. */
  maxRetryAfterMs?: number;
}

/** HTTP fetches and git pushes: 0.5-1 s, then 1-2 s, 2-4 s, … up to 30 s; Retry-After up to 2 minutes. */
export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 30_000, maxRetryAfterMs: 120_000 };

/** The wait before retry number `retry` (0 for the first retry). `random` gives [0, 1). */
export function backoffMs(retry: number, random: () => number = Math.random, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** retry);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date); undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}

/** How long to wait before retry number `retry`: Retry-After when given, else the backoff; undefined to stop. */
export function retryDelayMs(
  retry: number,
  retryAfter: string | undefined,
  now: Date,
  random: () => number = Math.random,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
): number | undefined {
  const asked = parseRetryAfter(retryAfter, now);
  if (asked === undefined) return backoffMs(retry, random, policy);
  return asked > (policy.maxRetryAfterMs ?? Infinity) ? undefined : asked;
}
