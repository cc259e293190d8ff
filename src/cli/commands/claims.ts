import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { safeJson, terminalLine } from '../../untrusted/index.ts';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { DEFAULT_CONFIG_DIR, loadConfigFrom } from '../options.ts';
import { buildClaimsReport, ClaimsReportError, parseClaimsReportFile } from '../../claims/index.ts';
import type { ClaimReportEntry, ClaimsReport } from '../../claims/index.ts';
import { resolveFromRoot, type LoadedConfig } from '../../config/load.ts';
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
      const { path, config } = await reportSource(ctx, flags);
      const raw = await readFileIfExists(path);
      const configured = config?.documents.some((d) => d.claims.length > 0 || d.guide !== undefined) ?? false;
      if (raw === undefined && !configured) {
        ctx.stderr(`no claims report at ${path}; run \`policywatch check\` first, or pass --report PATH\n`);
        ctx.setExitCode(EXIT.usage);
        return;
      }
      let report: ClaimsReport | undefined;
      if (raw !== undefined) {
        try {
          report = parseClaimsReportFile(raw.toString('utf8'), path);
        } catch (error) {
          if (!(error instanceof ClaimsReportError)) throw error;
          ctx.stderr(`${safe(error.message)}\n${error.problems.map((p) => `  - ${safe(p)}`).join('\n')}\n`);
          ctx.setExitCode(EXIT.usage);
          return;
        }
      }
      // The config is what is watched: a claim it lists that no run has checked yet shows as pending, never absent.
      const shown = config && configured
        ? buildClaimsReport(report?.claims ?? [], {
            generatedAt: report ? new Date(report.generatedAt) : ctx.clock.now(),
            documents: config.documents,
            ...(report?.tool && { toolVersion: report.tool.version }),
            ...(report?.$schema !== undefined && { schemaUrl: report.$schema }),
          })
        : (report as ClaimsReport);
      ctx.stdout(flags.json ? safeJson(shown) + '\n' : renderClaims(shown, { checked: report !== undefined }));
      ctx.setExitCode(EXIT.ok);
    });
};

async function reportSource(ctx: CliContext, flags: ClaimsFlags): Promise<{ path: string; config?: LoadedConfig }> {
  const configDir = resolve(ctx.cwd, flags.config ?? DEFAULT_CONFIG_DIR);
  const hasConfig = await access(configDir).then(
    () => true,
    () => false,
  );
  const config = hasConfig ? await loadConfigFrom(ctx, flags.config) : undefined;
  if (flags.report) return { path: resolve(ctx.cwd, flags.report), ...(config && { config }) };
  // Without a config folder there are no settings: the default name, in the current folder.
  if (!config) return { path: resolve(ctx.cwd, 'claims.json') };
  return { path: resolveFromRoot(config, config.settings.paths.claimsReport), config };
}

// Page text reaches the terminal: control characters and bidi overrides could rewrite what is shown.
const safe = (text: string) => terminalLine(text);

const MARK: Record<ClaimReportEntry['status'], string> = { verified: 'verified', reworded: 'REWORDED', missing: 'MISSING', pending: 'pending' };

function when(iso: string | undefined): string {
  return iso ? iso.replace(/:\d{2}(?:\.\d+)?Z$/, 'Z').replace('T', ' ') : 'never';
}

export function renderClaims(report: ClaimsReport, options: { checked?: boolean } = {}): string {
  const { summary } = report;
  const pending = summary.pending ?? report.claims.filter((c) => c.status === 'pending').length;
  const counts = `${summary.verified} verified, ${summary.reworded} reworded, ${summary.missing} missing, ${pending} pending`;
  const source = options.checked === false
    ? 'no check has run yet (run `policywatch check`)'
    : pending === summary.total
      ? `none checked yet (report of ${when(report.generatedAt)})`
      : `report of ${when(report.generatedAt)}`;
  const lines = [`${summary.total} claim(s): ${counts}; ${source}`];
  for (const c of report.claims) {
    const doc = c.docTitle ? `${safe(c.docTitle)} (${safe(c.docId)})` : safe(c.docId);
    const similarity = c.status === 'reworded' && c.kind !== 'effective-date' ? ` similarity ${c.similarity.toFixed(2)}` : '';
    lines.push('');
    lines.push(`${MARK[c.status]}  ${safe(c.id)}  [${c.topic}${c.kind && c.kind !== 'quote' ? `, ${c.kind}` : ''}]${similarity}`);
    lines.push(`  document:    ${doc}`);
    if (c.guide) lines.push(`  guide:       section '${safe(c.guide.section)}'${c.guide.alsoIn?.length ? ` (also ${c.guide.alsoIn.map((s) => `'${safe(s)}'`).join(', ')})` : ''}`);
    if (c.status === 'pending') {
      lines.push(`  verified on: never (not checked yet)`);
      lines.push(`  guide says:  ${safe(c.quote)}`);
      continue;
    }
    lines.push(`  verified on: ${when(c.verifiedAt)}${c.status === 'verified' ? '' : ` (checked ${when(c.checkedAt)})`}`);
    if (c.status !== 'verified') lines.push(`  guide says:  ${safe(c.quote)}`);
    lines.push(`  page says:   ${c.currentWording === undefined ? '(nothing close)' : safe(c.currentWording)}`);
  }
  return lines.join('\n') + '\n';
}
