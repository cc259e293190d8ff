import { describe, expect, it } from 'vitest';
import { chromiumPath } from '../support/chromium.ts';
import { soakSchedule } from './soak.ts';

const RUNS = 10;
/** After this many runs the process has loaded everything it loads once (modules, Playwright, TLS). */
const WARM = 3;
/** Stated bounds for what may grow between the warm run and the last: a leak of one object graph per run exceeds them. */
const BOUNDS = { heapMb: 8, rssMb: 60, fds: 2 };


/**
 * A bounded soak of `schedule`: ten runs on a one-second cron in one process, against a local site with a JavaScript
 * page, a PDF and faults (a page down, one flaky, one that never answers, a refused port). `npm run bench -- soak`
 * runs the long version and prints the figures.
 */
const chromium = chromiumPath();

describe.skipIf(!chromium)('policywatch schedule, many runs in one process', () => {
  it(`stays flat: heap within ${BOUNDS.heapMb} MB, RSS within ${BOUNDS.rssMb} MB, no leaked descriptors, sockets or Chromium processes`, async () => {
    const samples = await soakSchedule(RUNS, { chromium: chromium! });
    expect(samples.map((s) => s.run)).toEqual(Array.from({ length: RUNS }, (_, i) => i + 1));
    // The browser and every connection are closed with each run's app.
    expect(samples.map((s) => s.chromium)).toEqual(Array(RUNS).fill(0));
    expect(new Set(samples.map((s) => s.children)).size).toBe(1);
    expect(samples.map((s) => s.sockets)).toEqual(Array(RUNS).fill(0));
    const warm = samples[WARM - 1]!;
    const last = samples[RUNS - 1]!;
    expect(last.fds - warm.fds, JSON.stringify(samples.map((s) => s.fds))).toBeLessThanOrEqual(BOUNDS.fds);
    expect(last.heapMb - warm.heapMb, JSON.stringify(samples.map((s) => s.heapMb.toFixed(1)))).toBeLessThan(BOUNDS.heapMb);
    expect(last.rssMb - warm.rssMb, JSON.stringify(samples.map((s) => s.rssMb.toFixed(0)))).toBeLessThan(BOUNDS.rssMb);
  }, 240_000);
});
