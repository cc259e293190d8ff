import { readdirSync, statSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { replayCorpus } from '../src/run/replay.ts';
import { SettingsSchema } from '../src/config/schema.ts';
import { extract } from '../src/normalize/index.ts';
import { classify } from '../src/diff/index.ts';
import { PeakRss } from './rss.ts';
import { atLeast, exitWithMisses, info, report } from './targets.ts';

/** Replay throughput on the dev corpus, and CPU per document for extraction plus diff. Figures only. */
export async function main(): Promise<void> {
  const corpus = resolve(process.env.POLICYWATCH_CORPUS ?? '../shared/corpus/dev');
  if (!existsSync(join(corpus, 'documents.tsv'))) {
    console.log(`replay bench: skipped, no corpus at ${corpus} (set POLICYWATCH_CORPUS)`);
    return;
  }
  const folders = readdirSync(corpus).filter((f) => statSync(join(corpus, f)).isDirectory());
  const files = folders.flatMap((f) => readdirSync(join(corpus, f)).filter((n) => n.endsWith('.html')).map((n) => join(corpus, f, n)));
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const rss = new PeakRss();

  const wallStart = performance.now();
  const cpuStart = process.cpuUsage();
  const output = await replayCorpus(corpus, [], SettingsSchema.parse({}));
  const wall = (performance.now() - wallStart) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const events = output.documents.reduce((n, d) => n + d.events.length, 0);
  console.log(`replay: ${files.length} snapshots, ${(bytes / 1e6).toFixed(1)} MB, ${events} events in ${wall.toFixed(2)} s`);
  console.log(`replay: ${(files.length / wall).toFixed(1)} snapshots/s, ${(bytes / 1e6 / wall).toFixed(1)} MB/s, CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms`);
  // On one core: snapshots per second of this process's CPU time, which neighbours on a shared machine do not inflate.
  report('replay, snapshots per CPU second', files.length / ((cpu.user + cpu.system) / 1e6), atLeast(100), { digits: 1 });

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
  info('replay peak RSS', `${rss.stop().toFixed(0)} MB`);
  exitWithMisses();
}

if (process.argv[1]?.endsWith('replay.ts')) await main();
