import pLimit, { type LimitFunction } from 'p-limit';
import type { Clock } from '../shared/clock.ts';

export interface HostLimiter {
  /** Runs `task` within the host's limit, the global limit and the host's politeness delay. */
  run<T>(host: string, task: () => Promise<T>): Promise<T>;
}

export interface HostLimiterOptions {
  concurrency: number;
  perHost: number;
  /** Minimum gap between the starts of two requests to the same host. */
  hostDelayMs: number;
  clock: Clock;
}

interface HostState {
  limit: LimitFunction;
  nextStart: number;
}

export function createHostLimiter(options: HostLimiterOptions): HostLimiter {
  const global = pLimit(options.concurrency);
  const hosts = new Map<string, HostState>();
  const stateFor = (host: string): HostState => {
    let state = hosts.get(host);
    if (!state) {
      state = { limit: pLimit(options.perHost), nextStart: 0 };
      hosts.set(host, state);
    }
    return state;
  };
  return {
    run(host, task) {
      const state = stateFor(host);
      // The host slot is taken first, so a request waiting on a busy host never holds a global slot.
      return state.limit(async () => {
        const now = options.clock.now().getTime();
        const start = Math.max(now, state.nextStart);
        state.nextStart = start + options.hostDelayMs;
        if (start > now) await options.clock.sleep(start - now);
        return global(task);
      });
    },
  };
}
