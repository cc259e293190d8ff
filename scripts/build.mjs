#!/usr/bin/env node
// Builds dist/: the CLI as ES modules for Node, one entry (dist/cli.js) and one chunk per lazily loaded part, so a
// command loads only its own code. Dependencies stay external: they are installed beside it (npm, the action).
// Runs on `prepare` (so `npm ci` on a clone builds it) and before `npm pack`. Only esbuild is needed.
import { rm, chmod, readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string', default: 'dist' }, quiet: { type: 'boolean', default: false } } });
const outdir = resolve(root, values.outdir);

let esbuild;
try {
  // The action builds a commit without devDependencies: it installs esbuild alone elsewhere and names it here.
  const from = process.env.POLICYWATCH_ESBUILD;
  esbuild = await import(from ? pathToFileURL(resolve(from)).href : 'esbuild');
} catch {
  // `npm ci --omit=dev` on a clone runs `prepare` without devDependencies: a dist/ already there is what runs.
  const have = await readFile(join(outdir, 'cli.js')).then(() => true, () => false);
  if (have) process.exit(0);
  console.error('build: esbuild is not installed (a devDependency); run `npm ci` without --omit=dev, or `npm install --no-save esbuild`');
  process.exit(1);
}

/** The commit being built, when the checkout is clean: `init` pins the action to it. */
function buildCommit() {
  const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    if (git('status', '--porcelain', '--untracked-files=no', '--', 'src', 'package.json') !== '') return undefined;
    const sha = git('rev-parse', 'HEAD');
    return /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined; // not a git checkout (a tarball), or no git
  }
}

const started = performance.now();
await rm(outdir, { recursive: true, force: true });
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
await esbuild.build({
  absWorkingDir: root,
  entryPoints: { cli: 'src/cli/bin.ts' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: `node${pkg.engines.node.replace(/^>=\s*/, '')}`,
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  define: { __POLICYWATCH_COMMIT__: JSON.stringify(buildCommit() ?? '') },
  logLevel: 'warning',
});
await chmod(join(outdir, 'cli.js'), 0o755);
if (!values.quiet) console.error(`build: ${values.outdir}/ in ${Math.round(performance.now() - started)} ms`);
