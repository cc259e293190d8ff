import type { Command } from 'commander';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { cliLogger, loadConfigFrom, pickDocuments } from '../options.ts';
import { openApp } from '../app.ts';
import { reextractStale } from '../../run/reextract.ts';

export const registerReextract: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('reextract')
    .description('re-extract stored raw HTML with the current rules and selectors; recorded as a technical update, never alerted')
    .option('-c, --config <dir>', 'config folder', 'config')
    .option('--only <ids...>', 'only these document ids')
    .option('--all', 'also documents whose rules version is current (after editing rules without bumping the version)')
    .action(async (flags: { config?: string; only?: string[]; all?: boolean }) => {
      const config = await loadConfigFrom(ctx, flags.config);
      const logger = cliLogger(ctx);
      const app = openApp(ctx, config, logger);
      const updated = await reextractStale(
        { store: app.store, logger, now: ctx.clock.now().toISOString() },
        pickDocuments(config, flags.only),
        { force: flags.all ?? false },
      ).finally(() => app.close());
      ctx.stdout(updated.length ? `re-extracted: ${updated.join(', ')}\n` : 'nothing to re-extract: every stored text matches the current rules\n');
      ctx.setExitCode(EXIT.ok);
    });
};
