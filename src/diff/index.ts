import type { Classification } from './types.ts';
import { presentationFree } from './presentation.ts';
import { readableDiff } from './readable.ts';

export type { ChangeKind, Classification, DiffHunk, ReadableDiff, WordPart } from './types.ts';
export { presentationFree } from './presentation.ts';
export { readableDiff } from './readable.ts';
export { renderDiffText } from './render.ts';

/**
 * Compares two extractions. Identical Markdown is noise (the extractor already removed page noise); equal words
 * once presentation is removed is a formatting change; anything else (a word, a number, a cited link target) is
 * substantive.
 */
export function classify(previousMarkdown: string | undefined, nextMarkdown: string): Classification {
  if (previousMarkdown === undefined) return { kind: 'first' };
  if (previousMarkdown === nextMarkdown) return { kind: 'noise' };
  const diff = readableDiff(previousMarkdown, nextMarkdown);
  if (diff.hunks.length === 0 && !diff.truncated) return { kind: 'noise' };
  const same = presentationFree(previousMarkdown) === presentationFree(nextMarkdown);
  return { kind: same ? 'formatting' : 'substantive', diff };
}
