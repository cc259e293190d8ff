import type { AppOverrides } from '../../src/app/index.ts';
import { main } from '../../src/cli/main.ts';
import { systemClock, type Clock } from '../../src/shared/clock.ts';

/**
 * Runs the CLI in-process, capturing what it prints; the code is the worst of main's return and set exit codes.
 * `app` reaches every command's composition root (test timings such as FAST_APP).
 */
export async function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; clock?: Clock; app?: AppOverrides } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let exit = 0;
  const code = await main(args, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    clock: options.clock ?? systemClock,
    setExitCode: (c) => (exit = Math.max(exit, c)),
    ...(options.app ? { app: options.app } : {}),
  });
  return { code: Math.max(code, exit), stdout, stderr };
}
