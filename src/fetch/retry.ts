/** Statuses worth asking again within the run; the waits come from the shared backoff (src/shared/backoff.ts). */
export const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
