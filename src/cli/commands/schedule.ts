import type { Command } from 'commander';
import { createTask, validate } from 'node-cron';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { cliLogger, loadConfigFrom, openApp } from '../options.ts';
import { formatRunSummary } from '../summary.ts';
import { executeCheck } from '../../run/index.ts';
import { ConfigError, describeError } from '../../shared/errors.ts';
import { redactorFor } from '../../untrusted/index.ts';

interface ScheduleFlags {
  config?: string;
  cron: string;
  timezone?: string;
  runNow?: boolean;
  maxRuns?: string;
}

/** Every 6 hours at an off-peak minute, as the GitHub workflow does. */
export const DEFAULT_CRON = '37 */6 * * *';

/**
 * `check` on a cron schedule in a long-running process, for hosts other than GitHub Actions. Runs never overlap;
 * the config is re-read before each run so edits take effect without a restart; a failed run is logged and the
 * schedule goes on.
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
      if (!validate(flags.cron)) {
        throw new ConfigError(`invalid --cron "${flags.cron}"`, ['write five fields (minute hour day month weekday), e.g. "37 */6 * * *"']);
      }
      const maxRuns = flags.maxRuns === undefined ? undefined : Number(flags.maxRuns);
      if (maxRuns !== undefined && !(Number.isInteger(maxRuns) && maxRuns > 0)) {
        throw new ConfigError(`invalid --max-runs "${flags.maxRuns}"`, ['give a whole number above 0']);
      }
      await loadConfigFrom(ctx, flags.config); // fail fast on a broken config, before waiting for the first tick
      const logger = cliLogger(ctx);
      let runs = 0;
      let finish: () => void = () => {};
      const finished = new Promise<void>((resolve) => (finish = resolve));

      const runOnce = async () => {
        runs++;
        try {
          const config = await loadConfigFrom(ctx, flags.config);
          // A new app each run: the config may have changed, and nothing (browser, SMTP pool) idles between runs.
          const app = openApp(ctx, config, logger);
          const report = await executeCheck(app, { documents: config.documents, notify: true }).finally(() => app.close());
          ctx.stdout(formatRunSummary(report, app.channelLines, redactorFor(ctx.env)));
        } catch (error) {
          logger.error(`scheduled check failed; the schedule goes on: ${describeError(error)}`);
        }
        if (maxRuns !== undefined && runs >= maxRuns) finish();
      };

      const task = createTask(flags.cron, runOnce, { noOverlap: true, name: 'policywatch check', timezone: flags.timezone ?? 'UTC' });
      const stop = () => finish();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      ctx.stderr(`policywatch schedule: "${flags.cron}" (${flags.timezone ?? 'UTC'}); next run ${task.getNextRun()?.toISOString() ?? 'never'}\n`);
      await task.start();
      if (flags.runNow) await task.execute();
      await finished;
      // Let a run in progress finish before leaving: its writes are atomic, but its notifications are not yet sent.
      while (task.isBusy()) await ctx.clock.sleep(100);
      await task.destroy();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      ctx.setExitCode(EXIT.ok);
    });
};
