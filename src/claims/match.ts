import { diffArrays } from 'diff';
import { compact, passage, tokenize, toPlainText } from '../text/index.ts';
import type { Compact, TextOptions, Token } from '../text/index.ts';
import { formText, LONG_GAP, parseMatchForm, SHORT_GAP } from './form.ts';
import type { FormPart } from './form.ts';

/**
 * Finds a quote in a document. Exact (after folding) is one indexOf over the compacted text; when that fails, a
 * sliding window scores token overlap in O(n) per quote, and only the best few windows get a real alignment.
 */

/** Below this the closest passage is too far from the quote to call it a rewording: the claim is missing. */
export const REWORDED_MIN_SIMILARITY = 0.6;

const CANDIDATES = 6;

export interface PreparedText {
  plain: string;
  tokens: Token[];
  compact: Compact;
  ids: Int32Array;
  vocabulary: Map<string, number>;
  startAt: Map<number, number>;
  endAt: Map<number, number>;
}

export function prepareText(markdown: string, options: TextOptions = {}): PreparedText {
  const plain = toPlainText(markdown, options);
  const tokens = tokenize(plain);
  const packed = compact(tokens);
  const vocabulary = new Map<string, number>();
  const ids = new Int32Array(tokens.length);
  tokens.forEach((token, i) => (ids[i] = intern(vocabulary, token.text)));
  const startAt = new Map<number, number>();
  const endAt = new Map<number, number>();
  packed.starts.forEach((at, i) => startAt.set(at, i));
  packed.ends.forEach((at, i) => endAt.set(at, i));
  return { plain, tokens, compact: packed, ids, vocabulary, startAt, endAt };
}

function intern(vocabulary: Map<string, number>, text: string): number {
  let id = vocabulary.get(text);
  if (id === undefined) {
    id = vocabulary.size;
    vocabulary.set(text, id);
  }
  return id;
}

export interface QuoteMatch {
  exact: boolean;
  /** 0..1, 1 when exact. */
  similarity: number;
  /** The matched or closest passage, as plain text. */
  wording?: string;
}

export function matchQuote(text: PreparedText, quote: string, options: TextOptions = {}): QuoteMatch {
  const quoteTokens = tokenize(toPlainText(quote, options));
  if (quoteTokens.length === 0 || text.tokens.length === 0) return { exact: false, similarity: 0 };
  const exact = findExact(text, compact(quoteTokens).text);
  if (exact) return { exact: true, similarity: 1, wording: span(text, exact[0], exact[1]) };
  return closest(text, quoteTokens);
}

/** Token range [first, last] of an occurrence that starts and ends on token boundaries. */
function findExact(text: PreparedText, needle: string): [number, number] | undefined {
  return occurrences(text, needle, 0).next().value;
}

/** Every token-bounded occurrence of a compacted needle that starts at token `fromToken` or later, in order. */
function* occurrences(text: PreparedText, needle: string, fromToken: number): Generator<[number, number]> {
  if (needle === '' || fromToken >= text.tokens.length) return;
  const from = text.compact.starts[fromToken] ?? text.compact.text.length;
  for (let at = text.compact.text.indexOf(needle, from); at !== -1; at = text.compact.text.indexOf(needle, at + 1)) {
    const first = text.startAt.get(at);
    const last = text.endAt.get(at + needle.length);
    if (first !== undefined && last !== undefined) yield [first, last];
  }
}

export interface ClaimToMatch {
  quote: string;
  /** The tolerant matching form (see form.ts); the quote is matched as it is without one. */
  match?: string;
  kind?: 'quote' | 'label' | undefined;
}

/**
 * Finds a configured claim: its matching form when it has one (every part, in order, within the gaps the marks
 * allow), else the quote. A label is there or not: it is never "reworded".
 */
export function matchClaim(text: PreparedText, claim: ClaimToMatch, options: TextOptions = {}): QuoteMatch {
  const parts = claim.match === undefined ? undefined : parseMatchForm(claim.match);
  let found: QuoteMatch;
  if (!parts || parts.length <= 1) {
    found = matchQuote(text, parts?.[0]?.text ?? claim.quote, options);
  } else {
    const range = findParts(text, parts, options);
    found = range
      ? { exact: true, similarity: 1, wording: span(text, range[0], range[1]) }
      : matchQuote(text, formText(parts), options);
    // The words run on only across a paragraph break, which the form does not allow: close, but not the quote.
    if (range === undefined && found.exact) found = { ...found, exact: false, similarity: 0.99 };
  }
  if (claim.kind === 'label' && !found.exact) return { exact: false, similarity: found.similarity };
  return found;
}

/** Token range from the first part's start to the last part's end, when all parts are there in order. */
function findParts(text: PreparedText, parts: readonly FormPart[], options: TextOptions): [number, number] | undefined {
  const needles = parts.map((p) => compact(tokenize(toPlainText(p.text, options))).text);
  const search = (index: number, after: number): number | undefined => {
    if (index === parts.length) return after;
    const gap = parts[index]?.gapBefore === 'short' ? SHORT_GAP : LONG_GAP;
    for (const [first, last] of occurrences(text, needles[index] ?? '', after + 1)) {
      if (first - after - 1 > gap) break;
      if (hasNewlineBetween(text, after, first)) break;
      const end = search(index + 1, last);
      if (end !== undefined) return end;
    }
    return undefined;
  };
  for (const [first, last] of occurrences(text, needles[0] ?? '', 0)) {
    const end = search(1, last);
    if (end !== undefined) return [first, end];
  }
  return undefined;
}

