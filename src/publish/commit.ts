import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { systemClock, type Clock } from '../shared/clock.ts';

import type { Logger } from '../shared/logger.ts';
import { writeFileAtomic } from '../shared/fs.ts';
import { Git, PublishError, sleepBackoff, type GitRunner } from './git.ts';
import { mergeJsonVersions } from './json-merge.ts';

export interface CommitAndPushOptions {
  repoDir: string;
  /** Paths (relative to repoDir) this publish owns, e.g. ['snapshots', 'claims.json']. Nothing else is committed. */
  paths: string[];
  /**
   * JSON records (relative to repoDir) that several runs add to, e.g. the notification queue: when another push got
   * there first, they are merged key by key with its version instead of this run's winning whole, so neither run's
   * queued alerts nor its delivery records are lost.
   */
  mergeRecords?: readonly string[];
  message: string;
  remote?: string;
  /** Defaults to the checked-out branch. */
  branch?: string;
  maxAttempts?: number;
  /** false: commit only. */
  push?: boolean;
  /** Make an empty keepalive commit when the branch has had no commit for this many days (scheduled workflows stop after 60). */
  keepaliveDays?: number;
  git?: GitRunner;
  logger: Logger;
  clock?: Clock;
}

export interface CommitAndPushResult {
  committed: boolean;
  keepalive: boolean;
  pushed: boolean;
  /** Push attempts made (0 when there was nothing to push). */
  attempts: number;
  /** HEAD after publishing. */
  head: string;
}

const within = (path: string, roots: readonly string[]) =>
  roots.some((root) => path === root || path.startsWith(root.endsWith('/') ? root : `${root}/`));

/**
 * Commits the given paths and pushes, rebasing onto the remote and retrying when another push got there first.
 * Nothing changed: no commit (and a push only of earlier unpushed commits). Files this run wrote win over a
 * concurrent change to the same file, whole-file: a snapshot is what one run observed, never a blend of two.
 * A conflict outside the published paths (a person's edit) is never resolved automatically.
 */
export async function commitAndPush(options: CommitAndPushOptions): Promise<CommitAndPushResult> {
  const { logger } = options;
  const clock = options.clock ?? systemClock;
  const git = new Git(options.repoDir, options.git);
  const remote = options.remote ?? 'origin';
  const maxAttempts = options.maxAttempts ?? 5;
  await git.useBotIdentityIfUnset();
  if (await git.rebaseInProgress()) throw new PublishError('a rebase is in progress in this repository; finish or abort it first');
  const branch = options.branch ?? (await git.currentBranch());
  if (!branch) throw new PublishError('HEAD is detached: pass the branch to push to');

  const paths: string[] = [];
  for (const path of options.paths) {
    const tracked = (await git.run(['ls-files', '-z', '--', path])).length > 0;
    if (tracked || existsSync(join(options.repoDir, path))) paths.push(path);
  }

  let committed = false;
  let keepalive = false;
  if (paths.length > 0) {
    await git.run(['add', '-A', '--', ...paths]);
    const staged = await git.try(['diff', '--cached', '--quiet', '--', ...paths]);
    if (staged.code > 1) await git.run(['diff', '--cached', '--quiet', '--', ...paths]);
    if (staged.code === 1) {
      await git.run(['commit', '--no-verify', '--quiet', '-m', options.message, '--', ...paths]);
      committed = true;
    }
  }
  if (!committed && options.keepaliveDays !== undefined && (await isStale(git, options.keepaliveDays, clock))) {
    const message = `policywatch: keepalive (no commit for ${options.keepaliveDays} days)\n\nScheduled workflows stop after 60 days without repository activity; this empty commit keeps the schedule running.\n`;
    await git.run(['commit', '--no-verify', '--quiet', '--allow-empty', '-m', message]);
    keepalive = true;
  }
  if (committed) logger.info(`committed ${paths.join(', ')}`);

  const tracking = `refs/remotes/${remote}/${branch}`;
  const remoteTip = await git.revParse(tracking);
  const ahead = remoteTip === undefined || (await git.run(['rev-list', '--count', `${tracking}..HEAD`])).trim() !== '0';
  if (options.push === false || (!committed && !keepalive && !ahead)) {
    return { committed, keepalive, pushed: false, attempts: 0, head: (await git.revParse('HEAD')) ?? '' };
  }

  let lastError: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const push = await git.try(['push', '--porcelain', remote, `HEAD:refs/heads/${branch}`]);
    if (push.code === 0) {
      logger.info(`pushed to ${remote}/${branch}${attempt > 1 ? ` after ${attempt} attempts` : ''}`);
      return { committed, keepalive, pushed: true, attempts: attempt, head: (await git.revParse('HEAD')) ?? '' };
    }
    lastError = new PublishError(`git push failed (exit ${push.code})`, { transient: true });
    // Decide by repository state, not by git's wording: did the remote move past us?
    const fetch = await git.try(['fetch', '--quiet', remote, `refs/heads/${branch}`]);
    if (fetch.code !== 0) {
      logger.warn(`push attempt ${attempt} failed and the remote cannot be fetched; retrying`);
      if (attempt < maxAttempts) await sleepBackoff(clock, attempt, logger);
      continue;
    }
    const upstream = (await git.run(['rev-parse', 'FETCH_HEAD'])).trim();
    const behind = (await git.try(['merge-base', '--is-ancestor', upstream, 'HEAD'])).code !== 0;
    if (!behind) {
      // The remote did not move: the push was refused for another reason (credentials, branch protection).
      logger.warn(`push attempt ${attempt} was refused though the remote did not move`, { stderr: push.stderr.slice(0, 500) });
      if (attempt < maxAttempts) await sleepBackoff(clock, attempt, logger);
      continue;
    }
    logger.info(`another push got there first; rebasing onto ${remote}/${branch}`);
    await rebaseKeepingOurs(git, upstream, options.paths, options.mergeRecords ?? [], logger);
  }
  throw new PublishError(`could not push to ${remote}/${branch} after ${maxAttempts} attempts; the commit stays local`, {
    cause: lastError,
    transient: true,
  });
}

