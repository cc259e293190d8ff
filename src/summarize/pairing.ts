import type { Sentence } from './sentences.ts';

/** Two sentences this similar (token-set Dice) are one sentence that was edited, not one removed and one added. */
const PAIR_MIN_SIMILARITY = 0.5;
/** Shared opening and closing tokens that make two sentences one edited sentence, with PAIR_MIN_SIMILARITY of the shorter. */
const PAIR_MIN_ENDS = 4;
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
  // A sentence whose middle was rewritten keeps its opening and closing words ("You can contact our Data Protection
  // Officer: <entity, address> → at <address>"): same section, and the shared ends cover half the shorter one.
  const ends: Array<[number, number, number]> = [];
  removed.forEach((r, i) => {
    if (usedOld.has(i)) return;
    added.forEach((n, j) => {
      if (usedNew.has(j) || r.section !== n.section || (r.kind === 'heading') !== (n.kind === 'heading')) return;
      const shared = sharedEnds(r.tokens, n.tokens);
      const shorter = Math.min(r.tokens.length, n.tokens.length);
      if (shared >= PAIR_MIN_ENDS && shared / shorter >= PAIR_MIN_SIMILARITY) ends.push([shared / shorter, i, j]);
    });
  });
  ends.sort((x, y) => y[0] - x[0] || x[1] - y[1] || x[2] - y[2]);
  for (const [, i, j] of ends) {
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

function sharedEnds(a: readonly string[], b: readonly string[]): number {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  return head + tail;
}

export interface Swap<T extends { deleted: string; inserted: string } = { deleted: string; inserted: string }> {
  deleted: string;
  inserted: string;
  count: number;
  /** The first edit of the kind, as found (with whatever the caller attached to it). */
  first: T;
}

const compactWord = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
const words = (text: string) => text.split(/\s+/).filter((w) => compactWord(w) !== '').length;
/** A phrase this long repeated is a rename ("AI at Meta" → "our features that are part of AI at Meta"). */
const MAX_SWAP_WORDS = 6;

/**
 * An edit repeated across sentences ("Notice" → "Policy", ", x.ai" added after ".grok.com"): reported once, with its
 * count, not in every sentence.
 */
export function repeatedSwaps<T extends { deleted: string; inserted: string }>(editLists: ReadonlyArray<readonly T[]>, min = 2): Array<Swap<T>> {
  const counts = new Map<string, Swap<T>>();
  for (const edits of editLists) {
    for (const edit of edits) {
      // Numbers are facts: "30" → "90" in two sentences is two fact changes, not a rename.
      if ((!edit.deleted && !edit.inserted) || /\d/.test(edit.deleted + edit.inserted)) continue;
      if (words(edit.deleted) > MAX_SWAP_WORDS || words(edit.inserted) > MAX_SWAP_WORDS) continue;
      const key = `${compactWord(edit.deleted)}\u0000${compactWord(edit.inserted)}`;
      const swap = counts.get(key);
      if (swap) swap.count++;
      else counts.set(key, { deleted: edit.deleted, inserted: edit.inserted, count: 1, first: edit });
    }
  }
  return [...counts.values()].filter((swap) => swap.count >= min);
}

/** The edit says nothing beyond the repeated swaps (also when a swap occurs twice in it: 'notice ("Notice' ). */
export function coveredBySwaps(edit: { deleted: string; inserted: string }, swaps: ReadonlyArray<Pick<Swap, 'deleted' | 'inserted'>>): boolean {
  if (swaps.length === 0) return false;
  const key = `${compactWord(edit.deleted)}\u0000${compactWord(edit.inserted)}`;
  if (swaps.some((swap) => `${compactWord(swap.deleted)}\u0000${compactWord(swap.inserted)}` === key)) return true;
  let text = edit.deleted;
  for (const swap of swaps) {
    if (!swap.deleted) continue;
    text = text.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escape(swap.deleted)}(?![\\p{L}\\p{N}])`, 'giu'), swap.inserted);
  }
  return text !== edit.deleted && compactWord(text) === compactWord(edit.inserted);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
