import { diffArrays, diffWordsWithSpace } from 'diff';
import type { DiffHunk, ReadableDiff, WordPart } from './types.ts';

/** A readable, size-capped diff: changed blocks (Markdown lines) with word marks and their section heading. */

export const MAX_HUNKS = 40;
export const MAX_HUNK_CHARS = 4000;

interface Line {
  text: string;
  section: string | undefined;
}

function lines(markdown: string): Line[] {
  const out: Line[] = [];
  let section: string | undefined;
  for (const raw of markdown.split('\n')) {
    const text = raw.trimEnd();
    if (!text.trim() || /^\|?\s*:?-{3,}/.test(text.trim())) continue;
    const heading = /^#{1,6}\s+(.*)$/.exec(text);
    out.push({ text, section });
    if (heading?.[1]) section = heading[1];
  }
  return out;
}

function clip(text: string): string {
  return text.length > MAX_HUNK_CHARS ? `${text.slice(0, MAX_HUNK_CHARS)}…` : text;
}

function words(before: string, after: string): WordPart[] {
  if (!before) return after ? [{ op: 'insert', text: after }] : [];
  if (!after) return [{ op: 'delete', text: before }];
  return diffWordsWithSpace(before, after).map((c) => ({
    op: c.added ? 'insert' : c.removed ? 'delete' : 'equal',
    text: c.value,
  }));
}

export function readableDiff(previous: string, next: string): ReadableDiff {
  const a = lines(previous);
  const b = lines(next);
  const changes = diffArrays(
    a.map((l) => l.text),
    b.map((l) => l.text),
  );
  const hunks: DiffHunk[] = [];
  const stats = { added: 0, removed: 0, changed: 0 };
  let ia = 0;
  let ib = 0;
  let removed: Line[] = [];
  const push = (before: string, after: string, section: string | undefined): void => {
    if (before && after) stats.changed++;
    else if (after) stats.added++;
    else stats.removed++;
    if (hunks.length < MAX_HUNKS) {
      const b1 = clip(before);
      const a1 = clip(after);
      hunks.push({ ...(section ? { section } : {}), before: b1, after: a1, words: words(b1, a1) });
    }
  };
  const flushRemoved = (): void => {
    for (const r of removed) push(r.text, '', r.section);
    removed = [];
  };
  for (const change of changes) {
    const count = change.value.length;
    if (change.removed) {
      flushRemoved();
      removed = a.slice(ia, ia + count);
      ia += count;
    } else if (change.added) {
      const added = b.slice(ib, ib + count);
      ib += count;
      // Pair removed and added blocks in order: an edited paragraph shows as one hunk with word marks.
      const pairs = Math.max(removed.length, added.length);
      for (let i = 0; i < pairs; i++) {
        const r = removed[i];
        const n = added[i];
        push(r?.text ?? '', n?.text ?? '', n?.section ?? r?.section);
      }
      removed = [];
    } else {
      flushRemoved();
      ia += count;
      ib += count;
    }
  }
  flushRemoved();
  const total = stats.added + stats.removed + stats.changed;
  return { hunks, truncated: total > hunks.length || hunks.some((h) => h.before.endsWith('…') || h.after.endsWith('…')), stats };
}
