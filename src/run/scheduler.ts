import { createTask, validate } from 'node-cron';
import { ConfigError, describeError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import { isTimeZone } from '../shared/time-zone.ts';

/** Every 6 hours at an off-peak minute, as the GitHub workflow does. */
export const DEFAULT_CRON = '37 */6 * * *';

export interface SchedulerOptions {
  cron: string;
  timezone?: string;
  /** One run; a throw is logged and the schedule goes on. */
  run: () => Promise<void>;
  logger: Logger;
  /** Called after each run (counted, whether it failed or not). */
  afterRun?: (runs: number) => void;
}

export function checkCron(expression: string): void {
  if (!validate(expression)) {
    throw new ConfigError(`invalid --cron "${expression}"`, ['write five fields (minute hour day month weekday), e.g. "37 */6 * * *"']);
  }
}

/** An unknown zone would otherwise fail only when the task starts, as an internal error: a usage error up front. */
export function checkTimeZone(zone: string): void {
  if (!isTimeZone(zone)) {
    throw new ConfigError(`unknown time zone "${zone}" (--timezone)`, ['give an IANA time zone name, e.g. "UTC", "Europe/Berlin" or "America/New_York"']);
  }
}

/** "2026-12-01T05:37:00Z (06:37 Europe/Berlin)": the instant, and the wall-clock time the cron expression means. */
export function describeNextRun(at: Date | undefined, timezone: string): string {
  if (!at) return 'never (the expression matches no future time)';
  const iso = at.toISOString().replace(/\.000Z$/, 'Z');
  if (timezone === 'UTC' || timezone === 'Etc/UTC') return iso;
  const local = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
  return `${iso} (${local} ${timezone})`;
}

/**
 * `check` on a cron schedule, for `schedule` and `serve --schedule`. Runs never overlap: a tick while a run is busy
 * is skipped (node-cron's noOverlap), and a run asked for by hand joins the one in progress instead of starting a
 * second.
 */
export function createScheduler(options: SchedulerOptions) {
  checkCron(options.cron);
  checkTimeZone(options.timezone ?? 'UTC');
  let runs = 0;
  let current: Promise<void> | undefined;
  const once = (): Promise<void> => {
    current ??= (async () => {
      runs++;
      try {
        await options.run();
      } catch (error) {
        options.logger.error(`scheduled check failed; the schedule goes on: ${describeError(error)}`);
      } finally {
        current = undefined;
        options.afterRun?.(runs);
      }
    })();
    return current;
  };
  const task = createTask(options.cron, once, { noOverlap: true, name: 'policywatch check', timezone: options.timezone ?? 'UTC' });
  return {
    start: () => task.start(),
    /** Runs now, or waits for the run in progress. */
    runNow: once,
    /** Known once started. */
    nextRun: (): Date | undefined => task.getNextRun() ?? undefined,
    busy: () => current !== undefined,
    /** Stops the schedule; a run in progress finishes first (its notifications are not yet sent). */
    async stop(): Promise<void> {
      await task.stop();
      while (current) await current;
      await task.destroy();
    },
  };
}
export type Scheduler = ReturnType<typeof createScheduler>;
