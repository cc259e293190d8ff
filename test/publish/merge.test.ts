import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyShardBundles, commitAndPush, mergeShardReports, missingShards, packShard, ShardMergeError } from '../../src/publish/index.ts';
import type { RunReport } from '../../src/run/report.ts';
import { mergeJsonVersions } from '../../src/publish/json-merge.ts';
import { createMemoryLogger } from '../../src/shared/logger.ts';
import { git, isolatedGit, makeRepos, write, type Repos } from './git-fixture.ts';

const doc = (id: string, outcome: RunReport['documents'][number]['outcome']) => ({ id, title: id, url: `https://example.test/${id}`, outcome });

function shardReport(index: number, count: number, docs: RunReport['documents'], extra: Partial<RunReport> = {}): RunReport {
  return {
    startedAt: `2030-01-01T00:0${index}:00Z`,
    finishedAt: `2030-01-01T00:1${index}:00Z`,
    shard: { index, count },
    documents: docs,
    claims: { verified: index, reworded: 1, missing: 0, items: [] },
    notifications: { queued: 2, delivered: 0, failed: [], pending: 5 },
    issues: [],
    ...extra,
  };
}

describe('mergeShardReports', () => {
  it('adds the shards up as one run', () => {
    const merged = mergeShardReports([
      shardReport(2, 3, [doc('b', 'substantive')], { issues: ['https://github.test/o/r/issues/2'] }),
      shardReport(1, 3, [doc('a', 'failed'), doc('c', 'not-modified')], { issues: ['https://github.test/o/r/issues/2', 'https://github.test/o/r/issues/3'] }),
    ]);
    expect(merged.documents.map((d) => d.id)).toEqual(['b', 'a', 'c']);
    expect(merged.claims).toMatchObject({ verified: 3, reworded: 2, missing: 0 });
    expect(merged.issues).toEqual(['https://github.test/o/r/issues/2', 'https://github.test/o/r/issues/3']);
    // 3 were queued before the run (5 pending - 2 queued in each shard): counted once, plus 2 + 2 new ones.
    expect(merged.notifications).toEqual({ queued: 4, delivered: 0, failed: [], pending: 7 });
    expect(merged.startedAt).toBe('2030-01-01T00:01:00Z');
    expect(merged.finishedAt).toBe('2030-01-01T00:12:00Z');
    expect(merged.shard).toBeUndefined();
    expect(missingShards(merged)).toEqual([3]);
  });

  it('refuses shards of different splits, repeated shards and documents checked twice', () => {
    expect(() => mergeShardReports([shardReport(1, 2, []), shardReport(2, 3, [])])).toThrow(ShardMergeError);
    expect(() => mergeShardReports([shardReport(1, 2, []), shardReport(1, 2, [])])).toThrow(ShardMergeError);
    expect(() => mergeShardReports([shardReport(1, 2, [doc('a', 'noise')]), shardReport(2, 2, [doc('a', 'noise')])])).toThrow(/shards 1 and 2/);
    expect(() => mergeShardReports([])).toThrow(ShardMergeError);
  });
});

describe('mergeJsonVersions', () => {
  const item = (id: string) => ({ event: { id, type: 'change' }, pendingFor: ['github'], attempts: 0 });

  it("keeps every shard's additions to a queue and every shard's removals", () => {
    const base = { version: 1, items: [item('old-1'), item('old-2')] };
    const one = { version: 1, items: [item('old-1'), item('old-2'), item('new-a')] };
    const two = { version: 1, items: [item('old-2'), item('new-b')] };
    const result = mergeJsonVersions(base, [one, two]);
    expect(result.value).toEqual({ version: 1, items: [item('old-2'), item('new-a'), item('new-b')] });
    expect(result.conflicts).toEqual([]);
  });

  it('merges objects key by key and reports a scalar two shards set differently', () => {
    const base = { generatedAt: 't0', claims: [{ id: 'c1', docId: 'a', status: 'verified' }, { id: 'c1', docId: 'b', status: 'verified' }] };
    const one = { generatedAt: 't1', claims: [{ id: 'c1', docId: 'a', status: 'missing' }, { id: 'c1', docId: 'b', status: 'verified' }] };
    const two = { generatedAt: 't2', claims: [{ id: 'c1', docId: 'a', status: 'verified' }, { id: 'c1', docId: 'b', status: 'reworded' }] };
    const result = mergeJsonVersions(base, [one, two]);
    expect(result.value).toEqual({ generatedAt: 't2', claims: [{ id: 'c1', docId: 'a', status: 'missing' }, { id: 'c1', docId: 'b', status: 'reworded' }] });
    expect(result.conflicts).toEqual(['.generatedAt']);
  });

  it('creates a file two shards both created', () => {
    expect(mergeJsonVersions(undefined, [{ a: 1 }, { b: 2 }]).value).toEqual({ a: 1, b: 2 });
  });
});

