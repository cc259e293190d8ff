import { Command, CommanderError } from 'commander';
import type { CliContext, RegisterCommand } from './context.ts';
import { EXIT } from './context.ts';
import { systemClock } from '../shared/clock.ts';
import { describeError, ConfigError, CorpusError } from '../shared/errors.ts';
import { TOOL_VERSION } from '../shared/version.ts';
import { redactorFor, terminalLine, terminalText } from '../untrusted/index.ts';
import { registerSubscribersCommand } from './commands/subscribers.ts';
import { registerCheck } from './commands/check.ts';
import { registerValidate } from './commands/validate.ts';
import { registerReplay } from './commands/replay.ts';
import { registerNotify } from './commands/notify.ts';
import { registerPublish } from './commands/publish.ts';
import { registerMergeShards } from './commands/merge-shards.ts';
import { registerDemo } from './commands/demo.ts';
import { registerReextract } from './commands/reextract.ts';
import { registerSchedule } from './commands/schedule.ts';
import { registerClaims } from './commands/claims.ts';
import { registerGuide } from './commands/guide.ts';
import { registerExplain } from './commands/explain.ts';
import { registerServe } from './commands/serve.ts';
import { registerPushStatus } from './commands/push-status.ts';


const commands: RegisterCommand[] = [registerCheck, registerValidate, registerReplay, registerNotify, registerPublish, registerMergeShards, registerDemo, registerReextract, registerSchedule, registerSubscribersCommand, registerClaims, registerGuide, registerExplain, registerServe, registerPushStatus];

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('policywatch')
    .description('Watches policy pages for real changes and verifies the claims a guide quotes from them.')
    .version(TOOL_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.stdout(s), writeErr: (s) => ctx.stderr(s) });
  for (const register of commands) register(program, ctx);
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
  };
}

/** Runs the CLI and returns the exit code. */
export async function main(argv: string[], ctx: CliContext = defaultContext()): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram({ ...ctx, setExitCode: (c) => (code = Math.max(code, c)) });
  try {
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
    return error instanceof CorpusError ? EXIT.usage : EXIT.internal;
  }
}
