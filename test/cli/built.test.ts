import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conditional, startFixtureServer } from '../support/http-server.ts';
import { writeCodeCache } from '../../src/cli/code-cache.ts';
import { RULE_IDS, rulesFingerprint } from '../../src/normalize/registry.ts';

/**
 * The CLI as it ships: built by scripts/build.mjs and run by plain node, with scripts/module-probe.mjs recording
 * every module an import resolves to. The rest of the suite runs the sources through vitest; this checks that the
 * build runs, that no TypeScript loader is in the process, and that each command loads only what it needs.
 */
const root = join(import.meta.dirname, '../..');
const probe = join(root, 'scripts/module-probe.mjs');
let outdir: string;
let logs: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  execArgv: string[];
  nodeOptions: string;
  modules: string[];
}

const exec = (args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, args, { cwd: options.cwd ?? root, env: options.env ?? cleanEnv(), timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });

/** No NODE_OPTIONS (vitest's own loader settings must not leak into the child), no CI credentials. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8' };
  if (process.env.POLICYWATCH_CHROMIUM) env.POLICYWATCH_CHROMIUM = process.env.POLICYWATCH_CHROMIUM;
  return env;
}

let runs = 0;
async function cli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const log = join(logs, `run-${++runs}.log`);
  const result = await exec(['--import', probe, join(outdir, 'cli.js'), ...args], { ...options, env: { ...cleanEnv(), ...options.env, MODULE_PROBE_LOG: log } });
  const [head, ...modules] = (await readFile(log, 'utf8')).trim().split('\n');
  const { execArgv, nodeOptions } = JSON.parse(head!) as { execArgv: string[]; nodeOptions: string };
  return { ...result, execArgv, nodeOptions, modules };
}

/** The package a module belongs to: under node_modules, or bundled alone in the build (chunks/vendor/<package>.js). */
const packageOf = (url: string) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? /\/chunks\/vendor\/([^/]+)\.js$/.exec(url)?.[1];
const packages = (run: Run) => new Set(run.modules.map(packageOf).filter(Boolean));

function expectNoTypeScriptLoader(run: Run): void {
  expect(run.execArgv).toEqual(['--import', probe]);
  expect(run.nodeOptions).toBe('');
  expect(run.modules.filter((url) => /\.[cm]?tsx?$/.test(url))).toEqual([]);
  for (const loader of ['tsx', 'esbuild', 'typescript', 'vite', 'vitest']) expect(packages(run).has(loader), loader).toBe(false);
  expect(run.modules.filter((url) => url.startsWith('file:')).every((url) => url.includes('/node_modules/') || url.startsWith(`file://${outdir}/`))).toBe(true);
}

/**
 * Whether a run loaded the code of any source under `folder` (e.g. src/normalize/rules/): the build keeps esbuild's
 * `// src/<path>` line at the head of each module it puts in a chunk.
 */
const loadsSource = async (run: Run, folder: string) => {
  const chunks = run.modules.filter((url) => url.startsWith(`file://${outdir}/`)).map((url) => new URL(url).pathname);
  const texts = await Promise.all(chunks.map((file) => readFile(file, 'utf8')));
  return texts.some((text) => text.includes(`\n// ${folder}`));
};

/** Whether a run loaded the chunk esbuild named after a lazily imported module (src/summarize/index.ts: summarize-<hash>.js). */
const loadsChunk = (run: Run, name: string) => run.modules.some((url) => new RegExp(`/chunks/${name}-[A-Z0-9]+\\.js$`).test(url));

/** What a delivery needs and a run that delivers nothing never loads (src/notify/port.ts deferredNotifier). */
const NOTIFIER_CODE = ['src/notify/github/render.ts', 'src/notify/email/notifier.ts', 'src/notify/email/render.ts'];

const HEAVY = ['zod', 'yaml', 'cheerio', 'undici', 'playwright', 'playwright-core', '@octokit/rest', 'nodemailer', 'diff', 'unpdf', 'node-cron', 'better-sqlite3', 'fastify'];

