/** Backoff for the first retry; doubled for each one after. */
export const BASE_BACKOFF_MS = 1000;
export const MAX_BACKOFF_MS = 30_000;
/** A server asking for a longer pause than this is not waited for: the next run tries again. */
export const MAX_RETRY_AFTER_MS = 120_000;

export const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/** Exponential backoff with "equal jitter": half fixed, half random, so retries from many documents spread out. */
export function backoffMs(attempt: number, random: () => number): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** attempt);
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

/** How long to wait before the next attempt, or undefined to stop retrying. */
export function retryDelayMs(attempt: number, retryAfter: string | undefined, now: Date, random: () => number): number | undefined {
  const asked = parseRetryAfter(retryAfter, now);
  if (asked === undefined) return backoffMs(attempt, random);
  return asked > MAX_RETRY_AFTER_MS ? undefined : asked;
}
