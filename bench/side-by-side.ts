/**
 * 40 real policy pages from the corpus, served from 127.0.0.1, checked by the built CLI (`policywatch check
 * --no-notify`) and, when it is installed, by Open Terms Archive (`ota track`) in the same run, alternating, each
 * on a fresh folder: a first record, then an unchanged re-run. Wall time and peak RSS of each process tree (OTA
 * drives Chromium). How to install OTA for this: docs/benchmarks.md.
 *   node bin/run-ts.mjs bench/side-by-side.ts          BENCH_ROUNDS=3 by default; OTA_DIR=/work/ota by default
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { conditional, startFixtureServer } from '../test/support/http-server.ts';
import { builtCli as cli, repoRoot as root } from './cli.ts';
import { runTree, type TreeRun } from './tree.ts';
import { atLeast, atMost, exitWithMisses, info, median, report } from './targets.ts';

const PAGES = 40;
const SETTLE_MS = 5000;
const SERVE_FLAG = '--serve-pages';
const TARGET = { firstRatio: 20, unchangedRatio: 100, peakMb: 150 };
const corpusRoot = resolve(process.env.POLICYWATCH_CORPUS_ROOT ?? join(root, '../shared/corpus'));
const otaDir = resolve(process.env.OTA_DIR ?? '/work/ota');
const otaBin = join(otaDir, 'node_modules/@opentermsarchive/engine/bin/ota.js');
const chromium = process.env.POLICYWATCH_CHROMIUM ?? '/usr/bin/chromium';
/** Another build (an older commit's dist/cli.js) to compare before and after in the same run. */
const compareCli = process.env.POLICYWATCH_COMPARE_CLI ? resolve(process.env.POLICYWATCH_COMPARE_CLI) : undefined;

/**
 * 40 distinct pages: every document folder of dev/ and dev-other/ in turn, taking its snapshots from the newest
 * back, spread over its history, until there are 40.
 */
export function pickPages(): { name: string; file: string }[] {
  const docs: { name: string; files: string[] }[] = [];
  for (const set of ['dev', 'dev-other']) {
    const dir = join(corpusRoot, set);
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
      const files = readdirSync(join(dir, entry.name)).filter((f) => f.endsWith('.html')).sort().reverse();
      docs.push({ name: entry.name, files: files.map((f) => join(dir, entry.name, f)) });
    }
  }
  const picked: { name: string; file: string }[] = [];
  for (let round = 0; picked.length < PAGES && docs.some((d) => d.files.length > round); round += 1) {
    for (const doc of docs) {
      if (picked.length >= PAGES) break;
      const step = Math.max(1, Math.floor(doc.files.length / 4));
      const file = doc.files[round * step];
      if (file) picked.push({ name: `${doc.name}-${round}`, file });
    }
  }
  return picked;
}

async function servePages(): Promise<void> {
  const server = await startFixtureServer({ host: '127.0.0.1' });
  const pages = pickPages();
  pages.forEach((page, n) => server.route(`/p/${n}`, conditional({ body: readFileSync(page.file, 'utf8'), etag: `"v1-${n}"` })));
  // Forked by main, it tells its parent; run by hand (`… side-by-side.ts --serve-pages`), it prints the origin.
  if (process.send) process.send({ origin: server.origin, count: pages.length });
  else console.log(server.origin);
  process.on('message', async () => {
    await server.close();
    process.exit(0);
  });
}

async function startServer(): Promise<{ origin: string; count: number; stop(): Promise<void> }> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), [SERVE_FLAG], { execArgv: ['--import', import.meta.resolve('tsx')] });
  const [message] = (await once(child, 'message')) as [{ origin: string; count: number }];
  return {
    ...message,
    stop: async () => {
      child.send('stop');
      await once(child, 'exit');
    },
  };
}

/** A tracker folder: settings with no politeness delay (OTA has none), one YAML file with the 40 documents. */
async function policywatchFolder(origin: string, count: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pw-side-'));
  await mkdir(join(dir, 'config/documents'), { recursive: true });
  await writeFile(join(dir, 'config/policywatch.yaml'), 'http:\n  hostDelayMs: 0\n');
  const docs = Array.from({ length: count }, (_, n) => `  - id: page-${n}\n    title: Page ${n}\n    url: ${origin}/p/${n}\n`).join('');
  await writeFile(join(dir, 'config/documents/pages.yaml'), `documents:\n${docs}`);
  return dir;
}

