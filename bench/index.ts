import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench [name ...]`: prints figures and ratios against the targets, never asserts (speed is watched here,
 * not in tests). Each bench runs in a process of its own, so its peak RSS is its own.
 */
const benches = ['replay', 'check', 'fetch', 'browser', 'serve', 'email', 'soak', 'structure'];
const runner = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));

const only = process.argv.slice(2);
let failed = 0;
for (const name of benches) {
  if (only.length > 0 && !only.includes(name)) continue;
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) continue;
  console.log(`\n## ${name}`);
  const result = spawnSync(process.execPath, ['--expose-gc', runner, file], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