function span(text: PreparedText, first: number, last: number): string {
  const a = text.tokens[first];
  const b = text.tokens[last];
  return a && b ? passage(text.plain, a.start, b.end) : '';
}

function closest(text: PreparedText, quoteTokens: readonly Token[]): QuoteMatch {
  // Quote tokens unknown to the document get fresh ids: they can never match, but they still count in the length.
  const unknown = new Map<string, number>();
  const quoteIds = quoteTokens.map((t) => text.vocabulary.get(t.text) ?? intern(unknown, t.text) * -1 - 1);
  let best: QuoteMatch = { exact: false, similarity: 0 };
  for (const start of bestWindows(text.ids, quoteIds, text.vocabulary.size)) {
    const candidate = align(text, quoteIds, start);
    if (candidate.similarity > best.similarity) best = candidate;
  }
  return best.similarity >= REWORDED_MIN_SIMILARITY ? best : { exact: false, similarity: best.similarity };
}

/** Starts of the windows (quote-length) sharing the most tokens with the quote, spaced apart. */
function bestWindows(ids: Int32Array, quoteIds: readonly number[], vocabularySize: number): number[] {
  const m = quoteIds.length;
  // Counts indexed by token id; quote words the page never uses (negative ids) cannot overlap and are left out.
  const want = new Int32Array(vocabularySize);
  for (const id of quoteIds) if (id >= 0) want[id] = (want[id] as number) + 1;
  const have = new Int32Array(vocabularySize);
  const overlapAt = new Int32Array(Math.max(0, ids.length - m + 1));
  let overlap = 0;
  let best = 0;
  for (let i = 0; i < ids.length; i++) {
    const add = ids[i] as number;
    if ((have[add] as number) < (want[add] as number)) overlap++;
    have[add] = (have[add] as number) + 1;
    if (i >= m) {
      const drop = ids[i - m] as number;
      have[drop] = (have[drop] as number) - 1;
      if ((have[drop] as number) < (want[drop] as number)) overlap--;
    }
    if (i >= m - 1) {
      overlapAt[i - m + 1] = overlap;
      if (overlap > best) best = overlap;
    }
  }
  if (ids.length < m) return overlap > 0 ? [0] : [];
  if (best === 0) return [];
  const scored: Array<[number, number]> = [];
  const floor = Math.max(1, Math.floor(best * 0.6));
  overlapAt.forEach((n, start) => {
    if (n >= floor) scored.push([n, start]);
  });
  scored.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const picked: number[] = [];
  const gap = Math.max(1, Math.floor(m / 2));
  for (const [, start] of scored) {
    if (picked.every((p) => Math.abs(p - start) >= gap)) picked.push(start);
    if (picked.length >= CANDIDATES) break;
  }
  return picked;
}

/** Aligns the quote within a region around a window; trims to the aligned passage and scores it (Dice on LCS). */
function align(text: PreparedText, quoteIds: readonly number[], start: number): QuoteMatch {
  const m = quoteIds.length;
  const from = Math.max(0, start - Math.ceil(m / 2));
  const to = Math.min(text.ids.length, start + m + Math.ceil(m / 2));
  const region = Array.from(text.ids.subarray(from, to));
  let q = 0;
  let r = 0;
  let matched = 0;
  let firstQ = -1;
  let lastQ = -1;
  let firstR = -1;
  let lastR = -1;
  for (const part of diffArrays(quoteIds as number[], region)) {
    const n = part.count;
    if (part.added) r += n;
    else if (part.removed) q += n;
    else {
      if (firstR < 0) [firstQ, firstR] = [q, r];
      matched += n;
      q += n;
      r += n;
      [lastQ, lastR] = [q - 1, r - 1];
    }
  }
  if (matched === 0) return { exact: false, similarity: 0 };
  // Quote words missing at either edge were most likely replaced there ("30 days" → "30 weeks"): show them.
  let first = from + firstR - firstQ;
  let last = from + lastR + (m - 1 - lastQ);
  first = Math.max(sameLineStart(text, from + firstR, first), 0);
  last = Math.min(sameLineEnd(text, from + lastR, last), text.ids.length - 1);
  const similarity = (2 * matched) / (m + (last - first + 1));
  return { exact: false, similarity, wording: span(text, first, last) };
}

/** Moves `want` (≤ anchor) forward until it is on the anchor token's line. */
function sameLineStart(text: PreparedText, anchor: number, want: number): number {
  let i = Math.max(want, 0);
  while (i < anchor && hasNewlineBetween(text, i, anchor)) i++;
  return i;
}

function sameLineEnd(text: PreparedText, anchor: number, want: number): number {
  let i = Math.min(want, text.tokens.length - 1);
  while (i > anchor && hasNewlineBetween(text, anchor, i)) i--;
  return i;
}

function hasNewlineBetween(text: PreparedText, a: number, b: number): boolean {
  const start = text.tokens[a]?.end ?? 0;
  const end = text.tokens[b]?.start ?? 0;
  return text.plain.slice(start, end).includes('\n');
}
