import type { Command } from 'commander';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { cliLogger, loadConfigFrom, pickDocuments } from '../options.ts';
import { openApp } from '../app.ts';
import { formatRunSummary } from '../summary.ts';
import { startProgress } from '../progress.ts';
import { executeCheck } from '../../run/index.ts';
import { actionsAnnotations } from '../../run/job-summary.ts';
import { redactorFor, safeJson } from '../../untrusted/index.ts';

interface CheckFlags {
  config?: string;
  only?: string[];
  json?: boolean;
  notify: boolean;
  shard?: string;
  summaryFile?: string;
  verbose?: boolean;
}

export const registerCheck: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('check')
    .description('fetch every document, record what changed, verify claims and notify')
    .option('-c, --config <dir>', 'config folder', 'config')
    .option('--only <ids...>', 'check only these document ids')
    .option('--json', 'print the run report as JSON on stdout')
    .option('--no-notify', 'record and queue notifications without delivering them (`policywatch notify` delivers)')
    .option('--shard <i/n>', 'check only shard i of n (stable: adding a document moves only that one)')
    .option('--summary-file <path>', 'append a Markdown job summary (e.g. $GITHUB_STEP_SUMMARY)')
    .option('-v, --verbose', 'log debug details to stderr')
    .action(async (flags: CheckFlags) => {
      const config = await loadConfigFrom(ctx, flags.config);
      const logger = cliLogger(ctx, { verbose: flags.verbose ?? false });
      const documents = pickDocuments(config, flags.only);
      const app = openApp(ctx, config, logger);
      const progress = startProgress(ctx, 'checking');
      let report;
      try {
        report = await executeCheck(app, {
          documents,
          notify: flags.notify,
          progress,
          ...(flags.shard ? { shard: flags.shard } : {}),
          ...(flags.summaryFile ? { summaryFile: flags.summaryFile } : {}),
        });
      } finally {
        progress.end();
        await app.close();
      }
      const redact = redactorFor(ctx.env);
      // The report goes to the terminal and, in Actions, to the publish step: page text in it is made safe here.
      ctx.stdout(flags.json ? safeJson(report, redact) + '\n' : formatRunSummary(report, app.channelLines, redact, documents));
      // The runner reads workflow commands from stderr too, which keeps --json output on stdout clean.
      for (const line of actionsAnnotations(ctx.env, report)) ctx.stderr(line + '\n');
      const failed = report.documents.some((d) => d.outcome === 'failed') || report.notifications.failed.length > 0;
      ctx.setExitCode(failed ? EXIT.partial : EXIT.ok);
    });
};
