#!/usr/bin/env node
// Builds dist/: the CLI as ES modules for Node, one entry (dist/cli.js) and one chunk per lazily loaded part, so a
// command loads only its own code. Dependencies stay external: they are installed beside it (npm, the action).
// Runs on `prepare` (so `npm ci` on a clone builds it) and before `npm pack`. Only esbuild is needed.
import { rm, chmod, readFile, writeFile } from 'node:fs/promises';
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

/**
 * Dependencies every run-time command loads that are made of many files (zod 95, yaml 72): each is
 * bundled into one file, dist/chunks/vendor/<name>.js, which takes half the time to load (one file to resolve, read
 * and compile instead of dozens). They stay files of their own, named after their package, so the module probe
 * (test/cli/built.test.ts) still sees which command loads which. The others stay external: loaded rarely (cheerio,
 * nodemailer, Octokit, Playwright), native (better-sqlite3), or small.
 */
const VENDORED = ['zod', 'yaml'];
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** One vendor bundle: every export the package has, named (CommonJS ones as Node's loader detects them). */
async function buildVendor(name) {
  const exported = Object.keys(await import(name));
  const named = exported.filter((key) => key !== 'default' && IDENTIFIER.test(key));
  const from = JSON.stringify(name);
  const contents = `export { ${named.join(', ')} } from ${from};\n${exported.includes('default') ? `export { default } from ${from};\n` : ''}`;
  await esbuild.build({
    absWorkingDir: root,
    stdin: { contents, resolveDir: root, sourcefile: `vendor-${name}.js` },
    outfile: join(outdir, 'chunks/vendor', `${name}.js`),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: `node${pkg.engines.node.replace(/^>=\s*/, '')}`,
    // CommonJS code bundled into an ES module still calls require() for Node's built-ins.
    banner: { js: "import { createRequire as __vendorRequire } from 'node:module';\nconst require = __vendorRequire(import.meta.url);" },
    legalComments: 'eof',
    logLevel: 'warning',
  });
}

/** Imports of a vendored package point at its bundle, beside every chunk (all output is in dist/chunks/). */
const vendorPlugin = {
  name: 'vendor',
  setup(build) {
    const filter = new RegExp(`^(${VENDORED.join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: `./vendor/${args.path}.js`, external: true }));
  },
};

const started = performance.now();
await rm(outdir, { recursive: true, force: true });
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
await Promise.all(VENDORED.map(buildVendor));
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
  plugins: [vendorPlugin],
  // The entry beside its chunks, so one relative path reaches the vendor bundles from every file.
  entryNames: 'chunks/[name]',
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'none',
  define: { __POLICYWATCH_COMMIT__: JSON.stringify(buildCommit() ?? '') },
  logLevel: 'warning',
});
// dist/cli.js, the bin, only starts the entry.
await writeFile(join(outdir, 'cli.js'), "#!/usr/bin/env node\nimport './chunks/cli.js';\n");
await chmod(join(outdir, 'cli.js'), 0o755);
if (!values.quiet) console.error(`build: ${values.outdir}/ in ${Math.round(performance.now() - started)} ms`);
