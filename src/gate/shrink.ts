import { DOCUMENT, type Verdict } from './verdict.ts';

/** Below this many words a page is too small for a shrink to mean anything. */
const SHRINK_MIN_WORDS = 120;
/** The share of the old text the new one must keep. */
const SHRINK_KEEPS = 0.4;

const words = (s: string) => s.split(/\s+/).filter(Boolean).length;

/**
 * A drastic loss of text: the new version keeps less than 40% of a text that had a real size. Broken renders and
 * half-served pages look like this far more often than real rewrites do, so the change waits for a second sighting.
 * Judged only for a substantive change (a presentation change keeps the words).
 */
export function judgeChange(input: { before: string; after: string }): Verdict {
  const old = words(input.before);
  return old >= SHRINK_MIN_WORDS && words(input.after) < old * SHRINK_KEEPS ? { kind: 'undecided', why: 'drastic-shrink' } : DOCUMENT;
}
