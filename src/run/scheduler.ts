import { createTask, validate } from 'node-cron';
import { ConfigError, describeError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';

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

/**
 * `check` on a cron schedule, for `schedule` and `serve --schedule`. Runs never overlap: a tick while a run is busy
 * is skipped (node-cron's noOverlap), and a run asked for by hand joins the one in progress instead of starting a
 * second.
 */
export function createScheduler(options: SchedulerOptions) {
  checkCron(options.cron);
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