/** An OTA collection: one service per page (a "Privacy Policy" each), versions and snapshots in local git. */
async function otaFolder(origin: string, count: number): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ota-side-'));
  await mkdir(join(dir, 'declarations'), { recursive: true });
  await mkdir(join(dir, 'config'), { recursive: true });
  for (let n = 0; n < count; n += 1) {
    const declaration = { name: `Page ${n}`, terms: { 'Privacy Policy': { fetch: `${origin}/p/${n}`, select: ['body'] } } };
    await writeFile(join(dir, 'declarations', `Page${n}.json`), JSON.stringify(declaration, null, 2));
  }
  // OTA's default (development) config keeps versions and snapshots in local git repositories under data/, never
  // pushed; NODE_ENV is left unset so its production config (which pushes) is not read.
  const config = { '@opentermsarchive/engine': { collectionPath: './', logger: { sendMailOnError: false } } };
  await writeFile(join(dir, 'config/default.json'), JSON.stringify(config, null, 2));
  // Puppeteer cannot pass --no-sandbox through OTA; a wrapper adds it (needed as root) and the flags a bot wants.
  const wrapper = join(dir, 'chromium.sh');
  await writeFile(wrapper, `#!/bin/sh\nexec ${chromium} --no-sandbox --disable-background-networking --disable-component-update --no-first-run "$@"\n`, { mode: 0o755 });
  return dir;
}

interface Pair {
  first: TreeRun;
  again: TreeRun;
}

