import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { backoffMs } from '../shared/backoff.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { GitError, PublishError } from './errors.ts';

export interface GitResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs git with an argument vector (never a shell) in `cwd`; resolves with the exit code instead of throwing. */
export type GitRunner = (args: readonly string[], cwd: string) => Promise<GitResult>;

export const execGit: GitRunner = (args, cwd) =>
  new Promise((resolve, reject) => {
    // No prompts: a missing credential must fail the push, not hang the job.
    const env = { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true', GIT_MERGE_AUTOEDIT: 'no' };
    execFile('git', [...args], { cwd, env, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(new GitError(`cannot run git ${args[0] ?? ''}`, [...args], -1, String(stderr), { cause: error }));
        return;
      }
      resolve({ code: error ? Number(error.code) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
  });

export const BOT_NAME = 'github-actions[bot]';
export const BOT_EMAIL = '41898282+github-actions[bot]@users.noreply.github.com';

/** A git session in one repository: identity flags added when unset, every failure a typed GitError. */
export class Git {
  private identity: string[] = [];

  constructor(
    readonly dir: string,
    private readonly runner: GitRunner = execGit,
  ) {}

  /** Commits made here carry the bot identity only when the repository or environment gives none. */
  async useBotIdentityIfUnset(): Promise<void> {
    const name = await this.try(['config', 'user.name']);
    const email = await this.try(['config', 'user.email']);
    this.identity = [];
    if (name.code !== 0 || !name.stdout.trim()) this.identity.push('-c', `user.name=${BOT_NAME}`);
    if (email.code !== 0 || !email.stdout.trim()) this.identity.push('-c', `user.email=${BOT_EMAIL}`);
  }

  /** Runs git and returns the result whatever the exit code. */
  try(args: readonly string[]): Promise<GitResult> {
    return this.runner([...this.identity, ...args], this.dir);
  }

  /** Runs git and throws GitError unless it exits 0. */
  async run(args: readonly string[]): Promise<string> {
    const result = await this.try(args);
    if (result.code !== 0) throw new GitError(`git ${args[0] ?? ''} failed (exit ${result.code})`, [...args], result.code, result.stderr);
    return result.stdout;
  }

  async revParse(ref: string): Promise<string | undefined> {
    const result = await this.try(['rev-parse', '--verify', '--quiet', ref]);
    return result.code === 0 ? result.stdout.trim() : undefined;
  }

  async currentBranch(): Promise<string | undefined> {
    const result = await this.try(['symbolic-ref', '--quiet', '--short', 'HEAD']);
    return result.code === 0 ? result.stdout.trim() : undefined;
  }

  async rebaseInProgress(): Promise<boolean> {
    const gitDir = (await this.run(['rev-parse', '--absolute-git-dir'])).trim();
    return existsSync(join(gitDir, 'rebase-merge')) || existsSync(join(gitDir, 'rebase-apply'));
  }

  /** Paths (from the repository root) changed between two commits, NUL-separated to survive any file name. */
  async changedPaths(from: string, to: string, pathspec: readonly string[]): Promise<string[]> {
    const out = await this.run(['diff', '--name-only', '--no-renames', '-z', from, to, '--', ...pathspec]);
    return out.split('\0').filter(Boolean);
  }

  /** A file as a commit holds it; undefined when the commit does not have it. */
  async show(commit: string, path: string): Promise<string | undefined> {
    const result = await this.try(['show', `${commit}:${path}`]);
    return result.code === 0 ? result.stdout : undefined;
  }

  async conflictedPaths(): Promise<string[]> {
    const out = await this.run(['diff', '--name-only', '--diff-filter=U', '-z']);
    return out.split('\0').filter(Boolean);
  }
}

/** Waits before push attempt `attempt + 1` (attempts count from 1). */
export async function sleepBackoff(clock: Clock, attempt: number, logger: Logger): Promise<void> {
  const ms = backoffMs(attempt - 1);
  logger.debug(`waiting ${ms} ms before the next push attempt`);
  await clock.sleep(ms);
}

export { GitError, PublishError };
