import { factsIn } from '../facts.ts';
import { addTo, bestPairs } from './collections.ts';
import { plainKey, textKey } from './parse.ts';
import type { Doc, Heading, Line, Presence } from './parse.ts';
import { clip, listOf, quote } from './words.ts';
import type { KeyChange } from '../types.ts';

/**
 * Sections compared by heading and by the text they own: renamed (same text, new heading), renumbered ("4.2" →
 * "4.3"), moved (same heading and text elsewhere), added and removed, each told once with its heading instead of as
 * the sentences inside it.
 */

export interface SectionDiff {
  changes: KeyChange[];
  before: Line[];
  after: Line[];
  /** Line numbers inside sections that came or went whole (their lists are told by the section). */
  wholeBefore: Set<number>;
  wholeAfter: Set<number>;
}

/** A heading whose text was mostly there before is a new heading over old text, not a new section. */
const OLD_TEXT_SHARE = 0.6;
const SIMILAR_BODY = 0.6;
/** Leftover headings beyond this are not compared pairwise. */
const MAX_PAIRWISE = 400;

interface Pair {
  a: Heading;
  b: Heading;
}

export function diffSections(
  a: Doc,
  b: Doc,
  skip: { before: ReadonlySet<Heading>; after: ReadonlySet<Heading> },
  there: { before: Presence; after: Presence },
): SectionDiff {
  const left = a.headings.filter((h) => !skip.before.has(h));
  const right = b.headings.filter((h) => !skip.after.has(h));
  const pairs: Pair[] = [];
  const stage = (key: (h: Heading) => string | undefined): void => {
    const pool = new Map<string, Heading[]>();
    const usedB = new Set(pairs.map((p) => p.b));
    for (const h of right) {
      if (usedB.has(h)) continue;
      const k = key(h);
      if (k === undefined) continue;
      addTo(pool, k, h);
    }
    const usedA = new Set(pairs.map((p) => p.a));
    for (const h of left) {
      if (usedA.has(h)) continue;
      const k = key(h);
      const other = k === undefined ? undefined : pool.get(k)?.shift();
      if (other) pairs.push({ a: h, b: other });
    }
  };
  stage((h) => `${plainKey(h.text)}\u0000${h.bodyKey}`);
  stage((h) => plainKey(h.text) || undefined);
  stage((h) => (h.name ? `${h.clause ? 'c' : 'h'}\u0000${h.name}` : undefined));
  stage((h) => (h.bodyTokens >= 5 ? h.bodyKey : undefined));
  pairSimilar(left, right, pairs);

  const matchA = new Map(pairs.map((p) => [p.a, p.b]));
  const matchB = new Map(pairs.map((p) => [p.b, p.a]));
  const out: SectionDiff = { changes: [], before: [], after: [], wholeBefore: new Set(), wholeAfter: new Set() };

  // Moved: out of the document's order (not in the longest run of pairs kept in order). A new parent with the same
  // order is a heading level that changed: presentation, not a move.
  const ordered = [...pairs].sort((p, q) => p.a.id - q.a.id);
  const kept = longestIncreasing(ordered.map((p) => p.b.id));
  const moved = new Set<Pair>();
  ordered.forEach((p, i) => {
    if (!kept.has(i)) moved.add(p);
  });
  const movedA = new Set([...moved].map((p) => p.a));
  const renumbered: Pair[] = [];
  for (const p of ordered.sort((x, y) => x.b.id - y.b.id)) {
    const parentA = p.a.parent === undefined ? undefined : a.headings[p.a.parent];
    const renamed = p.a.name !== p.b.name && plainKey(p.a.text) !== plainKey(p.b.text);
    const number = p.a.number !== p.b.number;
    if (moved.has(p) && !(parentA && movedA.has(parentA))) {
      out.changes.push(movedChange(p, b));
      out.before.push(p.a.line);
      out.after.push(p.b.line);
      continue;
    }
    if (renamed) {
      out.changes.push(change({
        kind: 'changed',
        text: `Section renamed: ${quote(p.a.text, 80)} → ${quote(p.b.text, 80)}`,
        short: `section ${quote(label(p.a), 30)} renamed ${quote(label(p.b), 30)}`,
        before: p.a.text,
        after: p.b.text,
        section: p.b.text,
      }));
      if (!p.b.clause || p.a.bodyKey === p.b.bodyKey) {
        out.before.push(p.a.line);
        out.after.push(p.b.line);
      }
    } else if (number) renumbered.push(p);
  }
  if (renumbered.length > 0) {
    const said = renumbered.map((p) => `${p.a.number ?? '(none)'} ${quote(p.b.title || clip(p.b.text, 40), 50)} → ${p.b.number ?? '(none)'}`);
    const one = renumbered[0] as Pair;
    out.changes.push(change({
      kind: 'changed',
      text: renumbered.length === 1 ? `Section ${quote(one.b.title || one.b.text, 60)} renumbered ${one.a.number ?? '(none)'} → ${one.b.number ?? '(none)'}` : `Sections renumbered: ${listOf(said, 400)}`,
      short: renumbered.length === 1 ? `§${one.a.number ?? '?'} ${clip(one.b.title, 30)} now §${one.b.number ?? '?'}` : `${renumbered.length} sections renumbered`,
      before: renumbered.map((p) => p.a.text).join('\n'),
      after: renumbered.map((p) => p.b.text).join('\n'),
      section: one.b.text,
    }));
    for (const p of renumbered) {
      // A clause's heading line is also its text: leave it to the sentences when that text changed too.
      if (p.b.clause && p.a.bodyKey !== p.b.bodyKey) continue;
      out.before.push(p.a.line);
      out.after.push(p.b.line);
    }
  }

  const goneA = left.filter((h) => !matchA.has(h));
  const cameB = right.filter((h) => !matchB.has(h));
  const replaced = replacedSections(a, b, goneA, cameB);
  for (const p of replaced) {
    const body = branchLines(b, p.b).filter((l) => l !== p.b.line);
    const first = p.b.clause ? (p.b.body[0]?.plain ?? '') : (body[0]?.plain ?? '');
    out.changes.push(change({
      kind: 'changed',
      text: `Section ${p.b.number ?? ''} replaced: ${quote(p.a.text, 80)} → ${quote(p.b.text, 80)}${first ? `: ${quote(first, 160)}` : ''}`,
      short: `§${p.b.number ?? ''} replaced`,
      before: clip(branchLines(a, p.a).map((l) => l.plain).join('\n'), 2000),
      after: clip([p.b.line, ...body].map((l) => l.plain).join('\n'), 2000),
      section: p.b.text,
    }));
    tell(out.before, branchLines(a, p.a), p.a);
    tell(out.after, branchLines(b, p.b), p.b);
    for (const l of branchLines(a, p.a)) out.wholeBefore.add(l.n);
    for (const l of branchLines(b, p.b)) out.wholeAfter.add(l.n);
  }
  const replacedA = new Set(replaced.map((p) => p.a));
  const replacedB = new Set(replaced.map((p) => p.b));
  // A heading whose text is still a line of the other version (bold text, a paragraph) was restyled, not removed.
  const notThere = (h: Heading, other: Presence): boolean => !other.all.has(textKey(h.text));
  lone(a, goneA.filter((h) => !replacedA.has(h) && notThere(h, there.after)), 'removed', there.after, out, replacedA);
  lone(b, cameB.filter((h) => !replacedB.has(h) && notThere(h, there.before)), 'new', there.before, out, replacedB);
  return out;
}