async function isStale(git: Git, days: number, clock: Clock): Promise<boolean> {
  const last = await git.try(['log', '-1', '--format=%ct']);
  if (last.code !== 0 || !last.stdout.trim()) return false;
  const now = clock.now().getTime();
  return now - Number(last.stdout.trim()) * 1000 >= days * 86_400_000;
}

/**
 * `git pull --rebase`, with conflicts in our own paths resolved to this run's files, and blends undone; then the
 * shared records both sides changed are merged three-way.
 */
async function rebaseKeepingOurs(git: Git, upstream: string, roots: readonly string[], records: readonly string[], logger: Logger): Promise<void> {
  const ourTip = (await git.run(['rev-parse', 'HEAD'])).trim();
  const base = (await git.run(['merge-base', ourTip, upstream])).trim();
  const ours = await git.changedPaths(base, ourTip, roots);

  let step = await git.try(['rebase', '--autostash', '--quiet', upstream]);
  for (let guard = 0; step.code !== 0; guard++) {
    if (!(await git.rebaseInProgress()) || guard > 1000) {
      throw new PublishError(`git rebase failed (exit ${step.code})`, { cause: step.stderr.slice(0, 500) });
    }
    const conflicted = await git.conflictedPaths();
    const foreign = conflicted.filter((path) => !within(path, roots));
    if (foreign.length > 0) {
      await git.try(['rebase', '--abort']);
      throw new PublishError(`a concurrent change conflicts outside the published paths (${foreign.slice(0, 5).join(', ')}); resolve it by hand`);
    }
    for (const path of conflicted) await takeVersion(git, 'REBASE_HEAD', path);
    logger.info(`kept this run's version of ${conflicted.length} conflicting file(s)`);
    step = await git.try(['rebase', '--continue']);
    if (step.code !== 0 && (await git.rebaseInProgress()) && (await git.conflictedPaths()).length === 0) {
      // The resolution left the replayed commit empty (the remote already had it): drop it.
      step = await git.try(['rebase', '--skip']);
    }
  }

  // A clean textual merge can still blend two observations of one file: restore ours wherever that happened.
  const blended: string[] = [];
  const merged: string[] = [];
  for (const path of ours) {
    if (records.includes(path)) {
      if (await mergeRecord(git, path, { base, upstream, ours: ourTip }, logger)) merged.push(path);
    } else if ((await git.revParse(`${ourTip}:${path}`)) !== (await git.revParse(`HEAD:${path}`))) {
      await takeVersion(git, ourTip, path);
      blended.push(path);
    }
  }
  if (blended.length === 0 && merged.length === 0) return;
  const head = (await git.run(['rev-parse', 'HEAD'])).trim();
  const amend = head !== upstream ? ['--amend', '--no-edit'] : ['-m', 'policywatch: keep this run\'s snapshot files'];
  await git.run(['commit', '--no-verify', '--quiet', ...amend]);
  if (blended.length) logger.info(`restored this run's version of ${blended.length} file(s) a rebase had merged`, { files: blended.slice(0, 20) });
  if (merged.length) logger.info(`merged ${merged.length} shared record(s) with the other run's`, { files: merged });
}

/**
 * Merges a shared JSON record three-way (both runs' additions and removals kept) into the index and work tree.
 * Returns whether the result differs from HEAD. A side that does not parse is not guessed at: ours is kept.
 */
async function mergeRecord(git: Git, path: string, at: { base: string; upstream: string; ours: string }, logger: Logger): Promise<boolean> {
  const [base, theirs, ours] = await Promise.all([git.show(at.base, path), git.show(at.upstream, path), git.show(at.ours, path)]);
  let value: unknown;
  try {
    const parse = (text: string | undefined): unknown => (text === undefined ? undefined : JSON.parse(text));
    value = mergeJsonVersions(parse(base), [parse(theirs), parse(ours)]).value;
  } catch {
    logger.warn(`${path} does not parse on one side; kept this run's version`);
    await takeVersion(git, at.ours, path);
    return (await git.revParse(`${at.ours}:${path}`)) !== (await git.revParse(`HEAD:${path}`));
  }
  const text = value === undefined ? undefined : JSON.stringify(value, null, 2) + '\n';
  if (text === (await git.show('HEAD', path))) return false;
  if (text === undefined) {
    await git.run(['rm', '-q', '-f', '--ignore-unmatch', '--', path]);
  } else {
    await writeFileAtomic(join(git.dir, path), text);
    await git.run(['add', '--', path]);
  }
  return true;
}

/** Makes the index and work tree hold `path` as it is in `commit` (deleted if the commit does not have it). */
async function takeVersion(git: Git, commit: string, path: string): Promise<void> {
  if ((await git.revParse(`${commit}:${path}`)) !== undefined) {
    await git.run(['checkout', commit, '--', path]);
  } else {
    await git.run(['rm', '-q', '-f', '--ignore-unmatch', '--', path]);
  }
}

