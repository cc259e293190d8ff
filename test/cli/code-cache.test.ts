import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadBundle, writeCodeCache } from '../../src/cli/code-cache.ts';

/** The vendor bundles' code cache (src/cli/code-cache.ts): a hint that speeds a start, never one that changes a run. */
let dir: string;
let file: string;
const BUNDLE = "const { join } = require('node:path');\nexports.answer = (n) => n * 2;\nexports.where = join('a', 'b');\n";

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-code-cache-'));
  file = join(dir, 'bundle.cjs');
  await writeFile(file, BUNDLE);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const works = (exports: Record<string, unknown>) => {
  expect((exports.answer as (n: number) => number)(21)).toBe(42);
  expect(exports.where).toBe(join('a', 'b'));
};

describe('loading a vendor bundle with its code cache', () => {
  it('runs the bundle as CommonJS without a cache, and with the one made for it', async () => {
    const cold = loadBundle(file);
    expect(cold.cache).toBe('absent');
    works(cold.exports);
    writeCodeCache(file);
    const warm = loadBundle(file);
    expect(warm.cache).toBe('used');
    works(warm.exports);
  });

  it('ignores a damaged cache: cut short, a flipped byte, or garbage', async () => {
    writeCodeCache(file);
    const good = await readFile(`${file}.cache`);
    const flipped = Buffer.from(good);
    flipped[flipped.length - 10]! ^= 0xff;
    for (const bad of [good.subarray(0, good.length - 100), flipped, Buffer.from('garbage'), Buffer.alloc(0)]) {
      await writeFile(`${file}.cache`, bad);
      const run = loadBundle(file);
      expect(run.cache).toBe('damaged');
      works(run.exports);
    }
  });

  it('ignores the cache of another source, even one of the same length (V8 itself compares only lengths)', async () => {
    writeCodeCache(file);
    await writeFile(file, BUNDLE.replace('n * 2', 'n + n'));
    const run = loadBundle(file);
    expect(run.cache).toBe('damaged');
    works(run.exports);
  });

  it('falls back to compiling when V8 rejects the cache (made by a node run with other V8 flags)', async () => {
    const script = `import(${JSON.stringify(pathToFileURL(join(import.meta.dirname, '../../src/cli/code-cache.ts')).href)}).then((m) => m.writeCodeCache(${JSON.stringify(file)}))`;
    execFileSync(process.execPath, ['--import', 'tsx', '--no-lazy-feedback-allocation', '--max-lazy', '-e', script], { env: { ...process.env, NODE_OPTIONS: '' } });
    const run = loadBundle(file);
    expect(run.cache).toBe('rejected');
    works(run.exports);
  });
});
