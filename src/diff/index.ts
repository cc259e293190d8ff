import type { Classification } from './types.ts';
import { CLASSIFICATION_RULES } from './rules.ts';
import { readableDiff } from './readable.ts';
import { classifyWithoutDiff } from './trivial.ts';

export type { ChangeKind, Classification, DiffHunk, ReadableDiff, WordPart } from './types.ts';
export type { ClassificationRule } from './rules.ts';
export { CLASSIFICATION_RULES } from './rules.ts';
export { presentationFree } from './presentation.ts';
export { setAsideStamps } from './stamps.ts';
export { readableDiff } from './readable.ts';
export { renderDiffText } from './render.ts';

/**
 * Compares two extractions. Identical Markdown is noise (the extractor already removed page noise); then the named
 * classification rules (rules.ts) say what a difference is when it is not a change of policy: a date stamp that
 * came, went or was re-dated is noise, the same words in other presentation are formatting; anything else (a word,
 * a number, a cited link target, a stated effective date) is substantive.
 */
export function classify(previousMarkdown: string | undefined, nextMarkdown: string): Classification {
  // A first record or the same text needs no diff (trivial.ts answers those); past it, both texts are there.
  const trivial = classifyWithoutDiff(previousMarkdown, nextMarkdown);
  if (trivial || previousMarkdown === undefined) return trivial ?? { kind: 'first' };
  const diff = readableDiff(previousMarkdown, nextMarkdown);
  if (diff.hunks.length === 0 && !diff.truncated) return { kind: 'noise' };
  for (const rule of CLASSIFICATION_RULES) {
    const kind = rule.judge(previousMarkdown, nextMarkdown);
    if (kind === 'noise') return { kind, rule: rule.id };
    if (kind) return { kind, rule: rule.id, diff };
  }
  return { kind: 'substantive', diff };
}
