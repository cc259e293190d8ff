import { terminalLine } from '../untrusted/index.ts';
import type { ImportPlan } from './plan.ts';

const MARK = { new: '+', updated: '~', unchanged: '=', moved: '>' } as const;
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const safe = (s: string) => terminalLine(s);

/** The plan as a person reads it: claims by document, then what was set aside, left out or not placed. */
export function renderPlan(
  plan: ImportPlan,
  meta: { source: string; dryRun: boolean; written: string[]; titles: ReadonlyMap<string, string>; prune: boolean },
): string {
  const docs = [...new Set(plan.claims.map((c) => c.docId))];
  const count = (action: keyof typeof MARK) => plan.claims.filter((c) => c.action === action).length;
  const lines = [
    `${safe(meta.source)}: ${plan.quotes} quotes → ${plan.claims.length} claims on ${docs.length} documents ` +
      `(${count('new')} new, ${count('updated')} updated, ${count('moved')} moved, ${count('unchanged')} unchanged); ` +
      `${plan.setAside.length} set aside, ${plan.unassigned.length} unassigned`,
    '',
    `Claims (${plan.claims.length}):`,
  ];
  for (const docId of docs) {
    const added = plan.newDocuments.find((d) => d.id === docId);
    const title = meta.titles.get(docId) ?? added?.title ?? docId;
    lines.push(`  ${safe(title)} (${docId})${added ? ` [new document: ${safe(added.url)} → documents/${added.file}]` : ''}`);
    for (const c of plan.claims.filter((x) => x.docId === docId)) {
      const kind = c.kind === 'label' ? ', label' : '';
      const how = c.placedBy === 'config' ? '' : ` (placed by ${c.placedBy})`;
      lines.push(`    ${MARK[c.action]} #${c.n} ${c.id} [${c.topic}${kind}]${how} §${safe(cut(c.guide.section || '(top)', 40))}`);
      lines.push(`        “${safe(cut(c.quote, 110))}”${c.match ? `  match: “${safe(cut(c.match, 60))}”` : ''}`);
      if (c.previousQuote) lines.push(`        was: “${safe(cut(c.previousQuote, 100))}”`);
      if (c.fromDoc) lines.push(`        moved from ${c.fromDoc}: its stored snapshot does not contain it`);
    }
  }
  if (plan.effectiveDates.length > 0) {
    lines.push('', 'Effective dates the guide states:');
    for (const d of plan.effectiveDates) lines.push(`  ${d.action === 'unchanged' ? '=' : d.action === 'new' ? '+' : '~'} ${d.docId}: ${d.effectiveDate} (“${safe(d.stated)}”${d.section ? `, §${safe(d.section)}` : ''})`);
  }
  if (plan.setAside.length > 0) {
    lines.push('', `Set aside (${plan.setAside.length}):`);
    for (const s of plan.setAside) lines.push(`  #${s.quote.n} ${s.kind}: “${safe(cut(s.quote.text, 70))}”: ${safe(s.reason)}`);
  }
  const left = plan.left.filter((l) => l.fromGuide);
  const handWritten = plan.left.filter((l) => !l.fromGuide);
  if (left.length > 0) {
    lines.push('', `Left the guide (${left.length})${meta.prune ? ': removed (--prune)' : ': kept; --prune removes them'}:`);
    for (const l of left) lines.push(`  ${l.docId}/${l.id}: “${safe(cut(l.quote, 90))}”`);
  }
  if (handWritten.length > 0) {
    lines.push('', `Configured claims the guide does not quote (${handWritten.length}, kept: not imported from the guide):`);
    for (const l of handWritten) lines.push(`  ${l.docId}/${l.id}: “${safe(cut(l.quote, 90))}”`);
  }
  if (plan.unassigned.length > 0) {
    lines.push('', `Unassigned (${plan.unassigned.length}):`);
    for (const u of plan.unassigned) lines.push(`  #${u.n} “${safe(cut(u.quote, 90))}” §${safe(u.section)}`, `      fix: ${safe(u.fix)}`);
  }
  lines.push(
    '',
    meta.written.length === 0
      ? 'The config already says all this: nothing to write.'
      : `${meta.dryRun ? 'Dry run: would write' : 'Wrote'} ${meta.written.map((f) => `documents/${f}`).join(', ')}.`,
  );
  return lines.join('\n') + '\n';
}
