import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { loadConfigFrom } from '../options.ts';
import { replayCorpus } from '../../run/replay.ts';
import { safeJson, terminalLine } from '../../untrusted/index.ts';
import { startProgress } from '../progress.ts';

export const registerReplay: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('replay')
    .description('backtest the pipeline on a corpus of raw snapshots (no network); see the corpus README for the format')
    .argument('<corpus-dir>', 'folder with documents.tsv and <doc>/<YYYY-MM-DDTHHMMSSZ>.html')
    .option('-c, --config <dir>', 'config folder (documents are matched by URL)', 'config')
    .option('--json', 'print the replay events as JSON (the scorer reads this)')
    .action(async (corpusDir: string, flags: { config?: string; json?: boolean }) => {
      const config = await loadConfigFrom(ctx, flags.config);
      const started = performance.now();
      const progress = startProgress(ctx, 'replaying');
      const output = await replayCorpus(resolve(ctx.cwd, corpusDir), config.documents, config.settings, undefined, progress).finally(() => progress.end());
      if (flags.json) {
        ctx.stdout(safeJson(output) + '\n');
      } else {
        for (const doc of output.documents) {
          ctx.stdout(`${doc.doc}: ${doc.events.length} event(s)\n`);
          for (const e of doc.events) {
            const detail = e.summary ?? e.reason ?? '';
            ctx.stdout(`  ${e.snapshot}  ${e.kind.padEnd(11)} ${terminalLine(detail)}\n`);
          }
        }
        ctx.stdout(`replayed in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
      }
      ctx.setExitCode(EXIT.ok);
    });
};