describe('shard bundles', () => {
  let repos: Repos | undefined;
  afterEach(async () => {
    await repos?.cleanup();
    repos = undefined;
  });

  const queue = (...ids: string[]) => JSON.stringify({ version: 1, items: ids.map((id) => ({ event: { id }, pendingFor: ['github'], attempts: 0 })) }, null, 2) + '\n';

  it('packs what each shard changed and merges it into one commit', async () => {
    repos = await makeRepos({
      'snapshots/doc-a/text.md': 'a1\n',
      'snapshots/doc-b/text.md': 'b1\n',
      'snapshots/doc-gone/text.md': 'gone\n',
      'snapshots/_records/notifications.json': queue('old'),
    });
    const r = repos;
    const paths = ['snapshots', 'claims.json'];
    // Shard 1 (runner a) saw doc-a change and queued an alert; shard 2 (runner b) saw doc-b change and a new doc.
    await write(r.a, 'snapshots/doc-a/text.md', 'a2\n');
    await write(r.a, 'snapshots/_records/notifications.json', queue('old', 'change-a'));
    await write(r.a, 'outbox/draft.eml', 'not published\n');
    await write(r.b, 'snapshots/doc-b/text.md', 'b2\n');
    await write(r.b, 'snapshots/doc-new/text.md', 'n1\n');
    await write(r.b, 'snapshots/_records/notifications.json', queue('old', 'change-b'));
    await git(r.b, 'rm', '-q', 'snapshots/doc-gone/text.md');
    const one = await packShard({ repoDir: r.a, paths, outDir: join(r.root, 'art-1'), report: shardReport(1, 2, [doc('doc-a', 'substantive')]), git: isolatedGit });
    const two = await packShard({ repoDir: r.b, paths, outDir: join(r.root, 'art-2'), report: shardReport(2, 2, [doc('doc-b', 'substantive'), doc('doc-new', 'first')]), git: isolatedGit });
    expect(one.files).toEqual(['snapshots/_records/notifications.json', 'snapshots/doc-a/text.md']);
    expect(two.files).toEqual(['snapshots/_records/notifications.json', 'snapshots/doc-b/text.md', 'snapshots/doc-new/text.md']);
    expect(two.deleted).toEqual(['snapshots/doc-gone/text.md']);

    const mergeDir = join(r.root, 'merge');
    await git(r.root, 'clone', '--quiet', r.remote, mergeDir);
    const applied = await applyShardBundles({ repoDir: mergeDir, bundleDirs: [join(r.root, 'art-1'), join(r.root, 'art-2')], logger: createMemoryLogger(), git: isolatedGit });
    expect(applied.conflicts).toEqual([]);
    expect(applied.report.documents.map((d) => d.id)).toEqual(['doc-a', 'doc-b', 'doc-new']);
    const ids = JSON.parse(await readFile(join(mergeDir, 'snapshots/_records/notifications.json'), 'utf8')).items.map((i: { event: { id: string } }) => i.event.id);
    expect(ids).toEqual(['old', 'change-a', 'change-b']);

    const pushed = await commitAndPush({ repoDir: mergeDir, paths, message: 'policywatch: merged', git: isolatedGit, logger: createMemoryLogger() });
    expect(pushed.pushed).toBe(true);
    expect(await git(r.remote, 'log', '--format=%s', 'main')).toBe('policywatch: merged\nseed');
    const files = (await git(r.remote, 'show', '--name-status', '--format=', 'main')).split('\n').sort();
    expect(files).toEqual([
      'A\tsnapshots/doc-new/text.md',
      'D\tsnapshots/doc-gone/text.md',
      'M\tsnapshots/_records/notifications.json',
      'M\tsnapshots/doc-a/text.md',
      'M\tsnapshots/doc-b/text.md',
    ]);
  });

  it('refuses two different versions of one non-JSON file', async () => {
    repos = await makeRepos({ 'snapshots/doc-a/text.md': 'a1\n' });
    const r = repos;
    await write(r.a, 'snapshots/doc-a/text.md', 'a2\n');
    await write(r.b, 'snapshots/doc-a/text.md', 'a3\n');
    await packShard({ repoDir: r.a, paths: ['snapshots'], outDir: join(r.root, 'art-1'), report: shardReport(1, 2, []), git: isolatedGit });
    await packShard({ repoDir: r.b, paths: ['snapshots'], outDir: join(r.root, 'art-2'), report: shardReport(2, 2, []), git: isolatedGit });
    await expect(applyShardBundles({ repoDir: r.a, bundleDirs: [join(r.root, 'art-1'), join(r.root, 'art-2')], logger: createMemoryLogger(), git: isolatedGit })).rejects.toThrow(ShardMergeError);
  });

  it('refuses an artifact path that leaves the repository', async () => {
    repos = await makeRepos();
    const r = repos;
    const art = join(r.root, 'evil');
    await write(art, 'policywatch-shard.json', JSON.stringify({ version: 1, base: 'HEAD', files: ['../outside.txt'], deleted: [] }));
    await write(art, 'report.json', JSON.stringify(shardReport(1, 1, [])));
    await expect(applyShardBundles({ repoDir: r.a, bundleDirs: [art], logger: createMemoryLogger(), git: isolatedGit })).rejects.toThrow(/outside the repository/);
  });
});
