import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitAndPush, PublishError, type GitRunner } from '../../src/publish/index.ts';
import { createFixedClock } from '../../src/shared/clock.ts';
import { createMemoryLogger } from '../../src/shared/logger.ts';
import { git, isolatedGit, makeRepos, refusePushes, write, type Repos } from './git-fixture.ts';

let repos: Repos | undefined;
afterEach(async () => {
  await repos?.cleanup();
  repos = undefined;
});

const clock = createFixedClock('2030-01-01T00:00:00Z');
const publish = (repoDir: string, extra: Partial<Parameters<typeof commitAndPush>[0]> = {}) =>
  commitAndPush({ repoDir, paths: ['snapshots', 'claims.json'], message: 'policywatch: test run', maxAttempts: 4, git: isolatedGit, logger: createMemoryLogger(), clock, ...extra });

/** Lets `other` push its own commit right before `repoDir`'s first push: a real race, made deterministic. */
function racing(other: () => Promise<void>): GitRunner {
  let raced = false;
  return async (args, cwd) => {
    if (!raced && args.includes('push')) {
      raced = true;
      await other();
    }
    return isolatedGit(args, cwd);
  };
}

async function runOther(dir: string, files: Record<string, string>, message = 'other run'): Promise<void> {
  for (const [path, content] of Object.entries(files)) await write(dir, path, content);
  const result = await commitAndPush({ repoDir: dir, paths: ['snapshots', 'claims.json'], message, git: isolatedGit, logger: createMemoryLogger(), clock });
  expect(result.pushed).toBe(true);
}

const remoteFile = (r: Repos, path: string) => git(r.remote, 'show', `main:${path}`);

