import type { Classification } from './types.ts';

/**
 * What two extractions are without a diff: a first record, or the same Markdown (noise: the extractor already
 * removed the page's noise). Undefined when they differ, and classify() runs the diff and its rules. A module of its
 * own, so a run whose pages are first records or unchanged (a server without ETags answers 200 with the same page)
 * loads neither the diff nor the change summary.
 */
export function classifyWithoutDiff(previousMarkdown: string | undefined, nextMarkdown: string): Classification | undefined {
  if (previousMarkdown === undefined) return { kind: 'first' };
  if (previousMarkdown === nextMarkdown) return { kind: 'noise' };
  return undefined;
}
