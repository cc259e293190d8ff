import { diffArrays } from 'diff';
import { SPACE_RUNS } from '../shared/spaces.ts';
import { findFacts, shortUrl, STRONG_KINDS } from './facts.ts';
import type { Fact } from './facts.ts';

/**
 * An edited sentence said as a reader would say it: 'old' → 'new' with a few words of context, names kept whole
 * ("'ChatGPT Team' → 'ChatGPT Business'", "'OpenAI, L.L.C.' → 'OpenAI OpCo, LLC'", "'emailing us' → 'contacting
 * us'"), several edits in one sentence joined by "…" ("'will not use … opt in' → 'will use … opt out'").
 */

export interface Word {
  text: string;
  /** Compared across versions: letters and digits, lowercased ("L.L.C.," and "LLC" read the same). */
  key: string;
  start: number;
  end: number;
}

/** One contiguous edit: words [b0, b1) of the old sentence became words [a0, a1) of the new one. */
export interface WordEdit {
  b0: number;
  b1: number;
  a0: number;
  a1: number;
  deleted: string;
  inserted: string;
}

export interface SentenceDiff {
  before: string;
  after: string;
  bw: Word[];
  aw: Word[];
  /** Edits a reader would call a change (spelling, case, punctuation and hyphenation are left out). */
  edits: WordEdit[];
}

const key = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

export function wordsOf(text: string): Word[] {
  return [...text.matchAll(/\S+/gu)].map((m) => ({ text: m[0], key: key(m[0]), start: m.index, end: m.index + m[0].length }));
}

export function diffSentence(before: string, after: string): SentenceDiff {
  const bw = wordsOf(before);
  const aw = wordsOf(after);
  const parts = diffArrays(bw, aw, { comparator: (x: Word, y: Word) => x.key === y.key });
  const edits: WordEdit[] = [];
  let b = 0;
  let a = 0;
  let current: WordEdit | undefined;
  const close = () => {
    if (current) edits.push(current);
    current = undefined;
  };
  for (const part of parts) {
    const n = part.value.length;
    if (!part.added && !part.removed) {
      // Words with no letters or digits between two edits ("–", "&") do not separate them.
      if (current && part.value.every((w) => w.key === '')) {
        b += n;
        a += n;
        current.b1 = b;
        current.a1 = a;
        continue;
      }
      close();
      b += n;
      a += n;
      continue;
    }
    current ??= { b0: b, b1: b, a0: a, a1: a, deleted: '', inserted: '' };
    if (part.removed) b += n;
    else a += n;
    current.b1 = b;
    current.a1 = a;
  }
  close();
  // Two edits one word apart are one change of a phrase: "AI at [Meta]" → "[Meta] AI" reads as 'AI at Meta' → 'Meta AI'.
  for (let i = edits.length - 1; i > 0; i--) {
    const [first, second] = [edits[i - 1] as WordEdit, edits[i] as WordEdit];
    if (second.b0 - first.b1 === 1 && second.a0 - first.a1 === 1) {
      first.b1 = second.b1;
      first.a1 = second.a1;
      edits.splice(i, 1);
    }
  }
  for (const e of edits) {
    e.deleted = span(before, bw, e.b0, e.b1);
    e.inserted = span(after, aw, e.a0, e.a1);
  }
  return { before, after, bw, aw, edits: edits.filter((e) => !isCosmetic(e)) };
}

function span(text: string, words: readonly Word[], from: number, to: number): string {
  if (to <= from) return '';
  return text.slice(words[from]?.start ?? 0, words[to - 1]?.end ?? 0);
}

