import { join, relative } from 'node:path';
import type { LoadedConfig } from './load.ts';

/**
 * What the config needs once the environment turns a channel on. Kept free of the channels' libraries, so
 * `validate` and `doctor` can tell without loading nodemailer.
 */

/** The variable that turns SMTP on (README "Notification channels"), or undefined. */
export function smtpSetting(env: NodeJS.ProcessEnv): 'SMTP_URL' | 'SMTP_HOST' | undefined {
  if (env.SMTP_URL) return 'SMTP_URL';
  if (env.SMTP_HOST) return 'SMTP_HOST';
  return undefined;
}

export const SENDER_EXAMPLE = 'email: { from: "Your guide <guide@your-domain.example>" }';

/** The fix for a missing sender, shared by validate, doctor and the SMTP transport. */
export const senderFix = `add it to policywatch.yaml in the config folder, e.g.  ${SENDER_EXAMPLE}  with an address your SMTP server may send from (without it, mail would go out as policywatch@localhost, to be rejected or marked as spam)`;

/** "config/policywatch.yaml: field "email.from": ..." when SMTP is on and no sender is configured. */
export function senderProblem(config: Pick<LoadedConfig, 'configDir' | 'settings'>, env: NodeJS.ProcessEnv, cwd = process.cwd()): string | undefined {
  const by = smtpSetting(env);
  if (!by || config.settings.email.from) return undefined;
  const file = relative(cwd, join(config.configDir, 'policywatch.yaml')) || 'policywatch.yaml';
  return `${file}: field "email.from": ${by} turns on email over SMTP, but no sender is set; ${senderFix}`;
}

/** Problems of the config that only the environment reveals; `validate` reports them with the config's own. */
export function environmentProblems(config: Pick<LoadedConfig, 'configDir' | 'settings'>, env: NodeJS.ProcessEnv, cwd?: string): string[] {
  return [senderProblem(config, env, cwd)].filter((p): p is string => p !== undefined);
}
