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
  /** Columns of the terminal stderr writes to; absent when stderr is not a terminal (progress is drawn only on one). */
  terminal?: { columns(): number };
  /** Set from --quiet, --verbose and --json before a command runs (src/cli/output.ts). */
  output?: OutputMode;
  /** The progress line on the terminal, while one is drawn: log lines are written above it. */
  statusLine?: StatusLine;
}

export interface OutputMode {
  /** quiet: warnings and errors only; verbose: debug details too. */
  level: 'quiet' | 'normal' | 'verbose';
  /** Draw a progress line: stderr is a terminal, and neither --quiet, --json nor CI asks otherwise. */
  progress: boolean;
}

export interface StatusLine {
  /** Replaces the line being drawn. */
  draw(text: string): void;
  /** Writes a full line to stderr above the status line. */
  above(line: string): void;
  /** Clears the line; later writes go straight to stderr. */
  end(): void;
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
