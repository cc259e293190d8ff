import type { Command } from 'commander';
import { EXIT, type CliContext, type RegisterCommand } from '../context.ts';
import { DEFAULT_CONFIG_DIR, loadConfigFrom } from '../options.ts';
import { environmentProblems } from '../../config/environment.ts';
import type { LoadedConfig } from '../../config/load.ts';
import { ConfigError } from '../../shared/errors.ts';

/** A problem as `validate --json` prints it: the parts of "file:line: document "id" field "f": fix" that are there. */
export interface ProblemJson {
  file?: string;
  line?: number;
  document?: string;
  field?: string;
  message: string;
  /** The whole line, as the text output prints it. */
  text: string;
}

const WHERE = /^(?<file>[^\s:][^:]*?)(?::(?<line>\d+|\?))?: (?<rest>[\s\S]*)$/;
const WHAT = /^(?:document (?:"(?<document>[^"]+)"|#\d+) ?)?(?:field "(?<field>[^"]+)")?: (?<message>[\s\S]*)$/;

export function problemJson(text: string): ProblemJson {
  const where = WHERE.exec(text)?.groups;
  if (!where) return { message: text, text };
  const what = /^(document|field) /.test(where.rest!) ? WHAT.exec(where.rest!)?.groups : undefined;
  return {
    file: where.file!,
    ...(where.line && where.line !== '?' ? { line: Number(where.line) } : {}),
    ...(what?.document ? { document: what.document } : {}),
    ...(what?.field ? { field: what.field } : {}),
    message: what?.message ?? where.rest!,
    text,
  };
}

export const registerValidate: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('validate')
    .description('check the config; each problem names the file, line, document, field and what to do')
    .option('-c, --config <dir>', 'config folder', DEFAULT_CONFIG_DIR)
    .option('--json', 'print the result as JSON on stdout: { ok, problems: [{ file, line, document, field, message }], documents, settings }')
    .action(async (flags: { config?: string; json?: boolean }) => {
      let config: LoadedConfig | undefined;
      let heading = '';
      const problems: string[] = [];
      try {
        config = await loadConfigFrom(ctx, flags.config);
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        heading = error.message;
        problems.push(...(error.problems.length > 0 ? error.problems : [error.message]));
      }
      // Settings the environment makes necessary (email.from once SMTP is set): the same exit code as the config's.
      if (config) problems.push(...environmentProblems(config, ctx.env, ctx.cwd));
      if (flags.json) {
        const result = { ok: problems.length === 0, problems: problems.map(problemJson), ...(config ? { documents: config.documents, settings: config.settings } : {}) };
        ctx.stdout(JSON.stringify(result, null, 2) + '\n');
      } else if (problems.length > 0) {
        ctx.stderr(`${heading || `config has ${problems.length} problem(s):`}\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
      } else if (config) {
        const claims = config.documents.reduce((n, d) => n + d.claims.length, 0);
        const browser = config.documents.filter((d) => d.render === 'browser').length;
        ctx.stdout(`config OK: ${config.documents.length} document(s), ${claims} claim(s), ${browser} rendered in a browser\n`);
      }
      ctx.setExitCode(problems.length > 0 ? EXIT.usage : EXIT.ok);
    });
};
