import type { Command } from 'commander';
import type { AppOverrides } from '../app/index.ts';
import type { Clock } from '../shared/clock.ts';

/** Everything a command touches outside itself, passed in so commands run the same in tests. */
export interface CliContext {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  clock: Clock;
  setExitCode(code: number): void;
  /** Passed to every command's composition root: tests shorten GitHub spacing and retries here, never in production. */
  app?: AppOverrides;
}

/** Each command file exports one of these; src/cli/main.ts lists them. */
export type RegisterCommand = (program: Command, ctx: CliContext) => void;

/** Documented exit codes (README "Exit codes"). */
export const EXIT = {
  ok: 0,
  /** check: at least one substantive change or claim change was recorded. Only with --exit-code-on-change. */
  changed: 0,
  /** Some documents failed to fetch or a notifier failed; everything else was recorded. */
  partial: 1,
  /** Bad config or bad arguments: nothing was done. */
  usage: 2,
  /** Unexpected internal error. */
  internal: 3,
} as const;
