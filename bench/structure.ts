import { diffStructure } from '../src/summarize/structure/index.ts';
import { summarizeChange } from '../src/summarize/index.ts';
import { atMost, exitWithMisses, report } from './targets.ts';

/**
 * The structure diff (tables by row, lists by item, sections by heading) runs on every substantive change of documents
 * up to about 1 MB of Markdown. It must grow about linearly with the document: CPU per MB at 1 MB against 100 kB,
 * for a small edit and for a rewrite where nothing matches. Figures only.
 */

const SCALING_TARGET = 1.5;

function page(bytes: number, variant: number): string {
  const blocks: string[] = ['# Policy'];
  let n = 0;
  const word = (i: number) => `w${(i * 7919 + variant * 104729) % 50000}`;
  while (blocks.join('\n\n').length < bytes) {
    const s = n++;
    blocks.push(`## ${s}. Section ${word(s)}`);
    blocks.push(`We keep ${word(s + 1)} data for ${(s % 30) + 1} days and share it with ${word(s + 2)} partners only when you agree.`);
    blocks.push(Array.from({ length: 6 }, (_, i) => `- Item ${word(s * 10 + i)} about ${word(s * 10 + i + 3)} and more`).join('\n'));
    if (s % 5 === 0) {
      const rows = Array.from({ length: 40 }, (_, i) => `| vendor-${s}-${i}${variant > 1 ? `-${variant}` : ''} | ${word(i)} purpose | Country ${i % 12} |`);
      blocks.push(['| Vendor | Purpose | Location |', '| --- | --- | --- |', ...rows].join('\n'));
    }
  }
  return `${blocks.join('\n\n')}\n`;
}

/** A few edits: one row changed, one row added, one item removed, one section renamed. */
function edit(markdown: string): string {
  return markdown
    .replace('| vendor-0-3 | ', '| vendor-0-3 | changed ')
    .replace('| vendor-0-5 |', '| vendor-0-new | new purpose | Country 1 |\n| vendor-0-5 |')
    .replace(/^- Item .*$/m, '')
    .replace(/^## 3\. Section .*$/m, '## 3. A renamed section');
}

function cpu(fn: () => void): number {
  fn(); // warm up
  const start = process.cpuUsage();
  const runs = 3;
  for (let i = 0; i < runs; i++) fn();
  const t = process.cpuUsage(start);
  return (t.user + t.system) / 1000 / runs;
}

export function main(): void {
  for (const [label, make] of [
    ['small edit', (md: string) => edit(md)],
    ['rewrite', (_md: string, size: number) => page(size, 2)],
  ] as const) {
    const perMb: number[] = [];
    for (const size of [100_000, 1_000_000]) {
      const before = page(size, 1);
      const after = make(before, size);
      const structure = cpu(() => diffStructure(before, after));
      const whole = cpu(() => summarizeChange({ title: 'Policy' }, before, after));
      const mb = before.length / 1e6;
      perMb.push(structure / mb);
      console.log(`structure diff, ${label}, ${(mb * 1000).toFixed(0)} kB: ${structure.toFixed(0)} ms CPU (${(structure / mb).toFixed(0)} ms/MB); whole summary ${whole.toFixed(0)} ms`);
    }
    const ratio = (perMb[1] as number) / (perMb[0] as number);
    report(`structure diff, ${label}: CPU/MB 1 MB vs 100 kB`, ratio, atMost(SCALING_TARGET));
  }
  exitWithMisses();
}

if (process.argv[1]?.endsWith('structure.ts')) main();
