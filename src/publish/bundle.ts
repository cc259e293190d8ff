import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { z } from '../shared/zod.ts';
import { readFileIfExists, writeFileAtomic } from '../shared/fs.ts';
import type { Logger } from '../shared/logger.ts';
import { ShardMergeError } from './errors.ts';
import { Git, type GitRunner } from './git.ts';
import { mergeJsonVersions } from './json-merge.ts';
import { mergeShardReports } from './merge.ts';
import { parseRunReport, type RunReport } from '../run/report.ts';

/**
 * A shard's results, as its job uploads them (one artifact per shard):
 *   policywatch-shard.json  the manifest below
 *   report.json             the shard's RunReport
 *   files/<path>            every file under the published paths the shard added or changed
 * Only what changed travels, so an artifact stays small however many documents the repository tracks.
 */
const MANIFEST = 'policywatch-shard.json';
const ManifestSchema = z.object({
  version: z.literal(1),
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }).optional(),
  /** The commit the shard checked out: the common base of a three-way merge. */
  base: z.string(),
  files: z.array(z.string()),
  deleted: z.array(z.string()),
});
type Manifest = z.infer<typeof ManifestSchema>;

/** Refuses paths that would leave the repository (an artifact is outside input). */
function safeJoin(root: string, path: string): string {
  const full = resolve(root, path);
  if (path.includes('\0') || !full.startsWith(resolve(root) + sep)) throw new ShardMergeError(`refusing path outside the repository: ${JSON.stringify(path)}`);
  return full;
}

const nulList = (out: string) => out.split('\0').filter(Boolean);