beforeAll(async () => {
  // .tmp/ is git-ignored: a fresh clone has none. Inside the repository, so the build resolves node_modules.
  await mkdir(join(root, '.tmp'), { recursive: true });
  outdir = await mkdtemp(join(root, '.tmp', 'built-cli-'));
  logs = await mkdtemp(join(root, '.tmp', 'built-cli-logs-'));
  const build = await exec(['scripts/build.mjs', '--outdir', relative(root, outdir), '--quiet'], { env: process.env });
  expect(build.stderr).toBe('');
  expect(build.code).toBe(0);
});

afterAll(async () => {
  if (outdir) await rm(outdir, { recursive: true, force: true });
  if (logs) await rm(logs, { recursive: true, force: true });
});

describe('the built CLI (dist/cli.js)', () => {
  it('prints its help and version with no dependency loaded but commander', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: policywatch/);
    expect(help.stdout).toMatch(/check .*fetch every document/);
    expectNoTypeScriptLoader(help);
    expect([...packages(help)]).toEqual(['commander']);

    const version = await cli(['--version']);
    const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it('validates the bundled config loading the config modules, and nothing that fetches or notifies', async () => {
    const run = await cli(['validate', '--config', join(root, 'config')]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/config OK: \d+ document\(s\)/);
    expectNoTypeScriptLoader(run);
    expect(packages(run).has('zod')).toBe(true);
    expect(packages(run).has('yaml')).toBe(true);
    for (const name of ['playwright', 'playwright-core', '@octokit/rest', 'nodemailer', 'undici', 'node-cron', 'unpdf', 'better-sqlite3', 'fastify']) expect(packages(run).has(name), name).toBe(false);
  });

  /** `validate` in a tracker folder whose one documents file holds `documents` (YAML). */
  async function validateDocuments(documents: string): Promise<Run> {
    const dir = await mkdtemp(join(root, '.tmp', 'built-cli-config-'));
    try {
      await mkdir(join(dir, 'config/documents'), { recursive: true });
      await writeFile(join(dir, 'config/policywatch.yaml'), 'http:\n  hostDelayMs: 0\n');
      await writeFile(join(dir, 'config/documents/one.yaml'), `documents:\n${documents}`);
      return await cli(['validate'], { cwd: dir });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  it("explains a config problem in zod's own English words where the CLI has none of its own (zod is bundled with English only)", async () => {
    const run = await validateDocuments("  - id: policy\n    title: ''\n    url: https://example.org/policy\n");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/one\.yaml:3: document "policy" field "title": Too small: expected string to have >=1 characters/);
  });

  it("names the registry's rules, which the build wrote in, to a document that disables one it does not have", async () => {
    const run = await validateDocuments('  - id: policy\n    title: Policy\n    url: https://example.org/policy\n    disable: [no-such-rule]\n');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`known rules: ${RULE_IDS.join(', ')} (`);
    expect(await loadsSource(run, 'src/normalize/rules/')).toBe(false);
  });

  it('checks a page answered 304 without loading an HTML parser, the change summary, undici or anything that notifies', async () => {
    const server = await startFixtureServer();
    const paragraph = '<p>We keep account data while the account exists and delete it within 30 days after you close it.</p>';
    const page = (paragraphs: number) => `<!doctype html><html><head><title>Policy</title></head><body><main><h1>Policy</h1>${paragraph.repeat(paragraphs)}</main></body></html>`;
    server.route('/policy', conditional({ body: page(30), etag: '"v1"' }));
    const dir = await mkdtemp(join(root, '.tmp', 'built-cli-check-'));
    try {
      await mkdir(join(dir, 'config/documents'), { recursive: true });
      // A change is alerted at first sight here: the confirming re-fetch is confirm.test.ts's.
      await writeFile(join(dir, 'config/policywatch.yaml'), 'http:\n  hostDelayMs: 0\nconfirm:\n  changes: "off"\n');
      await writeFile(join(dir, 'config/documents/one.yaml'), `documents:\n  - id: policy\n    title: Policy\n    url: ${server.url('/policy')}\n`);
      // Without the opt-in, 127.0.0.1 is refused like any private address.
      const refused = await cli(['check', '--no-notify', '--json'], { cwd: dir });
      expect((JSON.parse(refused.stdout) as { documents: { outcome: string }[] }).documents.map((d) => d.outcome)).toEqual(['failed']);
      expect(server.hits('/policy')).toBe(0);
      const env = { POLICYWATCH_ALLOW_LOOPBACK: '1' };
      const first = await cli(['check', '--no-notify', '--json'], { cwd: dir, env });
      expect(first.code, first.stderr).toBe(0);
      expect((JSON.parse(first.stdout) as { documents: { outcome: string }[] }).documents.map((d) => d.outcome)).toEqual(['first']);
      expect(packages(first).has('cheerio')).toBe(true);
      // Cheerio's slim entry: htmlparser2 only. Its main entry also loads parse5, undici and iconv-lite (for
      // fromURL and stream decoding, never used here): ~110 ms more CPU and ~14 MB at the first page.
      for (const name of ['parse5', 'undici', 'iconv-lite', 'encoding-sniffer']) expect(packages(first).has(name), name).toBe(false);
      // The change summary (with the diff) loads with a page whose text changed: never for a first record or a 304.
      expect(loadsChunk(first, 'summarize')).toBe(false);
      expect(await loadsSource(first, 'src/normalize/rules/')).toBe(true);
      // The rules' fingerprint the build wrote in is the registry's: the record carries it (extractionKey).
      const meta = JSON.parse(await readFile(join(dir, 'snapshots/policy/meta.json'), 'utf8')) as { rulesVersion: string };
      expect(meta.rulesVersion.split('+')[0]).toBe(rulesFingerprint());
      const again = await cli(['check', '--no-notify', '--json'], { cwd: dir, env });
      expect(again.code, again.stderr).toBe(0);
      expect((JSON.parse(again.stdout) as { documents: { outcome: string }[] }).documents.map((d) => d.outcome)).toEqual(['not-modified']);
      expectNoTypeScriptLoader(again);
      expect(loadsChunk(again, 'summarize')).toBe(false);
      // Nor the rules: their fingerprint, which tells whether the stored text needs re-extracting, is built in.
      expect(await loadsSource(again, 'src/normalize/rules/')).toBe(false);
      // Nor the notifiers' code: it loads with a first delivery (the demo below delivers).
      for (const source of NOTIFIER_CODE) expect(await loadsSource(again, source), source).toBe(false);
      for (const name of ['cheerio', 'parse5', 'undici', 'unpdf', 'nodemailer', '@octokit/rest', 'better-sqlite3', 'playwright', 'playwright-core', 'fastify']) {
        expect(packages(again).has(name), name).toBe(false);
      }
      // A server without validators answers 200 with the same page: read again, compared with nothing.
      server.route('/policy', conditional({ body: page(30) }));
      const same = await cli(['check', '--no-notify', '--json'], { cwd: dir, env });
      expect((JSON.parse(same.stdout) as { documents: { outcome: string }[] }).documents.map((d) => d.outcome)).toEqual(['noise']);
      expect(packages(same).has('cheerio')).toBe(true);
      expect(loadsChunk(same, 'summarize')).toBe(false);
      // A changed page is compared and summarized.
      server.route('/policy', conditional({ body: page(31) }));
      const changed = await cli(['check', '--no-notify', '--json'], { cwd: dir, env });
      expect((JSON.parse(changed.stdout) as { documents: { outcome: string }[] }).documents.map((d) => d.outcome)).toEqual(['substantive']);
      expect(loadsChunk(changed, 'summarize')).toBe(true);
    } finally {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("prints a command's help without loading its browser", async () => {
    const run = await cli(['help', 'check']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/--no-notify/);
    expect(run.stdout).toMatch(/--quiet/);
    expectNoTypeScriptLoader(run);
    for (const name of ['playwright', 'playwright-core']) expect(packages(run).has(name), name).toBe(false);
  });

  it('runs the whole demo loop', async () => {
    const run = await cli(['demo']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/30 days → 90 days/);
    expectNoTypeScriptLoader(run);
    // It drafts an issue and an email: the notifiers' code, deferred to a first delivery, is loaded then.
    for (const source of NOTIFIER_CODE) expect(await loadsSource(run, source), source).toBe(true);
  });

  it('scaffolds a tracker with init, then validates it and finds it ready with doctor', async () => {
    const dir = await mkdtemp(join(root, '.tmp', 'built-cli-tracker-'));
    try {
      const init = await cli(['init', 'tracker'], { cwd: dir });
      expect(init.code, init.stderr).toBe(0);
      expectNoTypeScriptLoader(init);
      const tracker = join(dir, 'tracker');
      await mkdir(join(tracker, '.git')); // its own repository: doctor reads the workflow init wrote
      const validate = await cli(['validate'], { cwd: tracker });
      expect(validate.stdout).toBe('config OK: 1 document(s), 0 claim(s), 0 rendered in a browser\n');
      const doctor = await cli(['doctor'], { cwd: tracker });
      expect(doctor.code, doctor.stdout).toBe(0);
      expect(doctor.stdout).toMatch(/\n\nready/);
      expect(doctor.stdout).toMatch(/[✓!] workflow +\.github\/workflows\/policywatch\.yml job "check"/);
      expectNoTypeScriptLoader(doctor);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs the vendor bundles with the code caches the build made for them (trained by a validate run)', async () => {
    const names = ['zod', 'yaml', 'commander', 'diff', 'p-limit', 'cheerio'];
    const script = `const { loadBundle } = await import(${JSON.stringify(pathToFileURL(join(outdir, 'chunks/code-cache.js')).href)});
      for (const name of ${JSON.stringify(names)}) console.log(name, loadBundle(${JSON.stringify(join(outdir, 'chunks/vendor'))} + '/' + name + '.cjs').cache);`;
    const run = await exec(['--input-type=module', '-e', script]);
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toEqual(names.map((name) => `${name} used`));
    // Trained: each cache holds more than a cache of the bundle's top level alone (the functions a validate called).
    const alone = await mkdtemp(join(root, '.tmp', 'built-cli-alone-'));
    try {
      for (const name of ['zod', 'yaml', 'commander']) {
        await copyFile(join(outdir, 'chunks/vendor', `${name}.cjs`), join(alone, `${name}.cjs`));
        writeCodeCache(join(alone, `${name}.cjs`));
        const [trained, topLevel] = await Promise.all([stat(join(outdir, 'chunks/vendor', `${name}.cjs.cache`)), stat(join(alone, `${name}.cjs.cache`))]);
        expect(trained.size, name).toBeGreaterThan(topLevel.size);
      }
    } finally {
      await rm(alone, { recursive: true, force: true });
    }
  });

  it("runs the same whatever Node's compile cache folder is: a file, unwritable, or holding damaged entries", async () => {
    // Node 22.1+ keeps compiled code there (dist/cli.js turns it on); on Node 20 there is none and this runs plainly.
    const dir = await mkdtemp(join(root, '.tmp', 'built-cli-cache-'));
    try {
      const file = join(dir, 'a-file');
      await writeFile(file, 'not a folder');
      const readOnly = join(dir, 'read-only');
      await mkdir(readOnly, { mode: 0o500 });
      const damaged = join(dir, 'damaged');
      const warm = await cli(['--help'], { env: { NODE_COMPILE_CACHE: damaged } });
      expect(warm.code, warm.stderr).toBe(0);
      // Whatever Node wrote there (nothing on Node 20), each file's bytes turned to garbage of another length.
      for (const entry of await readdir(damaged, { recursive: true }).catch(() => [] as string[])) {
        const path = join(damaged, entry);
        if ((await stat(path)).isFile()) await writeFile(path, 'garbage');
      }
      for (const folder of [file, readOnly, damaged]) {
        const run = await cli(['--help'], { env: { NODE_COMPILE_CACHE: folder } });
        expect(run.code, `${folder}: ${run.stderr}`).toBe(0);
        expect(run.stdout).toMatch(/Usage: policywatch/);
        expect(run.stderr).toBe('');
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 on an unknown command, without loading any command', async () => {
    const run = await cli(['chek']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown command 'chek'/);
    for (const name of HEAVY) expect(packages(run).has(name), name).toBe(false);
  });
});
