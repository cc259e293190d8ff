#!/usr/bin/env node
// Builds dist/: the CLI as ES modules for Node, one entry (dist/cli.js) and one chunk per lazily loaded part, so a
// command loads only its own code. Dependencies stay external: they are installed beside it (npm, the action).
// Runs on `prepare` (so `npm ci` on a clone builds it) and before `npm pack`. Only esbuild is needed.
import { rm, chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
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
 * Dependencies the run-time commands load that are made of many files (zod 95, yaml 72, cheerio's slim entry with
 * htmlparser2 and css-select 107, diff 19, commander 8, p-limit 2): each is bundled into one file,
 * dist/chunks/vendor/<name>.js, which takes half the time to load (one file to resolve, read and compile instead of
 * dozens), and holds only what the CLI imports from it, so esbuild leaves out the rest (diff's patch functions,
 * yaml's CST tools). They stay files of their own, named after their package, so the module probe
 * (test/cli/built.test.ts) still sees which command loads which. The others stay external: loaded rarely
 * (cheerio's main entry for the guide, nodemailer, Octokit, Playwright) or native (better-sqlite3).
 * File name → the specifier src/ imports.
 */
const VENDORED = { zod: 'zod', yaml: 'yaml', diff: 'diff', commander: 'commander', 'p-limit': 'p-limit', cheerio: 'cheerio/slim' };
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * The names the built chunks import from each vendor bundle ('*' when one takes the whole module: a namespace or a
 * dynamic import). esbuild writes its imports in one form, `import { a, b as c } from "./vendor/x.js"`.
 */
async function importedNames(dir) {
  const names = new Map(Object.keys(VENDORED).map((name) => [name, new Set()]));
  const from = (name) => names.get(name);
  for (const file of await readdir(dir)) {
    if (!file.endsWith('.js')) continue;
    const code = await readFile(join(dir, file), 'utf8');
    for (const [, clause, name] of code.matchAll(/import\s+([^'"]*?)\s+from\s*"\.\/vendor\/([^"]+)\.js"/g)) {
      const braces = /\{([^}]*)\}/.exec(clause);
      for (const part of braces?.[1].split(',') ?? []) if (part.trim()) from(name)?.add(part.trim().split(/\s+as\s+/)[0]);
      const rest = clause.replace(/\{[^}]*\}/, '').replace(/,/g, ' ').trim();
      if (rest.startsWith('*')) from(name)?.add('*');
      else if (rest) from(name)?.add('default');
    }
    for (const [, name] of code.matchAll(/import\(\s*"\.\/vendor\/([^"]+)\.js"\s*\)/g)) from(name)?.add('*');
  }
  return names;
}

/**
 * One vendor bundle: the exports the CLI uses (all of them for '*'), named as the package names them. The package
 * is bundled as CommonJS (<name>.cjs), which src/cli/code-cache.ts runs with a V8 code cache (Node 20 has none for ES
 * modules); <name>.js is the ES module the chunks import, which hands on its exports.
 */
async function buildVendor(name, used) {
  const specifier = VENDORED[name];
  const exported = Object.keys(await import(specifier));
  const wanted = used.has('*') ? exported : exported.filter((key) => used.has(key));
  const missing = [...used].filter((key) => key !== '*' && !exported.includes(key));
  if (missing.length > 0) throw new Error(`build: ${name} has no export ${missing.join(', ')}`);
  const named = wanted.filter((key) => key !== 'default' && IDENTIFIER.test(key));
  const from = JSON.stringify(specifier);
  const contents = `export { ${named.join(', ')} } from ${from};\n${wanted.includes('default') ? `export { default } from ${from};\n` : ''}`;
  await esbuild.build({
    absWorkingDir: root,
    stdin: { contents, resolveDir: root, sourcefile: `vendor-${name}.js` },
    outfile: join(outdir, 'chunks/vendor', `${name}.cjs`),
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: `node${pkg.engines.node.replace(/^>=\s*/, '')}`,
    legalComments: 'eof',
    // Whitespace and syntax only: a start-up reads, hashes and hands V8 each bundle's source (zod 392 -> 289 KB,
    // all four a check loads 810 -> 520 KB; a 304 check 4-7 ms faster in three alternating hyperfine rounds), and
    // names are kept, so a stack trace through a bundle still reads.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    ...(name === 'zod' ? { plugins: [zodEnglishOnly] } : {}),
  });
  const facade = [
    'import { fileURLToPath } from "node:url";',
    'import { loadBundle } from "../code-cache.js";',
    `const vendor = loadBundle(fileURLToPath(new URL(${JSON.stringify(`./${name}.cjs`)}, import.meta.url))).exports;`,
    ...named.map((key) => `export const ${key} = vendor.${key};`),
    ...(wanted.includes('default') ? ['export default vendor.default;'] : []),
  ];
  await writeFile(join(outdir, 'chunks/vendor', `${name}.js`), facade.join('\n') + '\n');
}

/**
 * The vendor bundles' code caches, made by the node that builds (the one that runs the CLI in CI and the action;
 * another node or other V8 flags make V8 refuse them, and the bundles compile as before): a `validate` of the
 * repository's config runs zod, yaml and commander as a check does, and each bundle that ran writes its cache at
 * exit with what it compiled. A bundle that did not run (diff, p-limit; all of them should validate fail early) gets
 * one made after its top level alone.
 */
async function makeCodeCaches(vendors) {
  const { writeCodeCache, MAKE_CODE_CACHE_ENV } = await import(pathToFileURL(join(outdir, 'chunks/code-cache.js')).href);
  const cli = join(outdir, 'cli.js');
  const env = { ...process.env, NODE_OPTIONS: '', [MAKE_CODE_CACHE_ENV]: '1' };
  try {
    execFileSync(process.execPath, [cli, 'validate', '--config', join(root, 'config')], { cwd: root, env, stdio: 'ignore' });
  } catch {
    // A config that does not validate still trained what ran.
  }
  for (const name of vendors) {
    const file = join(outdir, 'chunks/vendor', `${name}.cjs`);
    if (!(await readFile(`${file}.cache`).then(() => true, () => false))) writeCodeCache(file);
  }
}

/**
 * zod's error messages in 40 languages are half its bundle (366 of 750 KB) and a third of its load time. The CLI
 * speaks English, zod's default (classic/schemas.js registers locales/en.js itself): its `locales` namespace is
 * bundled with English only. src/ never reads z.locales (test/cli/built.test.ts checks zod's messages are there).
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/]/.test(args.importer) ? { path: join(args.resolveDir, args.path), namespace: 'zod-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))};\n`,
      resolveDir: dirname(args.path),
    }));
  },
};

/** Imports of a vendored package point at its bundle, beside every chunk (all output is in dist/chunks/). */
const vendorPlugin = {
  name: 'vendor',
  setup(build) {
    const files = new Map(Object.entries(VENDORED).map(([file, specifier]) => [specifier, file]));
    const filter = new RegExp(`^(${[...files.keys()].map((s) => s.replace(/[/.]/g, '\\$&')).join('|')})$`);
    build.onResolve({ filter }, (args) => ({ path: `./vendor/${files.get(args.path)}.js`, external: true }));
  },
};

/**
 * The rules' fingerprint and ids (src/normalize/version.ts), computed from the registry and written into the build:
 * a check whose pages all answer 304 then loads none of the rules' code to know them.
 */
async function rulesManifest() {
  await mkdir(join(root, '.tmp'), { recursive: true });
  const file = join(root, '.tmp', `rules-manifest-${process.pid}.mjs`);
  try {
    await esbuild.build({ absWorkingDir: root, entryPoints: ['src/normalize/registry.ts'], outfile: file, bundle: true, format: 'esm', platform: 'node', packages: 'external', logLevel: 'warning' });
    const registry = await import(pathToFileURL(file).href);
    return { version: registry.rulesFingerprint(), ids: [...registry.RULE_IDS] };
  } finally {
    await rm(file, { force: true });
  }
}

const started = performance.now();
await rm(outdir, { recursive: true, force: true });
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
await esbuild.build({
  absWorkingDir: root,
  // The vendor bundles' loader is an entry of its own (chunks/code-cache.js), at a path their facades name.
  entryPoints: { cli: 'src/cli/bin.ts', 'code-cache': 'src/cli/code-cache.ts' },
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
  define: { __POLICYWATCH_COMMIT__: JSON.stringify(buildCommit() ?? ''), __POLICYWATCH_RULES__: JSON.stringify(await rulesManifest()) },
  logLevel: 'warning',
});
const used = await importedNames(join(outdir, 'chunks'));
const vendors = Object.keys(VENDORED).filter((name) => used.get(name).size > 0);
await Promise.all(vendors.map((name) => buildVendor(name, used.get(name))));
// dist/cli.js, the bin, only starts the entry. On Node 22.1+ it first turns on Node's compile cache (V8 code for
// every module, kept in the temp folder): compiling the modules is most of a start-up. Node checks each entry
// against its module and skips a cache folder it cannot read or write, so a read-only or damaged cache costs only
// the cache; NODE_DISABLE_COMPILE_CACHE=1 turns it off, NODE_COMPILE_CACHE=<dir> (read by Node itself) moves it.
// Not in GitHub Actions, whose temp folder is new on every run: the cache would be written and never read. Node 20
// has no compile cache: a no-op there.
const bin = `#!/usr/bin/env node
import module from 'node:module';
if (!process.env.GITHUB_ACTIONS) {
  try {
    module.enableCompileCache?.();
  } catch {
    // A run never depends on the cache.
  }
}
await import('./chunks/cli.js');
`;
await writeFile(join(outdir, 'cli.js'), bin);
await chmod(join(outdir, 'cli.js'), 0o755);
await makeCodeCaches(vendors);
if (!values.quiet) console.error(`build: ${values.outdir}/ in ${Math.round(performance.now() - started)} ms`);