export async function packShard(options: { repoDir: string; paths: string[]; outDir: string; report: RunReport; git?: GitRunner }): Promise<Manifest> {
  const git = new Git(options.repoDir, options.git);
  const base = (await git.run(['rev-parse', 'HEAD'])).trim();
  // Against HEAD, so staged and unstaged changes both count.
  const diff = (filter: string) => git.run(['diff', '--name-only', '-z', '--no-renames', `--diff-filter=${filter}`, 'HEAD', '--', ...options.paths]);
  const deleted = nulList(await diff('D'));
  const changed = nulList(await diff('AMT'));
  const untracked = nulList(await git.run(['ls-files', '-z', '--others', '--exclude-standard', '--', ...options.paths]));
  const files = [...new Set([...changed, ...untracked])].sort();
  await rm(options.outDir, { recursive: true, force: true });
  for (const path of files) {
    const target = safeJoin(join(options.outDir, 'files'), path);
    await mkdir(dirname(target), { recursive: true });
    await copyFile(join(options.repoDir, path), target);
  }
  const manifest: Manifest = { version: 1, ...(options.report.shard ? { shard: options.report.shard } : {}), base, files, deleted: deleted.sort() };
  await writeFileAtomic(join(options.outDir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  await writeFileAtomic(join(options.outDir, 'report.json'), JSON.stringify(options.report, null, 2) + '\n');
  return manifest;
}

interface Bundle {
  dir: string;
  manifest: Manifest;
  report: RunReport;
}

/** What to do about a damaged artifact; nothing of any shard has been written when this is said. */
const BUNDLE_FIX =
  'nothing was merged. Download the artifact again or re-run that shard job (`publish --bundle` writes it); or leave the folder out: its documents are checked again on the next run';

/**
 * Reads a shard's artifact and checks it whole before anything is merged: the manifest, the report, and every JSON
 * file it carries (a truncated upload must never replace a good record in the repository).
 */
async function readBundle(dir: string): Promise<Bundle> {
  const damaged = (path: string, problem: string, cause?: unknown) => new ShardMergeError(`${path} ${problem}; ${BUNDLE_FIX}`, { cause });
  const read = async (path: string) => {
    const raw = await readFileIfExists(path);
    if (raw === undefined) throw damaged(path, `is missing (is ${dir} a whole shard artifact?)`);
    return raw;
  };
  const parse = async (path: string) => {
    const raw = await read(path);
    try {
      return JSON.parse(raw.toString('utf8')) as unknown;
    } catch (cause) {
      throw damaged(path, `is not valid JSON (${(cause as Error).message})`, cause);
    }
  };
  const manifest = ManifestSchema.safeParse(await parse(join(dir, MANIFEST)));
  if (!manifest.success) {
    const issue = manifest.error.issues[0];
    throw damaged(join(dir, MANIFEST), `is not a shard manifest: field "${issue?.path.join('.') || '(root)'}": ${issue?.message ?? 'invalid'}`, manifest.error);
  }
  const report = parseRunReport(await parse(join(dir, 'report.json')));
  if ('problem' in report) throw damaged(join(dir, 'report.json'), `is not a run report: ${report.problem}`);
  for (const path of manifest.data.files) {
    const file = safeJoin(join(dir, 'files'), path);
    await (path.endsWith('.json') ? parse(file) : read(file));
  }
  return { dir, manifest: manifest.data, report: report.report };
}

export interface ApplyResult {
  report: RunReport;
  written: string[];
  deleted: string[];
  /** JSON paths ("file: $.a.b") two shards set differently; the later shard's value was kept. */
  conflicts: string[];
}

/**
 * Copies the shards' files into the repository. Files only one shard wrote (each document's snapshot folder)
 * are copied as they are; a JSON file several shards changed (the notification queue, claims.json) is merged
 * three-way against the shards' common base; any other file two shards wrote differently is an error.
 */
export async function applyShardBundles(options: { repoDir: string; bundleDirs: string[]; logger: Logger; git?: GitRunner }): Promise<ApplyResult> {
  const bundles = await Promise.all(options.bundleDirs.map(readBundle));
  const report = mergeShardReports(bundles.map((b) => b.report));
  const git = new Git(options.repoDir, options.git);

  const byPath = new Map<string, Bundle[]>();
  for (const bundle of bundles) {
    for (const path of [...bundle.manifest.files, ...bundle.manifest.deleted]) {
      safeJoin(options.repoDir, path);
      byPath.set(path, [...(byPath.get(path) ?? []), bundle]);
    }
  }

  const content = async (bundle: Bundle, path: string) =>
    bundle.manifest.deleted.includes(path) ? undefined : await readFile(safeJoin(join(bundle.dir, 'files'), path));
  const baseContent = async (bundle: Bundle, path: string) => {
    const shown = await git.try(['cat-file', 'blob', `${bundle.manifest.base}:${path}`]);
    if (shown.code === 0) return Buffer.from(shown.stdout, 'utf8');
    const known = await git.try(['cat-file', '-e', `${bundle.manifest.base}^{commit}`]);
    // The base commit is known and lacks the file: it is new. An unknown base: fall back to the work tree.
    return known.code === 0 ? undefined : await readFileIfExists(join(options.repoDir, path));
  };

  const result: ApplyResult = { report, written: [], deleted: [], conflicts: [] };
  for (const [path, writers] of [...byPath.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const versions = await Promise.all(writers.map((w) => content(w, path)));
    let final: Buffer | undefined;
    if (versions.every((v) => (v === undefined ? versions[0] === undefined : versions[0] !== undefined && v.equals(versions[0])))) {
      final = versions[0];
    } else if (path.endsWith('.json')) {
      const base = await baseContent(writers[0]!, path);
      const parse = (b: Buffer | undefined, from: string): unknown => {
        if (b === undefined) return undefined;
        try {
          return JSON.parse(b.toString('utf8'));
        } catch (cause) {
          throw new ShardMergeError(`${path} from ${from} is not valid JSON; cannot merge it`, { cause });
        }
      };
      const merged = mergeJsonVersions(
        parse(base, 'the base commit'),
        versions.map((v, i) => parse(v, writers[i]!.dir)),
      );
      result.conflicts.push(...merged.conflicts.map((c) => `${path}: ${c}`));
      final = merged.value === undefined ? undefined : Buffer.from(JSON.stringify(merged.value, null, 2) + '\n');
      if (merged.conflicts.length > 0) options.logger.warn(`shards set ${path} differently at ${merged.conflicts.slice(0, 5).join(', ')}; kept the last shard's value`);
    } else {
      const shards = writers.map((w) => w.manifest.shard?.index ?? '?').join(', ');
      throw new ShardMergeError(`shards ${shards} wrote different versions of ${path}; documents must not share files`);
    }
    const target = safeJoin(options.repoDir, path);
    if (final === undefined) {
      await rm(target, { force: true });
      result.deleted.push(path);
    } else {
      const current = await readFileIfExists(target);
      if (!current || !isDeepStrictEqual(current, final)) await writeFileAtomic(target, final);
      result.written.push(path);
    }
  }
  options.logger.info(`merged ${bundles.length} shard(s): ${result.written.length} file(s) written, ${result.deleted.length} deleted`);
  return result;
}
