import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, rm, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { GitRunner } from '../../src/publish/git.ts';

/** Git isolated from the machine's global and system config, so "identity unset" is really unset. */
export const isolatedGit: GitRunner = (args, cwd) =>
  new Promise((resolve, reject) => {
    const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_EDITOR: 'true' };
    execFile('git', [...args], { cwd, env, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') reject(error);
      else resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const result = await isolatedGit(args, cwd);
  if (result.code !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout.trim();
}

export async function write(root: string, path: string, content: string): Promise<void> {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}

export interface Repos {
  root: string;
  remote: string;
  a: string;
  b: string;
  cleanup(): Promise<void>;
}

/** A bare remote with one commit on main, and two clones of it (two runners). */
export async function makeRepos(files: Record<string, string> = {}): Promise<Repos> {
  const root = await mkdtemp(join(tmpdir(), 'pw-publish-'));
  const remote = join(root, 'remote.git');
  const seed = join(root, 'seed');
  await git(root, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  await git(root, 'init', '--quiet', '--initial-branch=main', seed);
  await write(seed, 'README.md', '# tracker\n');
  for (const [path, content] of Object.entries(files)) await write(seed, path, content);
  await git(seed, 'add', '-A');
  await git(seed, '-c', 'user.name=Seed', '-c', 'user.email=seed@example.test', 'commit', '--quiet', '-m', 'seed');
  await git(seed, 'push', '--quiet', remote, 'main');
  const a = join(root, 'a');
  const b = join(root, 'b');
  await git(root, 'clone', '--quiet', remote, a);
  await git(root, 'clone', '--quiet', remote, b);
  return { root, remote, a, b, cleanup: () => rm(root, { recursive: true, force: true }) };
}

/** A pre-receive hook that refuses every push, as branch protection would. */
export async function refusePushes(remote: string): Promise<void> {
  const hook = join(remote, 'hooks', 'pre-receive');
  await writeFile(hook, '#!/bin/sh\necho "protected branch" >&2\nexit 1\n');
  await chmod(hook, 0o755);
}
