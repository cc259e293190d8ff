import type { Command } from 'commander';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { cliLogger, loadConfigFrom } from '../options.ts';
import { scheduledCheck } from './schedule.ts';
import { createApp } from '../../app/index.ts';
import { checkCron, DEFAULT_CRON } from '../../run/scheduler.ts';
import { SERVE_TOKEN_ENV, startServe } from '../../serve/index.ts';
import { ConfigError } from '../../shared/errors.ts';

interface ServeFlags {
  config?: string;
  port: string;
  host: string;
  schedule?: boolean;
  cron: string;
  timezone: string;
  runNow?: boolean;
}

/**
 * `policywatch serve`: the status page, feeds, badge and the readers' own subscribe, confirm, preferences and
 * unsubscribe pages; with --schedule the scheduled check too. Stops cleanly on SIGINT/SIGTERM.
 */
export const registerServe: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('serve')
    .description('serve the status page, feeds and subscription pages; with --schedule, run `check` on a schedule in the same process')
    .option('-c, --config <dir>', 'config folder', 'config')
    .option('-p, --port <n>', 'port to listen on (0: any free port)', ctx.env.PORT ?? '8080')
    .option('--host <address>', 'address to listen on (0.0.0.0 in a container)', '127.0.0.1')
    .option('--schedule', 'also run `check` and deliver alerts on a cron schedule')
    .option('--cron <expression>', 'cron expression of --schedule', DEFAULT_CRON)
    .option('--timezone <tz>', 'IANA time zone of the expression', 'UTC')
    .option('--run-now', 'with --schedule: also run once right away')
    .action(async (flags: ServeFlags) => {
      const port = Number(flags.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`invalid --port "${flags.port}"`, ['give a port number, e.g. --port 8080']);
      if (flags.schedule) checkCron(flags.cron);
      const config = await loadConfigFrom(ctx, flags.config);
      const logger = cliLogger(ctx);
      const app = createApp({ ...ctx.app, config, env: ctx.env, clock: ctx.clock, logger, preferDatabase: true });
      let running;
      try {
        running = await startServe({
          app,
          port,
          host: flags.host,
          ...(ctx.env[SERVE_TOKEN_ENV] ? { apiToken: ctx.env[SERVE_TOKEN_ENV] } : {}),
          ...(flags.schedule
            ? {
                schedule: {
                  cron: flags.cron,
                  timezone: flags.timezone,
                  // The run's subscribers' channel is serve itself; the database is shared, not opened twice.
                  run: (subscribers) => scheduledCheck(ctx, flags.config, logger, { notifiers: { subscribers }, database: app.database, subscribers: app.subscribers })(),
                },
              }
            : {}),
        });
      } catch (error) {
        await app.close();
        throw error;
      }
      const next = running.scheduler?.nextRun();
      ctx.stderr(
        [
          `policywatch serve: listening on ${running.url} (readers reach it at ${running.publicUrl})`,
          `  ${app.subscribersDescription}`,
          `  mail: ${app.mailTransport.kind === 'smtp' ? 'SMTP' : `.eml drafts in ${app.settings.paths.outbox}/email (no SMTP settings)`}`,
          `  workflow API: ${ctx.env[SERVE_TOKEN_ENV] ? 'on' : `off (set ${SERVE_TOKEN_ENV} to let a workflow hand over alerts)`}`,
          `  schedule: ${running.scheduler ? `"${flags.cron}" (${flags.timezone}); next run ${next?.toISOString() ?? 'never'}` : 'off (add --schedule to run check here)'}`,
          '',
        ].join('\n'),
      );
      let stop: () => void = () => {};
      const stopped = new Promise<void>((resolve) => (stop = resolve));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      if (flags.runNow && running.scheduler) void running.runNow();
      await stopped;
      ctx.stderr('policywatch serve: stopping (a run in progress finishes first)\n');
      await running.close();
      await app.close();
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      ctx.setExitCode(EXIT.ok);
    });
};
