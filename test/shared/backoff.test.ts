import { describe, expect, it } from 'vitest';
import { backoffMs, parseRetryAfter, retryDelayMs } from '../../src/shared/backoff.ts';

const now = new Date('2030-01-01T00:00:00Z');

describe('backoff', () => {
  it('doubles a ceiling per retry, waits between half of it and all of it, and never beyond the cap', () => {
    expect([0, 1, 2, 3].map((r) => backoffMs(r, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([0, 1, 2, 3].map((r) => backoffMs(r, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffMs(20, () => 1)).toBe(30_000);
    expect(backoffMs(1, () => 0.5, { baseMs: 2000, maxMs: 60_000 })).toBe(3000);
  });

  it('honours Retry-After as seconds or as an HTTP date, and gives up on a pause longer than the policy allows', () => {
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Tue, 01 Jan 2030 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(retryDelayMs(0, '7', now, () => 0)).toBe(7000);
    expect(retryDelayMs(0, undefined, now, () => 0)).toBe(500);
    expect(retryDelayMs(0, '3600', now, () => 0)).toBeUndefined();
  });
});
