import type { ReadableDiff, WordPart } from './types.ts';

/** Renderings of a ReadableDiff for notifiers. Page text is untrusted: the Markdown form escapes it. */

function wordsText(parts: WordPart[]): string {
  return parts.map((p) => (p.op === 'equal' ? p.text : p.op === 'delete' ? `[-${p.text}-]` : `{+${p.text}+}`)).join('');
}

/** Plain text: one paragraph per changed block, "[-removed-]{+added+}" marks. */
export function renderDiffText(diff: ReadableDiff): string {
  const out: string[] = [];
  for (const h of diff.hunks) out.push(`${h.section ? `§ ${h.section}\n` : ''}${wordsText(h.words)}`);
  if (diff.truncated) out.push('… (diff truncated)');
  return out.join('\n\n');
}
