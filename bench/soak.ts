/**
 * The long soak of `policywatch schedule`: many runs on a one-second cron in one process, against a local site with a
 * JavaScript page, a PDF and faults (test/system/soak.ts). Prints heap (after a full GC), RSS, open descriptors,
 * sockets and Chromium processes after the warm-up and at the end, with the growth per 100 runs; asserts nothing.
 *   node bin/run-ts.mjs bench/soak.ts [runs]   or   POLICYWATCH_SOAK_RUNS=200 npm run bench -- soak   (default 60; the tests run 10)
 */
import { SettingsSchema } from '../src/config/schema.ts';
import { findBrowser } from '../src/fetch/index.ts';
import { soakSchedule } from '../test/system/soak.ts';
import { atMost, exitWithMisses, report } from './targets.ts';

const RUNS = Number(process.argv[2] ?? process.env.POLICYWATCH_SOAK_RUNS ?? 60);
/** Caches fill during the first runs (the heap levels off by run 30 or so): growth is measured over the second half. */
const WARM = Math.max(5, Math.floor(RUNS / 2));
/** The targets: what a run may leave behind, per 100 runs, after the warm-up. */
const TARGET_PER_100 = { heapMb: 5, rssMb: 30 };

const chromium = findBrowser(process.env, SettingsSchema.parse({})).executablePath;
const started = performance.now();
const samples = await soakSchedule(RUNS, { chromium });
const seconds = (performance.now() - started) / 1000;
const warm = samples[WARM - 1]!;
const last = samples.at(-1)!;
const per100 = (a: number, b: number) => ((b - a) / (last.run - warm.run)) * 100;
const heap = per100(warm.heapMb, last.heapMb);
const rss = per100(warm.rssMb, last.rssMb);
const max = (key: 'fds' | 'sockets' | 'chromium') => Math.max(...samples.map((s) => s[key]));
console.log(`${RUNS} scheduled runs in ${seconds.toFixed(0)} s (${(seconds / RUNS).toFixed(1)} s per run; 7 documents, one in Chromium)`);
console.log(`heap after GC: ${warm.heapMb.toFixed(1)} MB after run ${WARM}, ${last.heapMb.toFixed(1)} MB after run ${last.run}; RSS ${warm.rssMb.toFixed(0)} MB → ${last.rssMb.toFixed(0)} MB`);
report('heap growth per 100 runs', heap, atMost(TARGET_PER_100.heapMb), { unit: 'MB' });
report('RSS growth per 100 runs', rss, atMost(TARGET_PER_100.rssMb), { unit: 'MB', digits: 1 });
console.log(`open descriptors: ${warm.fds} → ${last.fds} (max ${max('fds')}); sockets after a run: max ${max('sockets')}; Chromium processes after a run: max ${max('chromium')}`);
console.log(`heap by run (MB): ${samples.map((s) => s.heapMb.toFixed(1)).join(' ')}`);
exitWithMisses();
