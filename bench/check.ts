/**
 * The whole check on 1,000 documents from 20 local hosts with 50 ms latency on every response (304s included):
 * fetch, extract, diff, claims and snapshot writes. The first run records everything; the second finds every page
 * unchanged and gets 304s, which skip the download, the parse and the write. Prints figures; asserts nothing.
 *   node bin/run-ts.mjs bench/check.ts
 */
import { performance as nodePerformance } from 'node:perf_hooks';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocumentSchema, SettingsSchema } from '../src/config/schema.ts';
import { createApp } from '../src/app/index.ts';
import { runCheck } from '../src/run/check.ts';
import { countOutcomes } from '../src/run/report.ts';
import { systemClock } from '../src/shared/clock.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { serveHosts, startHostsChild } from './hosts.ts';
import { atLeast, atMost, exitWithMisses, info, report } from './targets.ts';

const SPEC = { hosts: 20, docs: 1000, latencyMs: 50 };
const SERVE_FLAG = '--serve-check-fixtures';

/** Real pages from the corpus when it is there (so extraction costs what it costs), else a generated article. */
function pageSource(): (n: number) => string {
  const corpus = resolve(process.env.POLICYWATCH_CORPUS ?? '../shared/corpus/dev');
  const pages: string[] = [];
  if (existsSync(corpus)) {
    for (const dir of readdirSync(corpus, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      const files = readdirSync(join(corpus, dir.name)).filter((f) => f.endsWith('.html')).slice(0, 3);
      for (const f of files) pages.push(readFileSync(join(corpus, dir.name, f), 'utf8'));
    }
  }
  if (pages.length === 0) {
    const p = '<p>We keep account data while the account exists and delete it within 30 days after you close it.</p>';
    pages.push(`<!doctype html><html><head><title>Policy</title></head><body><nav><a href="/">Home</a></nav><main><h1>Policy</h1>${p.repeat(300)}</main></body></html>`);
  }
  return (n) => pages[n % pages.length]!.replace('</body>', `<p>Document reference ${n}.</p></body>`);
}

export async function main(): Promise<void> {
  const hosts = await startHostsChild(fileURLToPath(import.meta.url), SERVE_FLAG);
  const root = await mkdtemp(join(tmpdir(), 'policywatch-bench-'));
  try {
    const settings = SettingsSchema.parse({ http: { hostDelayMs: 0, concurrency: Number(process.env.BENCH_CONCURRENCY ?? 40) } });
    const documents = Array.from({ length: SPEC.docs }, (_, n) =>
      DocumentSchema.parse({ id: `doc-${n}`, title: `Doc ${n}`, url: `${hosts.origins[n % SPEC.hosts]}/doc/${n}` }),
    );
    const config = { configDir: join(root, 'config'), rootDir: root, settings, documents };
    const run = async () => {
      const app = createApp({ config, env: {}, clock: systemClock, logger: silentLogger, fetch: { allowLoopback: true } });
      const started = performance.now();
      const busy0 = nodePerformance.eventLoopUtilization();
      try {
        const report = await runCheck(app, { documents, notify: false });
        // How much of the run the one JavaScript thread was busy: near 100%, the run waits on CPU, not on hosts.
        const busy = nodePerformance.eventLoopUtilization(busy0);
        return { ms: performance.now() - started, counts: countOutcomes(report), busyMs: busy.active };
      } finally {
        await app.close();
      }
    };
    const first = await run();
    const second = await run();
    const ideal = ((SPEC.docs / SPEC.hosts - 1) * (SPEC.latencyMs / settings.http.perHost) + SPEC.latencyMs) / 1000;
    const cpu = process.cpuUsage();
    console.log(`check bench: ${SPEC.docs} documents on ${SPEC.hosts} hosts, ${SPEC.latencyMs} ms latency per response, perHost ${settings.http.perHost}`);
    console.log(`  first run   ${(first.ms / 1000).toFixed(2)} s (${first.counts.first} recorded, ${first.counts.failed} failed); the politeness-bound ideal is ${ideal.toFixed(2)} s`);
    console.log(`  second run  ${(second.ms / 1000).toFixed(2)} s (${second.counts['not-modified']} of ${SPEC.docs} answered 304); CPU of both runs ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`);
    report('first run / politeness-bound ideal', first.ms / 1000 / ideal, atMost(1.5), { unit: '×' });
    // The politeness bound assumes reading a page costs nothing. When the main thread was busy for most of the run,
    // the run is CPU-bound: this says how far the scheduling is from the thread's own busy time (1.0 = no waiting).
    info('first run / main-thread busy time', `${(first.ms / first.busyMs).toFixed(2)} × (busy ${(first.busyMs / 1000).toFixed(2)} s, ${((100 * first.busyMs) / first.ms).toFixed(0)}% of the run)`);
    report('second-run speed-up', first.ms / second.ms, atLeast(5), { unit: '×', digits: 1 });
    report('peak RSS (this process)', process.resourceUsage().maxRSS / 1024, atMost(200), { unit: 'MB', digits: 0, note: 'servers run in a child process' });
    exitWithMisses();
  } finally {
    await hosts.stop();
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv.includes(SERVE_FLAG)) {
  await serveHosts(SPEC, pageSource());
} else if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
