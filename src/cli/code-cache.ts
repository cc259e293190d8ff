import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/**
 * The vendor bundles (dist/chunks/vendor/<name>.cjs: zod, yaml, commander, diff, p-limit, cheerio's slim entry) run
 * with a V8 code cache the build made beside each (<name>.cjs.cache), after a `validate` of the bundled config had
 * compiled what a run calls: Node 20 has no compile cache for ES modules, and compiling was most of a start-up.
 * Nothing is written at run time, so a read-only install or a fresh CI machine behaves the same. A cache is only a
 * hint: one that is missing, damaged (its digest does not match), made for another source, or made by another V8 or
 * with other flags is ignored, and the bundle compiles as it would without.
 */
export type CacheUse = 'used' | 'rejected' | 'absent' | 'damaged';

/** Set by the build for its training run: the bundles that ran write their caches when the process exits. */
export const MAKE_CODE_CACHE_ENV = 'POLICYWATCH_MAKE_CODE_CACHE';

const DIGEST = 32;
const digestOf = (data: Uint8Array) => createHash('sha256').update(data).digest();

/** The wrapper Node gives CommonJS modules, so the bundle sees the usual module variables. */
const wrap = (source: string) => `(function (exports, require, module, __filename, __dirname) {${source}\n})`;

/** The cache file: the SHA-256 of the source, the SHA-256 of V8's data, then the data. */
function readCache(file: string, source: Buffer): { data?: Buffer; use: CacheUse } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(`${file}.cache`);
  } catch {
    return { use: 'absent' };
  }
  const data = bytes.subarray(2 * DIGEST);
  const intact = bytes.length > 2 * DIGEST && digestOf(data).equals(bytes.subarray(DIGEST, 2 * DIGEST));
  if (!intact || !digestOf(source).equals(bytes.subarray(0, DIGEST))) return { use: 'damaged' };
  return { data, use: 'used' };
}

/** Writes the cache of a script that ran, atomically (a reader sees the old file or the new one). */
function writeCache(file: string, source: Buffer, script: Script): void {
  const data = script.createCachedData();
  const temporary = `${file}.cache.${process.pid}.tmp`;
  writeFileSync(temporary, Buffer.concat([digestOf(source), digestOf(data), data]));
  renameSync(temporary, `${file}.cache`);
}

function run(file: string, source: Buffer, cachedData?: Buffer): { exports: Record<string, unknown>; script: Script } {
  const script = new Script(wrap(source.toString('utf8')), { filename: file, ...(cachedData ? { cachedData } : {}) });
  const module = { exports: {} as Record<string, unknown> };
  (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, script };
}

/** Runs a CommonJS bundle, with its code cache when V8 takes it; returns its exports and what became of the cache. */
export function loadBundle(file: string): { exports: Record<string, unknown>; cache: CacheUse } {
  const source = readFileSync(file);
  const { data, use } = readCache(file, source);
  const { exports, script } = run(file, source, data);
  // At exit, the functions the run called are compiled too, and go into the cache.
  if (process.env[MAKE_CODE_CACHE_ENV] === '1') process.once('exit', () => writeCache(file, source, script));
  return { exports, cache: use === 'used' && script.cachedDataRejected ? 'rejected' : use };
}

/** Runs a bundle and writes its cache now: for one that no training run loaded (only its top level is in it). */
export function writeCodeCache(file: string): void {
  const source = readFileSync(file);
  writeCache(file, source, run(file, source).script);
}
