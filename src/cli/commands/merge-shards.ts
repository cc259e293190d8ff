import { resolve } from 'node:path';
import type { Command } from 'commander';
import { cliLogger } from '../options.ts';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { applyShardBundles, missingShards, ShardMergeError } from '../../publish/index.ts';
import { readFileIfExists, writeFileAtomic } from '../../shared/fs.ts';
import { DEFAULT_CONFIG_DIR, loadConfigFrom } from '../options.ts';
import { access } from 'node:fs/promises';
import { resolveFromRoot } from '../../config/load.ts';
import { ClaimsReportError, parseClaimsReportFile } from '../../claims/index.ts';
import { writeStatusOutputs } from '../../run/claims-report.ts';
import { redactorFor, safeJson, terminalLine } from '../../untrusted/index.ts';

export const registerMergeShards: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('merge-shards')
    .description('copy the shard jobs\' results (from `publish --bundle`) into the repository and merge their reports')
    .argument('<dirs...>', 'one folder per shard artifact')
    .option('--repo <dir>', 'the repository to write into', '.')
    .option('--out <file>', 'write the merged run report here (then: `publish --report FILE`, `notify`)')
    .option('--json', 'print the merged run report on stdout')
    .option('-c, --config <dir>', 'config folder: the status page and badge are written again from the merged claims.json', DEFAULT_CONFIG_DIR)
    .action(async (dirs: string[], flags: { repo: string; out?: string; json?: boolean; config: string }) => {
      const logger = cliLogger(ctx);
      try {
        const result = await applyShardBundles({ repoDir: resolve(ctx.cwd, flags.repo), bundleDirs: dirs.map((d) => resolve(ctx.cwd, d)), logger });
        const text = safeJson(result.report, redactorFor(ctx.env)) + '\n';
        if (flags.out) await writeFileAtomic(resolve(ctx.cwd, flags.out), text);
        if (flags.json) ctx.stdout(text);
        await refreshStatusOutputs(ctx, flags.config);
        const missing = missingShards(result.report);
        if (missing.length > 0) ctx.stderr(`merge-shards: no results from shard(s) ${missing.join(', ')}: their documents were not checked this run\n`);
        // Not a failure of the merge: the missing shard jobs already failed on their own, and the summary names them.
        ctx.setExitCode(EXIT.ok);
      } catch (error) {
        if (!(error instanceof ShardMergeError) && !(error instanceof ClaimsReportError)) throw error;
        const problems = error instanceof ClaimsReportError ? error.problems.map((p) => `; ${p}`).join('') : '';
        ctx.stderr(`merge-shards: ${terminalLine(error.message + problems, redactorFor(ctx.env))}\n`);
        ctx.setExitCode(EXIT.partial);
      }
    });
};

/** Shards do not bundle the status page and badge (each would differ): they are written once from the merged report. */
async function refreshStatusOutputs(ctx: CliContext, configDir: string): Promise<void> {
  const exists = await access(resolve(ctx.cwd, configDir)).then(
    () => true,
    () => false,
  );
  if (!exists) return;
  const config = await loadConfigFrom(ctx, configDir);
  const raw = await readFileIfExists(resolveFromRoot(config, config.settings.paths.claimsReport));
  if (raw === undefined) return;
  const path = resolveFromRoot(config, config.settings.paths.claimsReport);
  await writeStatusOutputs(config, parseClaimsReportFile(raw.toString('utf8'), path));
}
