import type { Command } from 'commander';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { cliLogger, loadConfigFrom } from '../options.ts';
import { openApp } from '../app.ts';
import { NotificationQueue } from '../../notify/queue.ts';
import { actionsLinks } from '../../run/links.ts';
import { redactorFor, safeJson } from '../../untrusted/index.ts';

export const registerNotify: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('notify')
    .description('deliver the notifications queued in the snapshots folder (after `check --no-notify`, or to retry)')
    .option('-c, --config <dir>', 'config folder', 'config')
    .option('--json', 'print the delivery result as JSON')
    .action(async (flags: { config?: string; json?: boolean }) => {
      const config = await loadConfigFrom(ctx, flags.config);
      const logger = cliLogger(ctx);
      const app = openApp(ctx, config, logger);
      let queue: NotificationQueue;
      let before: number;
      let result;
      try {
        const channels = app.channels;
        queue = await NotificationQueue.open(app.store);
        before = queue.pending().length;
        const links = ctx.env.POLICYWATCH_SNAPSHOT_COMMIT ? actionsLinks(ctx.env) : undefined;
        result = await queue.dispatch(channels, logger, links ? { snapshotLinks: links } : {});
      } finally {
        await app.close();
      }
      const summary = { queued: before, delivered: result.delivered, failed: result.failed, pending: queue.pending().length, issues: Object.values(result.links) };
      if (flags.json) ctx.stdout(safeJson(summary, redactorFor(ctx.env)) + '\n');
      else ctx.stdout(`notify: ${before} queued, ${result.delivered} delivered, ${result.failed.length} failed, ${summary.pending} pending\n${app.channelLines.map((c) => `  ${c}\n`).join('')}`);
      ctx.setExitCode(result.failed.length > 0 ? EXIT.partial : EXIT.ok);
    });
};
