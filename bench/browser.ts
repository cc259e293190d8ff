/**
 * Browser benchmark: 20 JavaScript-rendered pages through the one shared Chromium. Prints pages/s and peak RSS
 * (this process, and this process plus Chromium's processes); asserts nothing.
 *   node bin/run-ts.mjs bench/browser.ts
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DocumentSchema, SettingsSchema } from '../src/config/schema.ts';
import { systemClock } from '../src/shared/clock.ts';
import { silentLogger } from '../src/shared/logger.ts';
import { createFetcher } from '../src/fetch/index.ts';
import { html, startFixtureServer } from '../test/support/http-server.ts';

const PAGES = 20;
const RENDER_DELAY_MS = 100;

function jsPage(n: number): string {
  return `<!doctype html><html><head><title>Policy ${n}</title></head><body><div id="content"></div>
<img src="/pixel.png"><script>setTimeout(() => {
  const root = document.getElementById('content');
  for (let i = 0; i < 50; i++) { const p = document.createElement('p'); p.textContent = 'Section ' + i + ' of policy ${n}: data is kept for 30 days.'; root.appendChild(p); }
}, ${RENDER_DELAY_MS});</script></body></html>`;
}

/**
 * Memory of this process and every descendant (Chromium's renderer, GPU and utility processes), from /proc.
 * PSS, not RSS: Chromium's processes share most of their pages, and summing RSS would count them many times.
 */
function treeRssMb(): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return 0;
  }
  const parent = new Map<number, number>();
  for (const pid of entries) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Field 4 is the parent pid; the command name (field 2) may hold spaces, so read after its ')'.
      parent.set(Number(pid), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? 0));
    } catch {
      // The process ended while we looked.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let current = pid, depth = 0; current > 1 && depth < 20; depth += 1) {
      if (current === process.pid) return true;
      current = parent.get(current) ?? 0;
    }
    return false;
  };
  let total = 0;
  for (const pid of parent.keys()) {
    if (!inTree(pid)) continue;
    try {
      total += Number(/^Pss:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))?.[1] ?? 0);
    } catch {
      // Gone, or not ours to read.
    }
  }
  return Math.round(total / 1024);
}

export async function main(): Promise<{ pagesPerSecond: number; peakRssMb: number; peakTreeRssMb: number }> {
  const server = await startFixtureServer();
  for (let n = 0; n < PAGES; n += 1) server.route(`/p/${n}`, html(jsPage(n)));
  const settings = SettingsSchema.parse({});
  const fetcher = createFetcher({ settings, clock: systemClock, logger: silentLogger, allowLoopback: true });
  let peakTree = 0;
  const sampler = setInterval(() => {
    peakTree = Math.max(peakTree, treeRssMb());
  }, 500);
  try {
    const docs = Array.from({ length: PAGES }, (_, n) =>
      DocumentSchema.parse({ id: `p-${n}`, title: `P ${n}`, url: server.url(`/p/${n}`), render: 'browser', select: ['#content'] }),
    );
    const started = performance.now();
    const results = await Promise.allSettled(docs.map((doc) => fetcher.fetch({ doc })));
    const seconds = (performance.now() - started) / 1000;
    peakTree = Math.max(peakTree, treeRssMb());
    const rendered = results.filter(
      (r) => r.status === 'fulfilled' && r.value.kind === 'fetched' && r.value.body.includes('Section 49 of policy'),
    ).length;
    const figures = {
      pagesPerSecond: PAGES / seconds,
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
      peakTreeRssMb: peakTree,
    };
    console.log(`browser bench: ${PAGES} JS-rendered pages (content injected ${RENDER_DELAY_MS} ms after load), ${settings.browser.pages} pages at once`);
    console.log(`  wall time    ${seconds.toFixed(2)} s, including the Chromium launch`);
    console.log(`  throughput   ${figures.pagesPerSecond.toFixed(2)} pages/s; ${rendered}/${PAGES} rendered with their content`);
    console.log(`  images hit   ${server.hits('/pixel.png')} (blocked)`);
    console.log(`  peak RSS     ${figures.peakRssMb} MB node; ${figures.peakTreeRssMb} MB node + Chromium (PSS, sampled every 500 ms)`);
    return figures;
  } finally {
    clearInterval(sampler);
    await fetcher.close();
    await server.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await main();
}