/** A section that went and one that came with the same number under the same parent: the section was replaced. */
function replacedSections(a: Doc, b: Doc, gone: readonly Heading[], came: readonly Heading[]): Pair[] {
  const parentKey = (doc: Doc, h: Heading): string => (h.parent === undefined ? '' : plainKey(doc.headings[h.parent]?.text ?? ''));
  const pool = new Map<string, Heading[]>();
  for (const h of came) {
    if (!h.number) continue;
    const k = `${h.number}\u0000${parentKey(b, h)}`;
    addTo(pool, k, h);
  }
  const out: Pair[] = [];
  for (const h of gone) {
    if (!h.number) continue;
    const n = pool.get(`${h.number}\u0000${parentKey(a, h)}`)?.shift();
    if (n) out.push({ a: h, b: n });
  }
  return out;
}

/** The lines of a heading's branch: its heading, its text and every subsection's. */
function branchLines(doc: Doc, h: Heading): Line[] {
  return subtree(doc, h)
    .flatMap((x) => (x.clause ? [x.line, ...x.body.slice(1)] : [x.line, ...x.body]))
    .filter((l) => l.plain !== '');
}

/**
 * A section told whole explains its headings and its text, except lines that carry a fact (a number, a duration, a
 * date): the sentence summarizer still says those ("New: 'We keep … for up to 3 years'").
 */
function tell(side: Line[], lines: readonly Line[], h: Heading): void {
  for (const l of lines) if (l === h.line || factsIn(l.plain).length === 0) side.push(l);
}

function label(h: Heading): string {
  return h.number ? `${h.number} ${h.title}`.trim() : h.text;
}

function movedChange(p: Pair, b: Doc): KeyChange {
  const numbers = p.a.number !== p.b.number && p.a.number && p.b.number;
  const parent = p.b.parent === undefined ? undefined : b.headings[p.b.parent];
  let previous: Heading | undefined;
  for (let id = p.b.id - 1; id >= 0; id--) {
    const h = b.headings[id] as Heading;
    if (h.level === p.b.level && h.parent === p.b.parent) {
      previous = h;
      break;
    }
    if (h.level < p.b.level) break;
  }
  const where = numbers
    ? `from §${p.a.number} to §${p.b.number}`
    : previous
      ? `to after ${quote(previous.text, 60)}`
      : parent
        ? `to the start of ${quote(parent.text, 60)}`
        : 'to the start';
  const name = p.b.title || p.b.text;
  return change({
    kind: 'changed',
    text: `Section ${quote(name, 80)} moved ${where}${p.a.name !== p.b.name ? ` (was ${quote(p.a.text, 60)})` : ''}`,
    short: `section ${quote(clip(name, 40), 45)} moved${numbers ? ` to §${p.b.number}` : ''}`,
    before: p.a.text,
    after: p.b.text,
    section: p.b.text,
  });
}