describe('commitAndPush', () => {
  it('does nothing when nothing changed', async () => {
    repos = await makeRepos({ 'snapshots/doc/text.md': 'v1\n' });
    const before = await git(repos.remote, 'rev-parse', 'main');
    const result = await publish(repos.a);
    expect(result).toMatchObject({ committed: false, pushed: false, attempts: 0 });
    expect(await git(repos.remote, 'rev-parse', 'main')).toBe(before);
  });

  it('commits only the published paths, as github-actions[bot] when no identity is set, and pushes', async () => {
    repos = await makeRepos({ 'snapshots/doc/text.md': 'v1\n' });
    await write(repos.a, 'snapshots/doc/text.md', 'v2\n');
    await write(repos.a, 'snapshots/new-doc/meta.json', '{}\n');
    await write(repos.a, 'claims.json', '{"claims":[]}\n');
    await write(repos.a, 'README.md', '# edited by hand\n');
    const result = await publish(repos.a, { message: 'policywatch: 1 document changed: doc\n\n- doc (substantive)\n' });
    expect(result).toMatchObject({ committed: true, pushed: true, attempts: 1 });
    expect(await remoteFile(repos, 'snapshots/doc/text.md')).toBe('v2');
    expect(await remoteFile(repos, 'claims.json')).toBe('{"claims":[]}');
    expect(await remoteFile(repos, 'README.md')).toBe('# tracker');
    expect(await git(repos.remote, 'log', '-1', '--format=%an <%ae>%n%B', 'main')).toBe(
      'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>\npolicywatch: 1 document changed: doc\n\n- doc (substantive)',
    );
  });

  it('keeps a configured identity', async () => {
    repos = await makeRepos();
    await git(repos.a, 'config', 'user.name', 'Maintainer');
    await git(repos.a, 'config', 'user.email', 'm@example.test');
    await write(repos.a, 'claims.json', '{}\n');
    await publish(repos.a);
    expect(await git(repos.remote, 'log', '-1', '--format=%an', 'main')).toBe('Maintainer');
  });

  it('rebases and retries when another push got there first, keeping both runs', async () => {
    repos = await makeRepos({ 'snapshots/doc-a/text.md': 'a1\n', 'snapshots/doc-b/text.md': 'b1\n' });
    const r = repos;
    await write(r.a, 'snapshots/doc-a/text.md', 'a2\n');
    const result = await publish(r.a, { git: racing(() => runOther(r.b, { 'snapshots/doc-b/text.md': 'b2\n' })) });
    expect(result).toMatchObject({ committed: true, pushed: true, attempts: 2 });
    expect(await remoteFile(r, 'snapshots/doc-a/text.md')).toBe('a2');
    expect(await remoteFile(r, 'snapshots/doc-b/text.md')).toBe('b2');
    expect(await git(r.remote, 'log', '--format=%s', 'main')).toBe('policywatch: test run\nother run\nseed');
    expect(await git(r.remote, 'rev-list', '--merges', '--count', 'main')).toBe('0');
  });

  it("resolves a conflict in a snapshot file to this run's whole file", async () => {
    repos = await makeRepos({ 'snapshots/doc/state.json': '{\n  "failures": 0\n}\n' });
    const r = repos;
    await write(r.a, 'snapshots/doc/state.json', '{\n  "failures": 2\n}\n');
    const result = await publish(r.a, { git: racing(() => runOther(r.b, { 'snapshots/doc/state.json': '{\n  "failures": 1\n}\n' })) });
    expect(result.pushed).toBe(true);
    expect(await remoteFile(r, 'snapshots/doc/state.json')).toBe('{\n  "failures": 2\n}');
    expect(await git(r.a, 'status', '--porcelain')).toBe('');
  });

  it('merges the shared records both runs changed (queue, email ledger) instead of letting one run win whole', async () => {
    const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';
    const entry = (id: string) => ({ status: 'sent', at: '2030-01-01T00:00:00Z', messageId: `<${id}@x>` });
    const item = (id: string) => ({ event: { id }, pendingFor: ['maintainers'], attempts: 0 });
    const QUEUE = 'snapshots/_records/notifications.json';
    const LEDGER = 'snapshots/_records/email-ledger.json';
    repos = await makeRepos({ [QUEUE]: json({ version: 1, items: [item('old'), item('done')] }), [LEDGER]: json({ version: 1, entries: { k1: { e0: entry('m0') } } }) });
    const r = repos;
    // This run delivered "done" and mailed e1 to k1; the other run queued "theirs" and mailed e2 to k2.
    await write(r.a, QUEUE, json({ version: 1, items: [item('old'), item('ours')] }));
    await write(r.a, LEDGER, json({ version: 1, entries: { k1: { e0: entry('m0'), e1: entry('m1') } } }));
    const other = { [QUEUE]: json({ version: 1, items: [item('old'), item('done'), item('theirs')] }), [LEDGER]: json({ version: 1, entries: { k1: { e0: entry('m0') }, k2: { e2: entry('m2') } } }) };
    const result = await publish(r.a, { mergeRecords: [QUEUE, LEDGER], git: racing(() => runOther(r.b, other)) });
    expect(result.pushed).toBe(true);
    const queue = JSON.parse(await remoteFile(r, QUEUE)) as { items: { event: { id: string } }[] };
    expect(queue.items.map((i) => i.event.id)).toEqual(['old', 'theirs', 'ours']);
    expect(JSON.parse(await remoteFile(r, LEDGER))).toEqual({ version: 1, entries: { k1: { e0: entry('m0'), e1: entry('m1') }, k2: { e2: entry('m2') } } });
    expect(await readFile(join(r.a, QUEUE), 'utf8')).toBe(`${await remoteFile(r, QUEUE)}\n`);
    expect(await git(r.a, 'status', '--porcelain')).toBe('');
    expect(await git(r.remote, 'rev-list', '--merges', '--count', 'main')).toBe('0');
  });

  it('never leaves a blend of two observations when a rebase merges a file cleanly', async () => {
    const lines = (tag: string, at: number) => Array.from({ length: 20 }, (_, i) => (i === at ? `line ${i} ${tag}` : `line ${i}`)).join('\n') + '\n';
    repos = await makeRepos({ 'snapshots/doc/text.md': lines('', -1) });
    const r = repos;
    await write(r.a, 'snapshots/doc/text.md', lines('seen by a', 18));
    const result = await publish(r.a, { git: racing(() => runOther(r.b, { 'snapshots/doc/text.md': lines('seen by b', 1) })) });
    expect(result.pushed).toBe(true);
    expect(await readFile(join(r.a, 'snapshots/doc/text.md'), 'utf8')).toBe(lines('seen by a', 18));
    expect(await remoteFile(r, 'snapshots/doc/text.md')).toBe(lines('seen by a', 18).trimEnd());
  });

  it('refuses to resolve a conflict outside the published paths, and leaves no rebase behind', async () => {
    repos = await makeRepos({ 'config/documents/a.yaml': 'documents: []\n' });
    const r = repos;
    await write(r.a, 'config/documents/a.yaml', 'documents: [a]\n');
    await git(r.a, '-c', 'user.name=A', '-c', 'user.email=a@example.test', 'commit', '--quiet', '-am', 'edit config');
    await write(r.b, 'config/documents/a.yaml', 'documents: [b]\n');
    await git(r.b, '-c', 'user.name=B', '-c', 'user.email=b@example.test', 'commit', '--quiet', '-am', 'other config edit');
    await git(r.b, 'push', '--quiet', 'origin', 'main');
    await write(r.a, 'claims.json', '{}\n');
    const error = await publish(r.a).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect(await git(r.a, 'status', '--porcelain')).toBe('');
    expect(await git(r.remote, 'log', '-1', '--format=%s', 'main')).toBe('other config edit');
  });

  it('pushes an earlier unpushed commit even when nothing new changed', async () => {
    repos = await makeRepos();
    await write(repos.a, 'claims.json', '{}\n');
    await publish(repos.a, { push: false });
    expect(await git(repos.remote, 'log', '--format=%s', 'main')).toBe('seed');
    const result = await publish(repos.a);
    expect(result).toMatchObject({ committed: false, pushed: true });
    expect(await git(repos.remote, 'log', '-1', '--format=%s', 'main')).toBe('policywatch: test run');
  });

  it('makes an empty keepalive commit only after the given days without a commit', async () => {
    repos = await makeRepos();
    const last = Number(await git(repos.a, 'log', '-1', '--format=%ct')) * 1000;
    const soon = await publish(repos.a, { keepaliveDays: 45, clock: createFixedClock(new Date(last + 44 * 86_400_000)) });
    expect(soon).toMatchObject({ committed: false, keepalive: false, pushed: false });
    const later = await publish(repos.a, { keepaliveDays: 45, clock: createFixedClock(new Date(last + 46 * 86_400_000)) });
    expect(later).toMatchObject({ committed: false, keepalive: true, pushed: true });
    expect(await git(repos.remote, 'log', '-1', '--format=%s', 'main')).toBe('policywatch: keepalive (no commit for 45 days)');
  });

  it('gives up with a transient PublishError when the remote refuses every push', async () => {
    repos = await makeRepos();
    await refusePushes(repos.remote);
    await write(repos.a, 'claims.json', '{}\n');
    const error = await publish(repos.a, { maxAttempts: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishError);
    expect((error as PublishError).transient).toBe(true);
    expect(await git(repos.a, 'log', '-1', '--format=%s')).toBe('policywatch: test run');
  });
});
