import { resolve } from 'node:path';
import type { CliContext } from './context.ts';
import { loadConfig, type LoadedConfig } from '../config/load.ts';
import { ConfigError } from '../shared/errors.ts';
import type { DocumentConfig } from '../config/schema.ts';
import { createStreamLogger, type Logger } from '../shared/logger.ts';
import { redactorFor } from '../untrusted/index.ts';

export const DEFAULT_CONFIG_DIR = 'config';

export async function loadConfigFrom(ctx: CliContext, dir: string | undefined): Promise<LoadedConfig> {
  return loadConfig(resolve(ctx.cwd, dir ?? DEFAULT_CONFIG_DIR));
}

/** --only: every id must exist, so a typo never silently checks nothing. */
export function pickDocuments(config: LoadedConfig, only: string[] | undefined): DocumentConfig[] {
  if (!only || only.length === 0) return config.documents;
  const ids = only.flatMap((value) => value.split(',')).map((s) => s.trim()).filter(Boolean);
  const unknown = ids.filter((id) => !config.documents.some((d) => d.id === id));
  if (unknown.length > 0) {
    throw new ConfigError(`--only names unknown document(s): ${unknown.join(', ')}`, [
      `known ids: ${config.documents.map((d) => d.id).join(', ')}`,
    ]);
  }
  return config.documents.filter((d) => ids.includes(d.id));
}

/**
 * Logs go to stderr, one line each, so stdout stays clean for --json; above the progress line while one is drawn;
 * the environment's secrets are redacted.
 * --quiet keeps warnings and errors, --verbose adds debug details.
 */
export function cliLogger(ctx: CliContext, options: { verbose?: boolean } = {}): Logger {
  const level = options.verbose || ctx.output?.level === 'verbose' ? 'debug' : ctx.output?.level === 'quiet' ? 'warn' : 'info';
  return createStreamLogger({
    level,
    write: (line) => (ctx.statusLine ? ctx.statusLine.above(line) : ctx.stderr(line + '\n')),
    redact: redactorFor(ctx.env),
  });
}
