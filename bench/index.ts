import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * `npm run bench [name ...]`: prints figures and ratios against the targets, never asserts (speed is watched here,
 * not in tests). Each bench runs in a process of its own, so its peak RSS is its own. Every figure with a target is
 * printed beside it and marked met or MISSED (bench/targets.ts); a bench with a miss exits 1, and the list of them
 * ends the output. The built CLI's benches (startup, side-by-side, check, replay) build dist/ first.
 */
const benches = ['startup', 'side-by-side', 'replay', 'check', 'fetch', 'browser', 'serve', 'email', 'soak', 'structure'];
const usesBuild = new Set(['startup', 'side-by-side', 'check', 'replay']);
const root = fileURLToPath(new URL('..', import.meta.url));
const runner = fileURLToPath(new URL('../bin/run-ts.mjs', import.meta.url));

const only = process.argv.slice(2);
const chosen = benches.filter((name) => only.length === 0 || only.includes(name));
if (chosen.some((name) => usesBuild.has(name))) {
  const build = spawnSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url)), '--quiet'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}
const missed: string[] = [];
for (const name of chosen) {
  const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  if (!existsSync(file)) continue;
  console.log(`\n## ${name}`);
  const result = spawnSync(process.execPath, ['--expose-gc', runner, file], { stdio: 'inherit' });
  if (result.status !== 0) missed.push(name);
}
console.log(missed.length > 0 ? `\nbenches with a missed target (or a failure): ${missed.join(', ')}` : '\nevery target met');
process.exitCode = missed.length > 0 ? 1 : 0;
