import type { Command } from 'commander';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { runDemo } from '../demo/run.ts';
import { terminalText } from '../../untrusted/index.ts';

export const registerDemo: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('demo')
    .description('show the whole loop in seconds on a local fixture site: no credentials, no network')
    .option('--keep', 'keep the working folder (snapshots, outbox) for a look afterwards')
    .action(async (flags: { keep?: boolean }) => {
      // The demo prints page-derived text (headlines, the drafted issue, the e-mail): terminal-safe like all output.
      await runDemo((text) => ctx.stdout(terminalText(text)), ctx.clock, { keep: flags.keep ?? false });
      ctx.setExitCode(EXIT.ok);
    });
};
