import type { Command } from 'commander';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { cliLogger, DEFAULT_CONFIG_DIR, loadConfigFrom } from '../options.ts';
import { openApp } from '../app.ts';
import { FetchError } from '../../fetch/index.ts';
import { safeJson, terminalLine } from '../../untrusted/index.ts';
import { GuideSourceError, importGuide, readGuide, renderPlan } from '../../guide/index.ts';
import { loadConfig } from '../../config/load.ts';

interface ImportFlags {
  config?: string;
  dryRun?: boolean;
  json?: boolean;
  prune?: boolean;
}

/** `policywatch guide import`: the guide's quotes become the config's claims. */
export const registerGuide: RegisterCommand = (program: Command, ctx: CliContext) => {
  const guide = program.command('guide').description('work with the published guide whose quotes policywatch keeps true');
  guide
    .command('import')
    .description('read a guide (file or URL; text, Markdown or HTML) and write its quotes as claims into the config')
    .argument('<source>', 'the guide: a file path or an http(s) URL')
    .option('-c, --config <dir>', 'config folder', DEFAULT_CONFIG_DIR)
    .option('--dry-run', 'show the plan; write nothing')
    .option('--json', 'print the plan as JSON')
    .option('--prune', 'remove claims imported earlier that the guide no longer quotes')
    .action(async (source: string, flags: ImportFlags) => {
      const config = await loadConfigFrom(ctx, flags.config);
      const app = openApp(ctx, config, cliLogger(ctx));
      let result;
      try {
        // The fetcher is built on first use: a guide read from a file never starts one.
        const guideSource = await readGuide(source, { cwd: ctx.cwd, fetcher: () => app.fetcher });
        result = await importGuide({ source: guideSource, config, store: app.store, dryRun: flags.dryRun ?? false, prune: flags.prune ?? false });
      } catch (error) {
        if (!(error instanceof GuideSourceError) && !(error instanceof FetchError)) throw error;
        ctx.stderr(`guide import: ${terminalLine(error.message)}\n`);
        ctx.setExitCode(EXIT.usage);
        return;
      } finally {
        await app.close();
      }
      // What was written must load: a broken write is caught here, not on the next scheduled run.
      if (!flags.dryRun && result.written.length > 0) await loadConfig(config.configDir);
      const titles = new Map(config.documents.map((d) => [d.id, d.title]));
      ctx.stdout(
        flags.json
          ? safeJson({ ...result.plan, dryRun: flags.dryRun ?? false, written: result.written }) + '\n'
          : renderPlan(result.plan, { source, dryRun: flags.dryRun ?? false, written: result.written, titles, prune: flags.prune ?? false }),
      );
      ctx.setExitCode(result.plan.unassigned.length > 0 ? EXIT.partial : EXIT.ok);
    });
};