/** Sections with no counterpart. Only the top of a new or removed branch is told, with what is under it. */
function lone(doc: Doc, headings: readonly Heading[], kind: 'new' | 'removed', there: Presence, out: SectionDiff, told: ReadonlySet<Heading>): void {
  const other = there.all;
  const set = new Set([...headings, ...told]);
  for (const h of headings) {
    const parent = h.parent === undefined ? undefined : doc.headings[h.parent];
    if (parent && set.has(parent)) continue;
    const branch = subtree(doc, h);
    const body = branchLines(doc, h);
    // Heading lines are not text, except a clause's, which is its text too.
    const text = body.filter((l) => !branch.some((x) => !x.clause && x.line === l));
    const old = text.filter((l) => other.has(textKey(l.plain))).length;
    const side = kind === 'new' ? out.after : out.before;
    const whole = kind === 'new' ? out.wholeAfter : out.wholeBefore;
    const name = label(h);
    if (!h.clause && text.length > 0 && old / text.length >= OLD_TEXT_SHARE) {
      // The heading came or went; the text under it did not.
      out.changes.push(change({
        kind,
        text: kind === 'new' ? `New heading ${quote(h.text, 80)} over text that was already there` : `Heading ${quote(h.text, 80)} removed; its text stays`,
        short: `heading ${quote(clip(name, 40), 45)} ${kind === 'new' ? 'added' : 'removed'}`,
        ...(kind === 'new' ? { after: h.text } : { before: h.text }),
        section: h.text,
      }));
      side.push(h.line);
      continue;
    }
    const first = h.clause ? (h.body[0]?.plain ?? '') : (text[0]?.plain ?? '');
    const subsections = branch.length - 1;
    const paragraphs = text.length;
    const extent = [paragraphs > 1 && `${paragraphs} paragraphs`, subsections > 0 && `${subsections} subsection${subsections === 1 ? '' : 's'}`].filter(Boolean).join(', ');
    const content = body.map((l) => l.plain).join('\n');
    out.changes.push(change({
      kind,
      text: `${kind === 'new' ? 'New' : 'Removed'} section ${quote(name, 80)}${first ? `: ${quote(first, 160)}` : ''}${extent ? ` (${extent})` : ''}`,
      short: `${kind === 'new' ? 'new' : 'removed'} section ${quote(clip(name, 50), 55)}`,
      ...(kind === 'new' ? { after: clip(content, 2000) } : { before: clip(content, 2000) }),
      section: h.text,
    }));
    tell(side, body, h);
    for (const x of branch) {
      whole.add(x.line.n);
      for (const l of x.body) whole.add(l.n);
    }
  }
}

/** The heading and every heading under it. */
function subtree(doc: Doc, h: Heading): Heading[] {
  const out = [h];
  for (let id = h.id + 1; id < doc.headings.length; id++) {
    const x = doc.headings[id] as Heading;
    if (x.level <= h.level) break;
    out.push(x);
  }
  return out;
}

/** Leftover headings whose text is mostly the same: one section, renamed and edited. */
function pairSimilar(left: readonly Heading[], right: readonly Heading[], pairs: Pair[]): void {
  const usedA = new Set(pairs.map((p) => p.a));
  const usedB = new Set(pairs.map((p) => p.b));
  const a = left.filter((h) => !usedA.has(h) && h.bodyTokens >= 5);
  const b = right.filter((h) => !usedB.has(h) && h.bodyTokens >= 5);
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_PAIRWISE * MAX_PAIRWISE) return;
  const sets = (list: readonly Heading[]) => list.map((h) => new Set(h.body.flatMap((l) => l.plain.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])));
  const sa = sets(a);
  const sb = sets(b);
  const candidates: Array<[number, number, number]> = [];
  sa.forEach((x, i) => {
    sb.forEach((y, j) => {
      if ((a[i] as Heading).clause !== (b[j] as Heading).clause) return;
      let both = 0;
      for (const t of x) if (y.has(t)) both++;
      const dice = (2 * both) / Math.max(1, x.size + y.size);
      if (dice >= SIMILAR_BODY) candidates.push([dice, i, j]);
    });
  });
  for (const [i, j] of bestPairs(candidates, (i, j) => [i, j])) pairs.push({ a: a[i] as Heading, b: b[j] as Heading });
}

/** Indices of a longest strictly increasing subsequence (patience sorting, n log n). */
export function longestIncreasing(values: readonly number[]): Set<number> {
  const tails: number[] = [];
  const previous: number[] = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] as number] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) previous[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const out = new Set<number>();
  let k = tails.length > 0 ? (tails[tails.length - 1] as number) : -1;
  while (k >= 0) {
    out.add(k);
    k = previous[k] as number;
  }
  return out;
}

function change(c: Omit<KeyChange, 'source'>): KeyChange {
  return { ...c, source: 'section' };
}

