import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { terminalSafe } from '../../shared/text.ts';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { DEFAULT_CONFIG_DIR, loadConfigFrom } from '../options.ts';
import { ClaimsReportError, parseClaimsReport } from '../../claims/index.ts';
import type { ClaimReportEntry, ClaimsReport } from '../../claims/index.ts';
import { resolveFromRoot } from '../../config/load.ts';
import { readFileIfExists } from '../../shared/fs.ts';

interface ClaimsFlags {
  config?: string;
  report?: string;
  json?: boolean;
}

/** `policywatch claims`: what the last run found for every quoted claim, read from claims.json. */
export const registerClaims: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('claims')
    .description("print each claim's document, status, verified-on time and current wording (from claims.json)")
    .option('-c, --config <dir>', 'config folder (settings.paths.claimsReport says where the report is)', DEFAULT_CONFIG_DIR)
    .option('--report <path>', 'read this claims report instead')
    .option('--json', 'print the report as JSON')
    .action(async (flags: ClaimsFlags) => {
      const path = await reportPath(ctx, flags);
      const raw = await readFileIfExists(path);
      if (raw === undefined) {
        ctx.stderr(`no claims report at ${path}; run \`policywatch check\` first, or pass --report PATH\n`);
        ctx.setExitCode(EXIT.usage);
        return;
      }
      let report: ClaimsReport;
      try {
        report = parseClaimsReport(parseJson(raw.toString('utf8')));
      } catch (error) {
        if (!(error instanceof ClaimsReportError)) throw error;
        ctx.stderr(`${path}: ${error.message}\n${error.problems.map((p) => `  - ${p}`).join('\n')}\n`);
        ctx.setExitCode(EXIT.internal);
        return;
      }
      ctx.stdout(flags.json ? JSON.stringify(report, null, 2) + '\n' : renderClaims(report));
      ctx.setExitCode(EXIT.ok);
    });
};

async function reportPath(ctx: CliContext, flags: ClaimsFlags): Promise<string> {
  if (flags.report) return resolve(ctx.cwd, flags.report);
  const configDir = resolve(ctx.cwd, flags.config ?? DEFAULT_CONFIG_DIR);
  const hasConfig = await access(configDir).then(
    () => true,
    () => false,
  );
  // Without a config folder there are no settings: the default name, in the current folder.
  if (!hasConfig) return resolve(ctx.cwd, 'claims.json');
  const config = await loadConfigFrom(ctx, flags.config);
  return resolveFromRoot(config, config.settings.paths.claimsReport);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ClaimsReportError('claims report is not valid JSON', [(error as Error).message], { cause: error });
  }
}

// Page text reaches the terminal: control characters and bidi overrides could rewrite what is shown.
const safe = terminalSafe;

const MARK: Record<ClaimReportEntry['status'], string> = { verified: 'verified', reworded: 'REWORDED', missing: 'MISSING' };

function when(iso: string | undefined): string {
  return iso ? iso.replace(/:\d{2}(?:\.\d+)?Z$/, 'Z').replace('T', ' ') : 'never';
}

export function renderClaims(report: ClaimsReport): string {
  const { summary } = report;
  const lines = [
    `${summary.total} claim(s) checked ${when(report.generatedAt)}: ${summary.verified} verified, ${summary.reworded} reworded, ${summary.missing} missing`,
  ];
  for (const c of report.claims) {
    const doc = c.docTitle ? `${safe(c.docTitle)} (${safe(c.docId)})` : safe(c.docId);
    const similarity = c.status === 'reworded' ? ` similarity ${c.similarity.toFixed(2)}` : '';
    lines.push('');
    lines.push(`${MARK[c.status]}  ${safe(c.id)}  [${c.topic}]${similarity}`);
    lines.push(`  document:    ${doc}`);
    lines.push(`  verified on: ${when(c.verifiedAt)}${c.status === 'verified' ? '' : ` (checked ${when(c.checkedAt)})`}`);
    if (c.status !== 'verified') lines.push(`  guide says:  ${safe(c.quote)}`);
    lines.push(`  page says:   ${c.currentWording === undefined ? '(nothing close)' : safe(c.currentWording)}`);
  }
  return lines.join('\n') + '\n';
}