async function runPolicywatch(origin: string, count: number, build = cli): Promise<Pair> {
  const dir = await policywatchFolder(origin, count);
  try {
    const env = { ...process.env, POLICYWATCH_ALLOW_LOOPBACK: '1', CI: '', GITHUB_ACTIONS: '' };
    const args = [build, 'check', '--no-notify', '--quiet', '--json', '--config', 'config'];
    const first = await runTree(process.execPath, args, { cwd: dir, env, timeoutMs: 120_000 });
    const again = await runTree(process.execPath, args, { cwd: dir, env, timeoutMs: 120_000 });
    for (const [label, run, outcome] of [['first', first, 'first'], ['re-run', again, 'not-modified']] as const) {
      const documents = run.code === 0 ? (JSON.parse(run.stdout) as { documents: { outcome: string }[] }).documents : [];
      const ok = documents.filter((d) => d.outcome === outcome).length;
      if (ok !== count) throw new Error(`policywatch ${label} run: ${ok}/${count} ${outcome} (exit ${run.code}): ${run.stderr.slice(0, 2000)}`);
    }
    return { first, again };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runOta(origin: string, count: number): Promise<Pair> {
  const dir = await otaFolder(origin, count);
  try {
    const env = { ...process.env, NODE_ENV: '', PUPPETEER_EXECUTABLE_PATH: join(dir, 'chromium.sh'), PUPPETEER_SKIP_DOWNLOAD: '1' };
    const args = [otaBin, 'track'];
    const first = await runTree(process.execPath, args, { cwd: dir, env, timeoutMs: 600_000 });
    const again = await runTree(process.execPath, args, { cwd: dir, env, timeoutMs: 600_000 });
    // Chromium's processes wind down after OTA exits: the next run should not pay for them.
    await new Promise((done) => setTimeout(done, SETTLE_MS));
    for (const [label, run] of [['first', first], ['re-run', again]] as const) {
      if (run.code !== 0) throw new Error(`OTA ${label} run exited ${run.code}: ${(run.stderr || run.stdout).slice(-2000)}`);
    }
    const recorded = (first.stdout.match(/[Rr]ecorded/g) ?? []).length;
    info('OTA first run', `${recorded} "recorded" log lines for ${count} pages`);
    return { first, again };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (n: number) => `${n.toFixed(0)} MB`;

export async function main(): Promise<void> {
  if (!existsSync(cli)) {
    console.log(`side-by-side bench: skipped, no ${cli} (run \`npm run build\` first)`);
    return;
  }
  if (pickPages().length < PAGES) {
    console.log(`side-by-side bench: skipped, fewer than ${PAGES} pages under ${corpusRoot} (set POLICYWATCH_CORPUS_ROOT)`);
    return;
  }
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const withOta = existsSync(otaBin) && existsSync(chromium) && process.env.BENCH_OTA !== '0';
  const server = await startServer();
  const pw: Pair[] = [];
  const ota: Pair[] = [];
  const other: Pair[] = [];
  try {
    for (let round = 0; round < rounds; round += 1) {
      // Alternating which goes first, so neither always meets a warm page cache or a busy neighbour.
      if (withOta && round % 2 === 1) ota.push(await runOta(server.origin, server.count));
      pw.push(await runPolicywatch(server.origin, server.count));
      if (compareCli) other.push(await runPolicywatch(server.origin, server.count, compareCli));
      if (withOta && round % 2 === 0) ota.push(await runOta(server.origin, server.count));
    }
  } finally {
    await server.stop();
  }
  const m = (pairs: Pair[], pick: (p: Pair) => TreeRun, field: 'wallMs' | 'treePeakMb' | 'rootCpuMs') => median(pairs.map((p) => pick(p)[field]));
  const first = (p: Pair) => p.first;
  const again = (p: Pair) => p.again;
  console.log(`side by side: ${server.count} corpus pages from ${server.origin}, ${rounds} round(s), medians; peak RSS of the process tree`);
  const row = (who: string, pairs: Pair[]) =>
    info(
      who,
      `first record ${s(m(pairs, first, 'wallMs'))}, ${mb(m(pairs, first, 'treePeakMb'))}; unchanged re-run ${s(m(pairs, again, 'wallMs'))}, ${mb(m(pairs, again, 'treePeakMb'))}`,
    );
  row('policywatch check --no-notify', pw);
  info('policywatch CPU (main process)', `first ${s(m(pw, first, 'rootCpuMs'))}, re-run ${s(m(pw, again, 'rootCpuMs'))}`);
  if (compareCli) {
    row(`compared build (${compareCli})`, other);
    info('compared build CPU (main process)', `first ${s(m(other, first, 'rootCpuMs'))}, re-run ${s(m(other, again, 'rootCpuMs'))}`);
    if (withOta) {
      info('compared build vs OTA', `first record ${(m(ota, first, 'wallMs') / m(other, first, 'wallMs')).toFixed(1)}×, re-run ${(m(ota, again, 'wallMs') / m(other, again, 'wallMs')).toFixed(1)}×`);
    }
  }
  if (withOta) {
    row('OTA 9.1.0 track', ota);
    report('first record: OTA / policywatch', m(ota, first, 'wallMs') / m(pw, first, 'wallMs'), atLeast(TARGET.firstRatio), { unit: '×', digits: 1 });
    report('unchanged re-run: OTA / policywatch', m(ota, again, 'wallMs') / m(pw, again, 'wallMs'), atLeast(TARGET.unchangedRatio), { unit: '×', digits: 1 });
    info('peak RSS: OTA / policywatch', `first ${(m(ota, first, 'treePeakMb') / m(pw, first, 'treePeakMb')).toFixed(1)}×, re-run ${(m(ota, again, 'treePeakMb') / m(pw, again, 'treePeakMb')).toFixed(1)}×`);
  } else {
    const why = !existsSync(otaBin) ? `not installed at ${otaDir} (OTA_DIR)` : process.env.BENCH_OTA === '0' ? 'BENCH_OTA=0' : `no Chromium at ${chromium}`;
    console.log(`  OTA comparison: skipped, Open Terms Archive ${why}; docs/benchmarks.md says how to install it`);
  }
  report('policywatch first record peak RSS', m(pw, first, 'treePeakMb'), atMost(TARGET.peakMb), { unit: 'MB', digits: 0 });
  report('policywatch re-run peak RSS', m(pw, again, 'treePeakMb'), atMost(TARGET.peakMb), { unit: 'MB', digits: 0 });
  exitWithMisses();
}

if (process.argv.includes(SERVE_FLAG)) {
  await servePages();
} else if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
