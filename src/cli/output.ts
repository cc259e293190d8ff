import type { Command } from 'commander';
import type { CliContext, OutputMode } from './context.ts';

/** Adds --quiet and --verbose to every command that runs something (a command may define its own --verbose). */
export function withOutputFlags(program: Command): void {
  const visit = (command: Command) => {
    for (const sub of command.commands) visit(sub);
    if (command === program || command.commands.length > 0) return;
    const has = (flag: string) => command.options.some((o) => o.long === flag);
    if (!has('--quiet')) command.option('-q, --quiet', 'print only warnings and errors on stderr (no progress, no info lines)');
    if (!has('--verbose')) command.option('-v, --verbose', 'log debug details to stderr');
  };
  visit(program);
}

/** What a command's flags and the environment ask of its output. CI logs are files: no progress line there. */
export function outputMode(ctx: Pick<CliContext, 'env' | 'terminal'>, flags: { quiet?: boolean; verbose?: boolean; json?: boolean }): OutputMode {
  const level = flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal';
  const ci = ctx.env.CI !== undefined && ctx.env.CI !== '' && ctx.env.CI !== 'false' && ctx.env.CI !== '0';
  return { level, progress: ctx.terminal !== undefined && level !== 'quiet' && !flags.json && !ci };
}

export function applyOutputFlags(ctx: CliContext, action: Command): void {
  ctx.output = outputMode(ctx, action.opts<{ quiet?: boolean; verbose?: boolean; json?: boolean }>());
}
