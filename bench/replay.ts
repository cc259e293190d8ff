import { readdirSync, statSync, existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { extract } from '../src/normalize/index.ts';
import { classify } from '../src/diff/index.ts';
import { runTree } from './tree.ts';
import { builtCli as cli } from './cli.ts';
import { atLeast, exitWithMisses, info, report } from './targets.ts';


/**
 * Replay throughput on the dev corpus, as a user runs it: `policywatch replay CORPUS --json` (the built CLI, a process
 * of its own, measured from outside: CPU of all its threads, start-up included), with a config that matches none of
 * the corpus documents, so each runs with the defaults. Then CPU per document for extraction plus diff alone, in
 * this process. Figures only.
 */
export async function main(): Promise<void> {
  const corpus = resolve(process.env.POLICYWATCH_CORPUS ?? '../shared/corpus/dev');
  if (!existsSync(join(corpus, 'documents.tsv'))) {
    console.log(`replay bench: skipped, no corpus at ${corpus} (set POLICYWATCH_CORPUS)`);
    return;
  }
  if (!existsSync(cli)) {
    console.log('replay bench: skipped, no dist/cli.js (run `npm run build` first)');
    return;
  }
  const folders = readdirSync(corpus).filter((f) => statSync(join(corpus, f)).isDirectory());
  const files = folders.flatMap((f) => readdirSync(join(corpus, f)).filter((n) => n.endsWith('.html')).map((n) => join(corpus, f, n)));
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);

  const dir = await mkdtemp(join(tmpdir(), 'pw-replay-bench-'));
  try {
    await mkdir(join(dir, 'config/documents'), { recursive: true });
    await writeFile(join(dir, 'config/documents/none.yaml'), 'documents:\n  - id: none\n    title: None\n    url: https://example.invalid/none\n');
    const run = await runTree(process.execPath, [cli, 'replay', corpus, '--json'], { cwd: dir, timeoutMs: 600_000 });
    if (run.code !== 0) throw new Error(`replay bench: the CLI exited ${run.code}: ${run.stderr.slice(0, 2000)}`);
    const output = JSON.parse(run.stdout) as { documents: { events: unknown[] }[] };
    const events = output.documents.reduce((n, d) => n + d.events.length, 0);
    const cpu = run.rootCpuMs / 1000;
    console.log(`replay: ${files.length} snapshots, ${(bytes / 1e6).toFixed(1)} MB, ${events} events in ${(run.wallMs / 1000).toFixed(2)} s, CPU ${cpu.toFixed(2)} s (all threads, start-up included)`);
    report('replay, snapshots per CPU second', files.length / cpu, atLeast(100), { digits: 1 });
    info('replay peak RSS', `${run.rootPeakMb.toFixed(0)} MB`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  // Extraction + diff alone, per document, without the store and claims around it.
  const perDoc: number[] = [];
  for (const folder of folders) {
    const names = readdirSync(join(corpus, folder)).filter((n) => n.endsWith('.html')).sort();
    let previous: string | undefined;
    for (const name of names) {
      const html = readFileSync(join(corpus, folder, name), 'utf8');
      const t0 = process.cpuUsage();
      const { markdown } = extract({ body: html, format: 'html', url: 'https://example.com/', doc: { id: folder, remove: [] } });
      classify(previous, markdown);
      const t = process.cpuUsage(t0);
      perDoc.push((t.user + t.system) / 1000);
      previous = markdown;
    }
  }
  perDoc.sort((a, b) => a - b);
  const pct = (p: number) => perDoc[Math.min(perDoc.length - 1, Math.floor(perDoc.length * p))]!.toFixed(1);
  const mean = perDoc.reduce((a, b) => a + b, 0) / perDoc.length;
  console.log(`extract+diff CPU per document: mean ${mean.toFixed(1)} ms, p50 ${pct(0.5)} ms, p95 ${pct(0.95)} ms, max ${pct(1)} ms`);
  exitWithMisses();
}

if (process.argv[1]?.endsWith('replay.ts')) await main();
