import type { Command } from 'commander';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { cliLogger, loadConfigFrom } from '../options.ts';
import { openApp } from '../app.ts';
import { formatRunSummary } from '../summary.ts';
import type { AppOverrides } from '../../app/index.ts';
import { executeCheck } from '../../run/index.ts';
import { checkCron, checkTimeZone, createScheduler, DEFAULT_CRON, describeNextRun } from '../../run/scheduler.ts';
import { ConfigError } from '../../shared/errors.ts';
import { redactorFor } from '../../untrusted/index.ts';
import type { Logger } from '../../shared/logger.ts';

export { DEFAULT_CRON } from '../../run/scheduler.ts';

interface ScheduleFlags {
  config?: string;
  cron: string;
  timezone?: string;
  runNow?: boolean;
  maxRuns?: string;
}

/**
 * One scheduled run, shared by `schedule` and `serve --schedule`: the config is re-read so edits take effect without
 * a restart, and a new app is built each run (nothing, browser or SMTP pool, idles between runs).
 */
export function scheduledCheck(ctx: CliContext, configDir: string | undefined, logger: Logger, overrides: AppOverrides = {}): () => Promise<void> {
  return async () => {
    const config = await loadConfigFrom(ctx, configDir);
    const app = openApp({ ...ctx, app: { ...ctx.app, ...overrides } }, config, logger);
    const report = await executeCheck(app, { documents: config.documents, notify: true }).finally(() => app.close());
    ctx.stdout(formatRunSummary(report, app.channelLines, redactorFor(ctx.env), config.documents));
  };
}

export function parseMaxRuns(value: string | undefined): number | undefined {
  const maxRuns = value === undefined ? undefined : Number(value);
  if (maxRuns !== undefined && !(Number.isInteger(maxRuns) && maxRuns > 0)) {
    throw new ConfigError(`invalid --max-runs "${value}"`, ['give a whole number above 0']);
  }
  return maxRuns;
}

/**
 * `check` on a cron schedule in a long-running process, for hosts other than GitHub Actions. Runs never overlap;
 * a failed run is logged and the schedule goes on.
 */
export const registerSchedule: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('schedule')
    .description('run `check` on a cron schedule (for servers; in GitHub Actions use the workflow)')
    .option('-c, --config <dir>', 'config folder', 'config')
    .option('--cron <expression>', 'cron expression (5 fields, or 6 with seconds)', DEFAULT_CRON)
    .option('--timezone <tz>', 'IANA time zone of the expression', 'UTC')
    .option('--run-now', 'also run once right away')
    .option('--max-runs <n>', 'stop after this many runs (default: run until stopped)')
    .action(async (flags: ScheduleFlags) => {
      checkCron(flags.cron);
      const maxRuns = parseMaxRuns(flags.maxRuns);
      const timezone = flags.timezone ?? 'UTC';
      checkTimeZone(timezone);
      await loadConfigFrom(ctx, flags.config); // fail fast on a broken config, before waiting for the first tick
      const logger = cliLogger(ctx);
      let finish: () => void = () => {};
      const finished = new Promise<void>((resolve) => (finish = resolve));
      const scheduler = createScheduler({
        cron: flags.cron,
        timezone,
        logger,
        run: scheduledCheck(ctx, flags.config, logger),
        afterRun: (runs) => {
          if (maxRuns !== undefined && runs >= maxRuns) finish();
          else logger.info(`next run ${describeNextRun(scheduler.nextRun(), timezone)}`);
        },
      });
      const stop = () => finish();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      // node-cron knows the next run only once the task is started.
      await scheduler.start();
      ctx.stderr(`policywatch schedule: "${flags.cron}" (${timezone}); next run ${describeNextRun(scheduler.nextRun(), timezone)}\n`);
      if (flags.runNow) await scheduler.runNow();
      await finished;
      await scheduler.stop();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      ctx.setExitCode(EXIT.ok);
    });
};
