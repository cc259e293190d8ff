import { diffWords } from 'diff';
import type { Sentence } from './sentences.ts';

/** Two sentences this similar (token-set Dice) are one sentence that was edited, not one removed and one added. */
const PAIR_MIN_SIMILARITY = 0.5;
/** Tokens this common carry no signal for pairing and make the index quadratic. */
const COMMON_TOKEN_SHARE = 0.2;

export interface Pair {
  before: Sentence;
  after: Sentence;
}

export interface Pairing {
  pairs: Pair[];
  removed: Sentence[];
  added: Sentence[];
}

/** Pairs removed with added sentences, best matches first; headings pair only with headings. */
export function pairSentences(removed: readonly Sentence[], added: readonly Sentence[]): Pairing {
  const sets = (list: readonly Sentence[]) => list.map((s) => new Set(s.tokens));
  const oldSets = sets(removed);
  const newSets = sets(added);
  const index = new Map<string, number[]>();
  oldSets.forEach((set, i) => {
    for (const token of set) {
      const list = index.get(token);
      if (list) list.push(i);
      else index.set(token, [i]);
    }
  });
  const common = Math.max(8, removed.length * COMMON_TOKEN_SHARE);
  const candidates: Array<[number, number, number]> = [];
  newSets.forEach((set, j) => {
    const shared = new Map<number, number>();
    for (const token of set) {
      const list = index.get(token);
      if (!list || list.length > common) continue;
      for (const i of list) shared.set(i, (shared.get(i) ?? 0) + 1);
    }
    for (const i of shared.keys()) {
      const a = oldSets[i] as Set<string>;
      if ((removed[i]?.kind === 'heading') !== (added[j]?.kind === 'heading')) continue;
      let both = 0;
      for (const token of set) if (a.has(token)) both++;
      const dice = (2 * both) / (a.size + set.size);
      if (dice >= PAIR_MIN_SIMILARITY) candidates.push([dice, i, j]);
    }
  });
  candidates.sort((x, y) => y[0] - x[0] || x[1] - y[1] || x[2] - y[2]);
  const usedOld = new Set<number>();
  const usedNew = new Set<number>();
  const pairs: Array<Pair & { order: number }> = [];
  for (const [, i, j] of candidates) {
    if (usedOld.has(i) || usedNew.has(j)) continue;
    usedOld.add(i);
    usedNew.add(j);
    pairs.push({ before: removed[i] as Sentence, after: added[j] as Sentence, order: j });
  }
  pairs.sort((a, b) => a.order - b.order);
  return {
    pairs: pairs.map(({ before, after }) => ({ before, after })),
    removed: removed.filter((_, i) => !usedOld.has(i)),
    added: added.filter((_, j) => !usedNew.has(j)),
  };
}

/** One contiguous edit inside a sentence: words deleted and/or inserted at the same place. */
export interface Edit {
  deleted: string;
  inserted: string;
}

/** The edits between two versions of a sentence, with edits split only by punctuation or spaces merged. */
export function editsBetween(before: string, after: string): Edit[] {
  const edits: Edit[] = [];
  let current: Edit | undefined;
  let gap = '';
  for (const part of diffWords(before, after, { ignoreCase: true })) {
    if (!part.added && !part.removed) {
      if (current && /^[\s\p{P}]*$/u.test(part.value) && part.value.length <= 3) {
        gap = part.value;
        continue;
      }
      if (current) edits.push(current);
      current = undefined;
      gap = '';
      continue;
    }
    current ??= { deleted: '', inserted: '' };
    if (gap) {
      current.deleted += gap;
      current.inserted += gap;
      gap = '';
    }
    if (part.removed) current.deleted += part.value;
    else current.inserted += part.value;
  }
  if (current) edits.push(current);
  return edits.map((e) => ({ deleted: tidy(e.deleted), inserted: tidy(e.inserted) }));
}

function tidy(text: string): string {
  return text.replace(/\s+/g, ' ').replace(/^[\s,;:]+|[\s,;:]+$/gu, '');
}

const compactWord = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/** Hyphenation, punctuation, case and British/American spelling: a reader would not call these a change. */
export function isCosmetic(edit: Edit): boolean {
  const a = compactWord(edit.deleted);
  const b = compactWord(edit.inserted);
  if (a === b) return true;
  if (/\d/.test(a + b) || a.length < 5 || b.length < 5) return false;
  if (edit.deleted.includes(' ') || edit.inserted.includes(' ')) return false;
  return levenshtein(a, b) <= 2;
}

function levenshtein(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next.push(Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + cost));
    }
    row = next;
  }
  return row[b.length] as number;
}

export interface Swap {
  deleted: string;
  inserted: string;
  count: number;
}

/** A word swap repeated across sentences ("Notice" → "Policy"): reported once, not in every sentence. */
export function repeatedSwaps(editLists: ReadonlyArray<readonly Edit[]>, min = 2): Swap[] {
  const counts = new Map<string, Swap>();
  for (const edits of editLists) {
    for (const edit of edits) {
      // Numbers are facts: "30" → "90" in two sentences is two fact changes, not a rename.
      if (!edit.deleted || !edit.inserted || /\d/.test(edit.deleted + edit.inserted)) continue;
      if (edit.deleted.split(' ').length > 3 || edit.inserted.split(' ').length > 3) continue;
      const key = `${compactWord(edit.deleted)}\u0000${compactWord(edit.inserted)}`;
      const swap = counts.get(key);
      if (swap) swap.count++;
      else counts.set(key, { deleted: edit.deleted, inserted: edit.inserted, count: 1 });
    }
  }
  return [...counts.values()].filter((swap) => swap.count >= min);
}

/** The edit says nothing beyond the repeated swaps (also when a swap occurs twice in it: 'notice ("Notice' ). */
export function coveredBySwaps(edit: Edit, swaps: readonly Swap[]): boolean {
  if (swaps.length === 0) return false;
  let text = edit.deleted;
  for (const swap of swaps) text = text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escape(swap.deleted)}(?![\\p{L}\\p{N}])`, 'giu'), swap.inserted);
  return compactWord(text) === compactWord(edit.inserted);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
