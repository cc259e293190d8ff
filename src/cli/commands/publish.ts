import { appendFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { cliLogger, DEFAULT_CONFIG_DIR, loadConfigFrom } from '../options.ts';
import { access } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { resolveFromRoot } from '../../config/load.ts';
import { SettingsSchema } from '../../config/schema.ts';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import {
  annotations,
  appendStepOutputs,
  commitAndPush,
  commitMessage,
  packShard,
  PublishError,
  readNotifyResult,
  readRunReport,
  renderJobSummary,
  stepOutputs,
  withNotifyResult,
} from '../../publish/index.ts';
import type { RunReport } from '../../run/report.ts';
import { redactorFor, terminalLine } from '../../untrusted/index.ts';
import { SHARED_RECORD_KEYS } from '../../store/index.ts';

interface PublishFlags {
  report?: string;
  messageFrom?: string;
  notifyResult?: string;
  message?: string;
  paths?: string[];
  config: string;
  repo: string;
  summary?: string | boolean;
  annotations?: boolean;
  githubOutput?: string | boolean;
  push: boolean;
  remote: string;
  branch?: string;
  maxAttempts: string;
  keepaliveDays?: string;
  bundle?: string;
}

const positive = (value: string, name: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new PublishError(`${name} must be a positive whole number, not "${value}"`);
  return n;
};

export const registerPublish: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('publish')
    .description('commit the snapshots and claims.json and push (rebasing and retrying on a race); write the job summary')
    .option('--report <file>', 'run report from `check --json`: names the changes in the commit message, summary and annotations')
    .option('--message-from <file>', 'same as --report')
    .option('--notify-result <file>', 'output of `notify --json`, added to the summary (issues opened, deliveries)')
    .option('-m, --message <text>', 'commit message (default: made from the report)')
    .option('--paths <paths...>', 'what to commit, relative to the repository (default: what the settings name: the snapshots, claims.json, the status page, the badge and the subscribers file)')
    .option('-c, --config <dir>', 'config folder whose settings.paths name what to commit', DEFAULT_CONFIG_DIR)
    .option('--repo <dir>', 'the repository', '.')
    .option('--summary [file]', 'append the Markdown job summary (default: $GITHUB_STEP_SUMMARY)')
    .option('--annotations', 'print ::warning/::error workflow commands for failures and drifted claims')
    .option('--github-output [file]', 'write step outputs (default: $GITHUB_OUTPUT)')
    .option('--no-push', 'commit only')
    .option('--remote <name>', 'remote to push to', 'origin')
    .option('--branch <name>', 'branch to push (default: the checked-out branch)')
    .option('--max-attempts <n>', 'push attempts before giving up', '5')
    .option('--keepalive-days <n>', 'make an empty commit when the branch has none for this many days')
    .option('--bundle <dir>', 'shard jobs: pack the changed files and the report into DIR (an artifact) instead of committing')
    .action(async (flags: PublishFlags) => {
      const logger = cliLogger(ctx);
      // This step may not hold the check's secrets, but whatever it holds never reaches the summary or the log.
      const redact = redactorFor(ctx.env);
      const repoDir = resolve(ctx.cwd, flags.repo);
      try {
        const published = await publishedPaths(ctx, flags.config, { repoDir, bundle: flags.bundle !== undefined });
        const paths = flags.paths ?? published.paths;
        const reportPath = flags.report ?? flags.messageFrom;
        let report: RunReport | undefined = reportPath ? await readRunReport(resolve(ctx.cwd, reportPath)) : undefined;
        if (flags.bundle) {
          if (!report) throw new PublishError('--bundle needs --report: the merge job reads the shard report from the bundle');
          const manifest = await packShard({ repoDir, paths, outDir: resolve(ctx.cwd, flags.bundle), report });
          ctx.stdout(`packed ${manifest.files.length} changed and ${manifest.deleted.length} deleted file(s) into ${flags.bundle}\n`);
          ctx.setExitCode(EXIT.ok);
          return;
        }
        if (report && flags.notifyResult) report = withNotifyResult(report, await readNotifyResult(resolve(ctx.cwd, flags.notifyResult)));

        // Summary and annotations first: they must show even when the push then fails.
        const summaryFile = flags.summary === true ? ctx.env.GITHUB_STEP_SUMMARY : flags.summary || undefined;
        if (report && summaryFile) await appendFile(summaryFile, renderJobSummary(report, { redact }));
        if (report && flags.annotations) for (const line of annotations(report, { redact })) ctx.stdout(line + '\n');

        const message = flags.message ?? (report ? commitMessage(report) : 'policywatch: record snapshots');
        const result = await commitAndPush({
          repoDir,
          paths,
          mergeRecords: published.records,
          message,
          remote: flags.remote,
          ...(flags.branch ? { branch: flags.branch } : {}),
          maxAttempts: positive(flags.maxAttempts, '--max-attempts'),
          push: flags.push,
          ...(flags.keepaliveDays ? { keepaliveDays: positive(flags.keepaliveDays, '--keepalive-days') } : {}),
          logger,
          clock: ctx.clock,
        });
        const outputFile = flags.githubOutput === true ? ctx.env.GITHUB_OUTPUT : flags.githubOutput || undefined;
        if (outputFile) await appendStepOutputs(outputFile, stepOutputs(report ?? { documents: [], issues: [] }, result.head), redact);
        const what = result.committed ? 'committed' : result.keepalive ? 'made a keepalive commit' : 'nothing to commit';
        ctx.stderr(`publish: ${what}${result.pushed ? `, pushed ${result.head.slice(0, 12)}` : ''}\n`);
        ctx.setExitCode(EXIT.ok);
      } catch (error) {
        if (!(error instanceof PublishError)) throw error;
        ctx.stderr(`publish: ${terminalLine(error.message, redact)}\n`);
        ctx.setExitCode(EXIT.partial);
      }
    });
};

/**
 * What a run writes and publish commits: the snapshots (with the notification queue and the email ledger), claims.json,
 * the status page, the badge and the subscribers file (bounce counts). A shard's bundle leaves out the page and the
 * badge (the merge job writes them once from the merged claims.json) and the subscribers file (shards never send
 * mail). `records`: the shared records in the snapshots, merged with a concurrent run's instead of replacing them.
 */
async function publishedPaths(ctx: CliContext, configDir: string, options: { repoDir: string; bundle: boolean }): Promise<{ paths: string[]; records: string[] }> {
  const dir = resolve(ctx.cwd, configDir);
  const exists = await access(dir).then(
    () => true,
    () => false,
  );
  const settings = exists ? (await loadConfigFrom(ctx, configDir)).settings : SettingsSchema.parse({});
  const rootDir = exists ? resolve(dir, '..') : ctx.cwd;
  const rel = (p: string) => relative(options.repoDir, resolveFromRoot({ rootDir }, p)) || '.';
  const { snapshots, claimsReport, statusPage, badge } = settings.paths;
  return {
    paths: [snapshots, claimsReport, ...(options.bundle ? [] : [statusPage, badge, settings.email.subscribersFile])].map(rel),
    records: SHARED_RECORD_KEYS.map((key) => rel(join(snapshots, key)).split(sep).join('/')),
  };
}