/** Hyphenation, punctuation, case and British/American spelling: a reader would not call these a change. */
export function isCosmetic(edit: { deleted: string; inserted: string }): boolean {
  // Also what only reads differently in Markdown's rendering: "(mailto:x@y.z)" is "x@y.z".
  const a = key(tidy(edit.deleted));
  const b = key(tidy(edit.inserted));
  if (a === b) return true;
  if (/\d/.test(a + b) || a.length < 5 || b.length < 5) return false;
  if (/\s/.test(edit.deleted.trim()) || /\s/.test(edit.inserted.trim())) return false;
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

const LEGAL = new Set(['inc', 'incorporated', 'llc', 'llp', 'lp', 'ltd', 'limited', 'gmbh', 'ag', 'sa', 'sas', 'sarl', 'bv', 'nv', 'pbc', 'corp', 'corporation', 'co', 'plc', 'pty', 'ulc', 'kk']);
const isLegal = (w: Word | undefined) => w !== undefined && LEGAL.has(w.key);
const isCapital = (w: Word | undefined) => w !== undefined && /^[^\p{L}\p{N}]*(?:\p{Lu}|\p{Ll}+\p{Lu})/u.test(w.text);
const endsSentence = (w: Word | undefined) => w !== undefined && /[.;:!?]["')\]]*$/u.test(w.text) && !/^(?:\p{L}\.)+$/u.test(w.text.replace(/[,)]+$/u, ''));
const endsClause = (w: Word | undefined) => w !== undefined && /[,.;:!?]["')\]]*$/u.test(w.text);

/** Facts shown whole when an edit touches part of them. */
const WHOLE_KINDS: ReadonlySet<string> = new Set(['default', 'opt', 'duration', 'amount', 'percent', 'age', 'date', 'phone', 'entity']);

/** Facts that say what they are without the words around them. */
const SELF_EXPLAINING: ReadonlySet<string> = new Set(['region', 'email', 'url', 'phone', 'address', 'entity', 'amount', 'date']);

interface Window {
  b0: number;
  b1: number;
  a0: number;
  a1: number;
}

/**
 * Widens an edit to whole names (a capitalized run, a legal form after it) and to at least two words on each side
 * that has words, right first (a verb's object), then left, never across the end of a clause.
 */
function widen(d: SentenceDiff, e: WordEdit, limits: { left: number; right: number }): Window {
  let left = 0;
  let right = 0;
  const bw = d.bw;
  const aw = d.aw;
  const touchesName = [...bw.slice(e.b0, e.b1), ...aw.slice(e.a0, e.a1)].some(isCapital);
  const lastInside = () => (right > 0 ? bw[e.b1 + right - 1] : (aw[e.a1 - 1] ?? bw[e.b1 - 1] ?? bw[e.b0 - 1]));
  if (touchesName || isLegal(bw[e.b1])) {
    // A legal form right after the name belongs to it: "OpenAI OpCo, LLC".
    while (right < limits.right && isLegal(bw[e.b1 + right]) && !endsSentence(lastInside())) right++;
    while (right < limits.right && !endsClause(lastInside()) && (isCapital(bw[e.b1 + right]) || isLegal(bw[e.b1 + right]))) right++;
    const legalInside = [...aw.slice(e.a0, e.a1), ...bw.slice(e.b1, e.b1 + right)].some(isLegal);
    while (left < limits.left) {
      const w = bw[e.b0 - left - 1];
      const w2 = aw[e.a0 - left - 1];
      if (!isCapital(w) || endsSentence(w) || ((endsClause(w) || endsClause(w2)) && !legalInside)) break;
      left++;
    }
  }
  // A fact the edit touches is shown whole on both sides: "off by default" → "on by default", "opt in" → "opt out".
  const whole = (text: string, list: readonly Word[], from: number, to: number) => {
    const start = list[from]?.start ?? list[from - 1]?.end ?? 0;
    const end = list[to - 1]?.end ?? start;
    for (const f of findFacts(text)) {
      if (!WHOLE_KINDS.has(f.kind) || f.end <= start || f.start >= end) continue;
      while (right < limits.right && to + right < list.length && (list[to + right]?.start ?? Infinity) < f.end) right++;
      while (left < limits.left && (list[from - left - 1]?.end ?? -Infinity) > f.start) left++;
    }
  };
  whole(d.before, bw, e.b0, e.b1);
  whole(d.after, aw, e.a0, e.a1);
  // A fact that replaced another needs no context: "'Ireland' → 'Germany'", "'dpo@a.com' → 'privacy@a.com'".
  const isFact = (text: string, list: readonly Word[], from: number, to: number) => {
    if (to <= from) return false;
    const start = list[from]?.start ?? 0;
    const end = list[to - 1]?.end ?? 0;
    return findFacts(text).some((f) => SELF_EXPLAINING.has(f.kind) && f.start <= start && f.end >= end - 1);
  };
  if (left === 0 && right === 0 && isFact(d.before, bw, e.b0, e.b1) && isFact(d.after, aw, e.a0, e.a1)) return { b0: e.b0, b1: e.b1, a0: e.a0, a1: e.a1 };
  const words = (from: number, to: number, list: readonly Word[]) => list.slice(from, to).filter((w) => w.key !== '').length;
  const count = () => ({
    before: words(e.b0 - left, e.b1 + right, bw),
    after: words(e.a0 - left, e.a1 + right, aw),
  });
  let turn = 0;
  for (let guard = 0; guard < 8; guard++) {
    const { before, after } = count();
    const need = (n: number, own: number) => own === 0 || n < 2;
    if (!need(before, e.b1 - e.b0) && !need(after, e.a1 - e.a0)) break;
    if (before >= 2 && after >= 2) break;
    const canRight = right < Math.min(limits.right, 3) && !endsSentence(lastInside());
    const canLeft = left < Math.min(limits.left, 3) && !endsSentence(bw[e.b0 - left - 1]);
    if (!canRight && !canLeft) break;
    if ((turn % 2 === 0 && canRight) || !canLeft) right++;
    else left++;
    turn++;
  }
  return { b0: e.b0 - left, b1: e.b1 + right, a0: e.a0 - left, a1: e.a1 + right };
}

/** Display text: Markdown emphasis left inside words ("c__ustomers") and edge punctuation go. */
export function tidy(text: string): string {
  return text
    .replace(/(?<=\p{L})_{2,}(?=\p{L})/gu, '')
    .replace(/\(mailto:([^)\s]+)\)/giu, '$1')
    .replace(/\bmailto:/giu, '')
    .replace(SPACE_RUNS, ' ')
    .replace(/^[\s,;:]+|[\s,;:]+$/gu, '')
    // A sentence's full stop is not part of the words; an abbreviation's is ("L.L.C.", "Ltd.").
    .replace(/(\S+)\.$/u, (word: string, stem: string) => (/^(?:\p{L}\.)+\p{L}$/u.test(stem) || LEGAL.has(key(stem)) ? word : stem))
    .replace(/^\((?=[^)]*$)|^([^(]*)\)$/u, '$1');
}

export interface Rendered {
  before: string;
  after: string;
}

/** The edits of a sentence as 'old' → 'new' phrases, windows of context merged where they touch. */
export function renderEdits(d: SentenceDiff): Rendered {
  const windows: Window[] = [];
  d.edits.forEach((e, i) => {
    const previous = d.edits[i - 1];
    const next = d.edits[i + 1];
    const w = widen(d, e, { left: e.b0 - (previous?.b1 ?? 0), right: (next?.b0 ?? d.bw.length) - e.b1 });
    const last = windows.at(-1);
    if (last && w.b0 <= last.b1 + 1) {
      last.b1 = w.b1;
      last.a1 = w.a1;
    } else windows.push(w);
  });
  // A window empty on one side (words only added, or only dropped, there) leaves no "…" behind.
  const side = (text: string, words: readonly Word[], from: (w: Window) => number, to: (w: Window) => number) =>
    windows.map((w) => tidy(span(text, words, from(w), to(w)))).filter((t) => t !== '').join(' … ');
  return {
    before: side(d.before, d.bw, (w) => w.b0, (w) => w.b1),
    after: side(d.after, d.aw, (w) => w.a0, (w) => w.a1),
  };
}

/** Facts that sit in the edited words, on each side. */
export function changedFacts(d: SentenceDiff): { before: Fact[]; after: Fact[] } {
  const inEdits = (text: string, words: readonly Word[], ranges: Array<[number, number]>) =>
    findFacts(text).filter((f) => ranges.some(([from, to]) => to > from && f.start < (words[to - 1]?.end ?? 0) && (words[from]?.start ?? 0) < f.end));
  return {
    before: inEdits(d.before, d.bw, d.edits.map((e) => [e.b0, e.b1])),
    after: inEdits(d.after, d.aw, d.edits.map((e) => [e.a0, e.a1])),
  };
}

/** A fact as the headline shows it: web and mail addresses short, names whole. */
export function factText(fact: Fact): string {
  return fact.kind === 'url' || fact.kind === 'email' ? shortUrl(fact.text) : tidy(fact.text);
}

/** Facts that are not on the other side (a name kept in both is context, not the change). */
export function differing(mine: readonly Fact[], theirs: readonly Fact[]): Fact[] {
  const other = new Set(theirs.map(factKey));
  return mine.filter((f) => !other.has(factKey(f)) && (STRONG_KINDS.has(f.kind) || f.kind === 'name'));
}

/**
 * How two facts compare: by their letters and digits; a web address also without its scheme, query and language
 * segment ("help.openai.com/en/articles/5347006" is "help.openai.com/articles/5347006" in another language).
 */
function factKey(f: Fact): string {
  // An acronym's plural names the same thing ("AIs" → "AI", "APIs"): no name changed.
  if (f.kind === 'name') return key(f.text.replace(/(?<=\p{Lu})s$/u, ''));
  if (f.kind !== 'url') return key(f.text);
  const bare = f.text.replace(/^https?:\/\//iu, '').replace(/^www\./iu, '').replace(/[?#].*$/u, '');
  return key(bare.replace(/\/[a-z]{2}(?:[-_][a-z]{2})?(?=\/|$)/giu, ''));
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((w) => key(w) !== '').length;
}

/**
 * The few words of a long sentence that tell it apart, for a headline: the window around its first telling fact
 * (an address, a name, a number), or its beginning.
 */
export function keyPhrase(text: string, max: number, cue?: string, item = false): string {
  const clean = tidy(text);
  if (clean.length <= max) return clean;
  // What tells a sentence apart, in order: an address, a number, a legal name; the words that make it about its
  // topic (`cue`: "search partners"); a distinctive name ("GBRAID", "CCPA").
  const facts = findFacts(clean);
  const strong = facts.find((f) => STRONG_KINDS.has(f.kind) && f.kind !== 'modality' && f.kind !== 'region');
  const at = cue ? clean.indexOf(cue) : -1;
  const cued = at >= 0 ? { start: at, end: at + (cue ?? '').length } : undefined;
  const named = facts.find((f) => f.kind !== 'modality' && /\p{Lu}{2}|\p{Ll}\p{Lu}|\d/u.test(f.text));
  // A list item is named by its opening words ("Public content you or others create…") unless a fact stands out.
  const best = item ? (strong ?? named) : (strong ?? cued ?? named);
  // The beginning, when the telling words fit in it (a row's name, a clause's subject); else the window around them.
  if (!best || best.end <= max - 2) return clipWords(clean, max);
  return phraseAround(clean, best.start, best.end, max);
}

/** The words around [start, end) of a text, as many before as fit, then after, marked where cut. */
export function phraseAround(text: string, start: number, end: number, max: number): string {
  const clean = text;
  const best = { start, end };
  let from = best.start;
  let to = best.end;
  const words = wordsOf(clean);
  const before = words.filter((w) => w.end <= best.start).reverse();
  const after = words.filter((w) => w.start >= best.end);
  for (const w of after.slice(0, 2)) if (w.end - from + 2 <= max) to = w.end;
  for (const w of before) {
    if (to - w.start + 2 > max) break;
    from = w.start;
  }
  for (const w of after) {
    if (w.end <= to) continue;
    if (w.end - from + 2 > max) break;
    to = w.end;
  }
  const core = clean.slice(from, to).replace(/[\s,;:.]+$/u, '');
  return `${from > 0 ? '…' : ''}${core}${to < clean.length ? '…' : ''}`;
}

/** Cuts at a word boundary and marks the cut. */
export function clipWords(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/u, '')}…`;
}

/**
 * Two versions of a text clipped to what tells them apart: the words both share at the start and the end give way
 * first ("…Disclosures for Nevada Residents" beside "…Disclosures for Texas Residents").
 */
export function clipPair(before: string, after: string, max: number): Rendered {
  if (before.length <= max && after.length <= max) return { before, after };
  const b = wordsOf(before);
  const a = wordsOf(after);
  let head = 0;
  while (head < b.length - 1 && head < a.length - 1 && b[head]?.key === a[head]?.key) head++;
  let tail = 0;
  while (tail < b.length - head - 1 && tail < a.length - head - 1 && b[b.length - 1 - tail]?.key === a[a.length - 1 - tail]?.key) tail++;
  const keepHead = Math.min(head, 1);
  const cut = (text: string, words: readonly Word[]) => {
    const from = head - keepHead;
    const to = words.length - tail;
    const core = text.slice(words[from]?.start ?? 0, words[Math.max(from, to - 1)]?.end ?? text.length);
    const shown = `${from > 0 ? '…' : ''}${core}${to < words.length ? '…' : ''}`;
    return clipWords(shown, max);
  };
  return { before: before.length <= max ? before : cut(before, b), after: after.length <= max ? after : cut(after, a) };
}

/**
 * One text clipped so the words that set it apart from `others` (its siblings: the other headings, the other
 * sentences) survive: a prefix it shares with any of them is shortened first.
 */
export function clipDistinct(text: string, others: readonly string[], max: number): string {
  if (text.length <= max) return text;
  const words = wordsOf(text);
  // A leading section number stays ("13. …Nevada") and is not part of what siblings share ("12. Supplemental…").
  const numbered = (list: readonly Word[]) => (/^(?:[A-Z]\.)?\d+(?:\.\d+)*\.?$/u.test(list[0]?.text ?? '') ? 1 : 0);
  const number = numbered(words);
  let shared = 0;
  const same = words.map((w) => w.key).join(' ');
  for (const other of others) {
    const o = wordsOf(other);
    // The text itself among its siblings (perhaps punctuated otherwise: "13." or "13") is no sibling.
    if (o.map((w) => w.key).join(' ') === same) continue;
    const skip = numbered(o);
    let n = 0;
    while (number + n < words.length - 1 && skip + n < o.length && words[number + n]?.key === o[skip + n]?.key) n++;
    shared = Math.max(shared, n);
  }
  // One word in common ("How …") is no shared prefix worth cutting.
  if (shared < 2) return clipWords(text, max);
  const lead = number ? `${words[0]?.text ?? ''} ` : '';
  const rest = text.slice(words[number + shared]?.start ?? 0);
  if (lead.length + 1 + rest.length <= max) return `${lead}…${rest}`;
  // Still too long: the end tells it apart ("…exchange with AI at Meta"), so the words after the shared part go first.
  const tail = wordsOf(rest);
  let from = 0;
  while (from < tail.length - 1 && lead.length + 1 + rest.length - (tail[from]?.start ?? 0) > max) from++;
  return clipWords(`${lead}…${rest.slice(tail[from]?.start ?? 0)}`, max);
}

/** Web and mail addresses in a phrase, shortened for a headline ("https://x.ai/privacy-portal/" → "x.ai/privacy-portal"). */
export function shortAddresses(text: string, max = 40): string {
  let out = text;
  for (const fact of findFacts(text).reverse()) {
    if (fact.kind === 'url' || fact.kind === 'email') out = `${out.slice(0, fact.start)}${shortUrl(fact.text, max)}${out.slice(fact.end)}`;
  }
  return out;
}

/**
 * The edit sits inside a name: the words beside it are capitalized and not set off by punctuation ("OpenAI
 * [OpCo,] LLC", "Effective Date [Effective] 2026-01-05"). Such an edit reads as the whole name changing.
 */
export function insideName(d: SentenceDiff, e: WordEdit): boolean {
  const inserted = e.a1 > e.a0;
  const words = inserted ? d.aw : d.bw;
  const from = inserted ? e.a0 : e.b0;
  const to = inserted ? e.a1 : e.b1;
  const left = words[from - 1];
  const right = words[to];
  const last = words[to - 1];
  const glued = (w: Word | undefined, side: Word | undefined) => w !== undefined && (isCapital(w) || isLegal(w)) && !endsClause(side);
  return (glued(left, left) || glued(right, last)) && words.slice(from, to).some((w) => isCapital(w) || isLegal(w));
}
