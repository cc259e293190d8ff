import { Command, CommanderError } from 'commander';
import type { CliContext, RegisterCommand } from './context.ts';
import { EXIT } from './context.ts';
import { systemClock } from '../shared/clock.ts';
import { describeError, ConfigError, CorpusError, UsageError } from '../shared/errors.ts';
import { DamagedRecordError } from '../store/errors.ts';
import { TOOL_VERSION } from '../shared/version.ts';
import { redactorFor, terminalLine, terminalText } from '../untrusted/index.ts';
import { applyOutputFlags, withOutputFlags } from './output.ts';

/**
 * The command table. A command's module (and everything it imports: zod, cheerio, Playwright, Octokit,
 * nodemailer) loads only when that command runs or its help is asked for; the others appear in `--help` by name
 * and summary. test/cli/main.test.ts checks each summary against the description its module registers.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<RegisterCommand>;
}

export const COMMANDS: readonly CommandEntry[] = [
  { name: 'init', summary: 'scaffold a tracker repository: config with an example document, the workflow, .gitignore and SETUP.md', load: async () => (await import('./commands/init.ts')).registerInit },
  { name: 'check', summary: 'fetch every document, record what changed, verify claims and notify', load: async () => (await import('./commands/check.ts')).registerCheck },
  { name: 'validate', summary: 'check the config; each problem names the file, line, document, field and what to do', load: async () => (await import('./commands/validate.ts')).registerValidate },
  { name: 'doctor', summary: 'check config, environment, secrets and the workflow for setup mistakes, and say how to fix each', load: async () => (await import('./commands/doctor.ts')).registerDoctor },
  { name: 'replay', summary: 'backtest the pipeline on a corpus of raw snapshots (no network); see the corpus README for the format', load: async () => (await import('./commands/replay.ts')).registerReplay },
  { name: 'notify', summary: 'deliver the notifications queued in the snapshots folder (after `check --no-notify`, or to retry)', load: async () => (await import('./commands/notify.ts')).registerNotify },
  { name: 'publish', summary: 'commit the snapshots and claims.json and push (rebasing and retrying on a race); write the job summary', load: async () => (await import('./commands/publish.ts')).registerPublish },
  { name: 'merge-shards', summary: "copy the shard jobs' results (from `publish --bundle`) into the repository and merge their reports", load: async () => (await import('./commands/merge-shards.ts')).registerMergeShards },
  { name: 'demo', summary: 'show the whole loop in seconds on a local fixture site: no credentials, no network', load: async () => (await import('./commands/demo.ts')).registerDemo },
  { name: 'reextract', summary: 're-extract stored raw HTML with the current rules and selectors; recorded as a technical update, never alerted', load: async () => (await import('./commands/reextract.ts')).registerReextract },
  { name: 'schedule', summary: 'run `check` on a cron schedule (for servers; in GitHub Actions use the workflow)', load: async () => (await import('./commands/schedule.ts')).registerSchedule },
  { name: 'subscribers', summary: "Manage email subscribers in the store a run uses (email.subscriberStore): serve's database, or the encrypted file (key in POLICYWATCH_SUBSCRIBERS_KEY).", load: async () => (await import('./commands/subscribers.ts')).registerSubscribersCommand },
  { name: 'guide', summary: 'work with the published guide whose quotes policywatch keeps true', load: async () => (await import('./commands/guide.ts')).registerGuide },
  { name: 'explain', summary: 'show the extracted Markdown of a stored snapshot or an HTML file, what each rule removed and why, and how the content root was chosen', load: async () => (await import('./commands/explain.ts')).registerExplain },
  { name: 'serve', summary: 'serve the status page, feeds and subscription pages; with --schedule, run `check` on a schedule in the same process', load: async () => (await import('./commands/serve.ts')).registerServe },
  { name: 'push-status', summary: "send the documents' status and the claims report to serve (POLICYWATCH_SERVE_URL, POLICYWATCH_SERVE_TOKEN)", load: async () => (await import('./commands/push-status.ts')).registerPushStatus },
  { name: 'claims', summary: "print each claim's document, status, verified-on time and current wording (from claims.json)", load: async () => (await import('./commands/claims.ts')).registerClaims },
];

/** The command the arguments name (`help X` names X), if any: only its module is loaded. */
export function commandNamed(argv: readonly string[]): string | undefined {
  const first = argv.findIndex((arg) => !arg.startsWith('-'));
  if (first < 0) return undefined;
  return argv[first] === 'help' ? argv[first + 1] : argv[first];
}

/**
 * The program with every command: those in `load` fully registered, the others as name and summary only.
 * `load: 'all'` registers every command (tests, help for everything).
 */
export async function buildProgram(ctx: CliContext, load: 'all' | readonly string[] = 'all'): Promise<Command> {
  const program = new Command('policywatch')
    .description('Watches policy pages for real changes and verifies the claims a guide quotes from them.')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.stdout(s), writeErr: (s) => ctx.stderr(s) });
  for (const entry of COMMANDS) {
    if (load === 'all' || load.includes(entry.name)) (await entry.load())(program, ctx);
    else program.command(entry.name).description(entry.summary);
  }
  withOutputFlags(program);
  program.hook('preAction', (_program, action) => applyOutputFlags(ctx, action));
  return program;
}

export function defaultContext(): CliContext {
  return {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    env: process.env,
    cwd: process.cwd(),
    clock: systemClock,
    setExitCode: (code) => {
      process.exitCode = code;
    },
    ...(process.stderr.isTTY ? { terminal: { columns: () => process.stderr.columns || 80 } } : {}),
  };
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[], ctx: CliContext = defaultContext()): Promise<number> {
  let code: number = EXIT.ok;
  const runCtx: CliContext = { ...ctx, setExitCode: (c) => (code = Math.max(code, c)) };
  try {
    const named = commandNamed(argv);
    const program = await buildProgram(runCtx, named ? [named] : []);
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    // Error text may quote a page, a server's answer or a file: shown safe, with the environment's secrets redacted.
    const redact = redactorFor(ctx.env);
    if (error instanceof ConfigError) {
      ctx.stderr(terminalText(`${error.message}\n${error.problems.map((p) => `  - ${p}`).join('\n')}\n`, redact));
      return EXIT.usage;
    }
    ctx.stderr(`policywatch: ${terminalLine(describeError(error), redact)}\n`);
    // A damaged record or database is the user's to restore (the message names the file and how), not a bug.
    return error instanceof CorpusError || error instanceof UsageError || error instanceof DamagedRecordError ? EXIT.usage : EXIT.internal;
  } finally {
    runCtx.statusLine?.end();
  }
}
