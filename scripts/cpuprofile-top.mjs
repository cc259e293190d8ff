#!/usr/bin/env node
// Summarizes a V8 CPU profile (node --cpu-prof) by self time per function: the top N entries, each with its share
// of the sampled time and where it is defined (file and line; dist chunks are hashed, so look the line up there).
//   node scripts/cpuprofile-top.mjs PROFILE.cpuprofile [N] [--by-file]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const args = process.argv.slice(2);
const byFile = args.includes('--by-file');
// --callers NAME: instead, the call paths (up to 6 frames) that led to the function NAME, by self time.
const callersOf = args.includes('--callers') ? args[args.indexOf('--callers') + 1] : undefined;
const [file, count = '20'] = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--callers');
if (!file) {
  console.error('usage: cpuprofile-top.mjs PROFILE.cpuprofile [N] [--by-file]');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
// timeDeltas[i] is the time before samples[i]: the time of a sample is its own delta.
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const frame = (id) => {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  return `${functionName || '(anonymous)'}${url ? ` ${basename(url)}:${lineNumber + 1}` : ''}`;
};
const totals = new Map();
if (callersOf) {
  for (const [id, us] of self) {
    if (byId.get(id).callFrame.functionName !== callersOf) continue;
    const path = [];
    for (let p = parent.get(id); p !== undefined && path.length < 6; p = parent.get(p)) path.push(frame(p));
    const key = path.join(' < ');
    totals.set(key, (totals.get(key) ?? 0) + us);
  }
}
for (const [id, us] of callersOf ? [] : self) {
  const { functionName, url, lineNumber } = byId.get(id).callFrame;
  const where = url ? `${basename(url)}${byFile ? '' : `:${lineNumber + 1}`}` : '';
  const key = byFile ? where || `(${functionName || 'native'})` : `${functionName || '(anonymous)'} ${where}`.trim();
  totals.set(key, (totals.get(key) ?? 0) + us);
}
console.log(`${basename(file)}: ${(total / 1000).toFixed(0)} ms sampled`);
for (const [key, us] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, Number(count))) {
  console.log(`${(us / 1000).toFixed(1).padStart(8)} ms ${((us / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
}
