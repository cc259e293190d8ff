import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { DEFAULT_CONFIG_DIR } from '../options.ts';
import { runDoctor, type Finding } from '../../adopt/doctor.ts';
import { MINIMUM_NODE } from '../../shared/version.ts';

interface DoctorFlags {
  config?: string;
  timezone?: string;
  json?: boolean;
}

const MARK: Record<Finding['severity'], string> = { ok: '✓', warn: '!', error: '✗' };

export function formatFindings(findings: readonly Finding[]): string {
  const lines = findings.map((f) => {
    const fix = f.fix && f.severity !== 'ok' ? `\n      fix: ${f.fix.split('\n').join('\n           ')}` : '';
    return `  ${MARK[f.severity]} ${f.check.padEnd(11)} ${f.message}${fix}`;
  });
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warn').length;
  const verdict = errors > 0 ? `${errors} problem(s) to fix before the first run` : warnings > 0 ? 'ready; the warnings above are worth a look' : 'ready';
  return `${lines.join('\n')}\n\n${verdict}${warnings > 0 && errors > 0 ? `, ${warnings} warning(s)` : ''}\n`;
}

/**
 * `policywatch doctor`: the setup mistakes a first run would stumble on (config, environment and secrets, Chromium,
 * Node, the workflow), each with its fix. Exit 2 when one would stop or break a run, else 0.
 */
export const registerDoctor: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('doctor')
    .description('check config, environment, secrets and the workflow for setup mistakes, and say how to fix each')
    .option('-c, --config <dir>', 'config folder', DEFAULT_CONFIG_DIR)
    .option('--timezone <tz>', 'also check the time zone you will give `schedule --timezone`')
    .option('--json', 'print the findings as JSON: [{ check, severity, message, fix }]')
    .action(async (flags: DoctorFlags) => {
      const { findings } = await runDoctor({
        configDir: resolve(ctx.cwd, flags.config ?? DEFAULT_CONFIG_DIR),
        env: ctx.env,
        nodeVersion: process.versions.node,
        minimumNode: MINIMUM_NODE,
        ...(flags.timezone !== undefined ? { timezone: flags.timezone } : {}),
      });
      ctx.stdout(flags.json ? JSON.stringify({ ok: !findings.some((f) => f.severity === 'error'), findings }, null, 2) + '\n' : `policywatch doctor\n${formatFindings(findings)}`);
      ctx.setExitCode(findings.some((f) => f.severity === 'error') ? EXIT.usage : EXIT.ok);
    });
};
