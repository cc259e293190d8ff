import { existsSync } from 'node:fs';

/**
 * `npm run bench`: prints figures and ratios against the targets. It never asserts: speed is watched here, not
 * in tests. Each bench runs in this process one after another, so peak RSS figures are per bench only where the
 * bench measures its own phase.
 */
const benches: { name: string; file: string }[] = [
  { name: 'replay', file: './replay.ts' },
  { name: 'fetch', file: './fetch.ts' },
  { name: 'browser', file: './browser.ts' },
];

const only = process.argv.slice(2);
for (const bench of benches) {
  if (only.length > 0 && !only.includes(bench.name)) continue;
  if (!existsSync(new URL(bench.file, import.meta.url))) continue;
  console.log(`\n## ${bench.name}`);
  const mod = (await import(bench.file)) as { main?: () => Promise<void> };
  if (mod.main) await mod.main();
}
