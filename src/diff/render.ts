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

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()<>#+!|~]/g, '\\$&').replace(/@/g, '@\u200b');
}

/** GitHub-flavoured Markdown: section headings in bold, deletions struck through, insertions in bold. */
export function renderDiffMarkdown(diff: ReadableDiff): string {
  const out: string[] = [];
  for (const h of diff.hunks) {
    const body = h.words
      .map((p) => {
        const t = escapeMarkdown(p.text.replace(/\s+/g, ' '));
        if (p.op === 'equal' || !t.trim()) return t;
        const m = /^(\s*)(.*?)(\s*)$/s.exec(t);
        const [lead, core, trail] = [m?.[1] ?? '', m?.[2] ?? t, m?.[3] ?? ''];
        return p.op === 'delete' ? `${lead}~~${core}~~${trail}` : `${lead}**${core}**${trail}`;
      })
      .join('');
    out.push(`${h.section ? `**§ ${escapeMarkdown(h.section)}**\n\n` : ''}> ${body}`);
  }
  if (diff.truncated) out.push('_… diff truncated_');
  return out.join('\n\n');
}
