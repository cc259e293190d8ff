import type { Command } from 'commander';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { loadConfigFrom } from '../options.ts';

export const registerValidate: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('validate')
    .description('check the config; each problem names the file, line, document, field and what to do')
    .option('-c, --config <dir>', 'config folder', 'config')
    .option('--json', 'print the validated documents as JSON')
    .action(async (flags: { config?: string; json?: boolean }) => {
      // A ConfigError propagates to main(), which prints every problem and exits 2.
      const config = await loadConfigFrom(ctx, flags.config);
      if (flags.json) {
        ctx.stdout(JSON.stringify({ documents: config.documents, settings: config.settings }, null, 2) + '\n');
      } else {
        const claims = config.documents.reduce((n, d) => n + d.claims.length, 0);
        const browser = config.documents.filter((d) => d.render === 'browser').length;
        ctx.stdout(`config OK: ${config.documents.length} document(s), ${claims} claim(s), ${browser} rendered in a browser\n`);
      }
      ctx.setExitCode(EXIT.ok);
    });
};
