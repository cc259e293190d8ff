import { diffArrays } from 'diff';
import { addTo, bestPairs } from './collections.ts';
import { plainKey, textKey } from './parse.ts';
import type { Doc, Item, Line, Presence } from './parse.ts';
import { capitalize, clip, listOf, quote, sayEdit, wordEdits } from './words.ts';
import type { KeyChange } from '../types.ts';

/**
 * List items compared as items: added, removed and edited ones, each with its list for context (the heading, the
 * line that introduces the list, the parent item). Items that only moved (reordered, or into another list: a list
 * split in two) say nothing, unless they moved under another parent item. Definition runs are items too.
 */

export interface ItemDiff {
  changes: KeyChange[];
  before: Line[];
  after: Line[];
}

/** Beyond this many edits the sequence diff gives up and items are matched as a multiset. */
const MAX_EDITS = 1500;
/** An edited item is told here when it is this short; a longer one is prose, told sentence by sentence. */
const SHORT_ITEM_WORDS = 30;
const PAIR_MIN_SIMILARITY = 0.5;
/** Tokens in more items than this carry no signal for pairing (and would make pairing quadratic). */
const COMMON_TOKEN_ITEMS = 12;

export function diffItems(
  a: Doc,
  b: Doc,
  skip: { before: ReadonlySet<number>; after: ReadonlySet<number> },
  there: { before: Presence; after: Presence },
): ItemDiff {
  const old = a.items.filter((i) => !i.lines.some((l) => skip.before.has(l.n)));
  const neu = b.items.filter((i) => !i.lines.some((l) => skip.after.has(l.n)));
  const match = new Map<Item, Item>();
  const { removed: aligned, added: alignedNew, replaced } = align(old, neu, match);
  // An item replaced in place, in the same list, by one that shares some of its words: one item, edited.
  const inPlace: Array<[Item, Item]> = [];
  for (const [xs, ys] of replaced) {
    if (xs.length !== ys.length) continue;
    xs.forEach((x, k) => {
      const y = ys[k] as Item;
      if (sameList(x, y, a, b) && similarity(x.tokens, y.tokens) >= REPLACED_MIN_SIMILARITY) inPlace.push([x, y]);
    });
  }
  const inPlaceOld = new Set(inPlace.map(([x]) => x));
  const inPlaceNew = new Set(inPlace.map(([, y]) => y));
  const removed = aligned.filter((i) => !inPlaceOld.has(i));
  const added = alignedNew.filter((i) => !inPlaceNew.has(i));

  // Left one place, arrived at another with the same text: moved.
  const arriving = new Map<string, Item[]>();
  for (const item of added) {
    addTo(arriving, item.key, item);
  }
  const lost: Item[] = [];
  for (const item of removed) {
    const n = arriving.get(item.key)?.shift();
    if (n) match.set(item, n);
    else lost.push(item);
  }
  const gained = added.filter((i) => (arriving.get(i.key) ?? []).includes(i));

  const edited = [...inPlace, ...pairEdited(lost, gained)];
  for (const [o, n] of edited) match.set(o, n);
  const pairedOld = new Set(edited.map(([o]) => o));
  const pairedNew = new Set(edited.map(([, n]) => n));
  const out: ItemDiff = { changes: [], before: [], after: [] };
  // An item whose words became a paragraph of the other version (a list rewritten as "B.1. …" paragraphs or with
  // literal bullets) changed its presentation, not its text: it was neither removed nor added. Each paragraph that
  // is new on its side accounts for one item.
  const restyled = (own: Presence, other: Presence, side: Line[], otherSide: Line[]) => {
    const used = new Map<string, number>();
    return (item: Item): boolean => {
      const key = textKey(item.lines.length === 1 ? (item.lines[0]?.plain ?? '') : item.text);
      const found = other.prose.get(key) ?? [];
      const k = used.get(key) ?? 0;
      if (found.length - (own.prose.get(key)?.length ?? 0) - k <= 0) return false;
      used.set(key, k + 1);
      side.push(...item.lines);
      otherSide.push(found[k] as Line);
      return true;
    };
  };
  const wentProse = restyled(there.before, there.after, out.before, out.after);
  const cameProse = restyled(there.after, there.before, out.after, out.before);
  const gone = lost.filter((i) => !pairedOld.has(i) && !wentProse(i));
  const came = gained.filter((i) => !pairedNew.has(i) && !cameProse(i));

  const ctxOld = new Context(a);
  const ctxNew = new Context(b);
  const counts = listCounts(old, neu, match);
  for (const [list, kind, ctx] of [[came, 'new', ctxNew], [gone, 'removed', ctxOld]] as const) {
    const groups = new Map<string, Item[]>();
    for (const item of list) {
      const k = `${item.list}\u0000${item.parent ?? ''}`;
      addTo(groups, k, item);
    }
    for (const items of groups.values()) {
      const first = items[0] as Item;
      const where = ctx.of(first);
      const noun = nounOf(items);
      const n = counts.get(`${kind}\u0000${first.list}\u0000${first.parent ?? ''}`);
      const tally = n ? ` (${n[0]} → ${n[1]} ${noun.plural})` : '';
      const shown = items.map((i) => quote(i.term && i.lead ? i.lead : i.text, 140));
      const Verb = kind === 'new' ? 'New' : 'Removed';
      out.changes.push(item({
        kind,
        text: `${Verb} ${items.length === 1 ? noun.singular : noun.plural}${where}: ${listOf(shown, 600)}${tally}`,
        short: `${kind === 'new' ? 'new' : 'removed'} ${first.term ? `${noun.singular} ` : ''}${quote(first.term && first.lead ? first.lead : first.text, 45)}${items.length > 1 ? ` (+${items.length - 1})` : ''}`,
        ...(kind === 'new' ? { after: items.map((i) => i.text).join('\n') } : { before: items.map((i) => i.text).join('\n') }),
        ...ctx.section(first),
      }));
      (kind === 'new' ? out.after : out.before).push(...items.flatMap((i) => i.lines));
    }
  }

  for (const [o, n] of edited) {
    const words = Math.max(o.tokens.length, n.tokens.length);
    const edits = wordEdits(o.text, n.text);
    if (edits.length === 0 || words > SHORT_ITEM_WORDS) continue;
    const noun = nounOf([n]);
    const name = n.lead ?? o.lead;
    const span = changedSpan(o.text, n.text);
    const editWords = edits.reduce((k, e) => k + wordCount(e.deleted) + wordCount(e.inserted), 0);
    // Edits split by a character or two ("dpo@acme." … ".com") read better as the one stretch that changed.
    if (edits.length > 1 && wordCount(span.deleted) + wordCount(span.inserted) <= editWords + 3) edits.splice(0, edits.length, span);
    const said = edits.length <= 2 ? edits.map((e) => sayEdit(e)).join('; ') : `${quote(o.text, 100)} → ${quote(n.text, 100)}`;
    out.changes.push(item({
      kind: 'changed',
      text: `${capitalize(noun.singular)}${name && edits.length <= 2 ? ` ${quote(name, 50)}` : ''}${ctxNew.of(n)}: ${said}`,
      short: edits[0]?.deleted && edits[0].inserted ? `${quote(edits[0].deleted, 30)} → ${quote(edits[0].inserted, 30)}` : `${edits[0]?.inserted ? 'added' : 'removed'} ${quote(edits[0]?.inserted || edits[0]?.deleted || '', 40)}`,
      before: o.text,
      after: n.text,
      ...ctxNew.section(n),
    }));
    out.before.push(...o.lines);
    out.after.push(...n.lines);
  }

  // Items now under another parent item ("Performance Cookies" nested under the new "Non-Essential Cookies").
  const reparented = new Map<string, Array<[Item, Item]>>();
  for (const [o, n] of match) {
    const oldParent = o.parent === undefined ? undefined : a.items[o.parent];
    const newParent = n.parent === undefined ? undefined : b.items[n.parent];
    const same = oldParent === undefined ? newParent === undefined : newParent !== undefined && match.get(oldParent) === newParent;
    // Children of a moved branch keep their (matched) parent, so only the top of the branch is told.
    if (same || (oldParent && newParent && oldParent.key === newParent.key)) continue;
    const k = `${newParent?.id ?? 'top'}\u0000${oldParent?.id ?? 'top'}`;
    addTo(reparented, k, [o, n]);
  }
  for (const pairs of reparented.values()) {
    const [o, n] = pairs[0] as [Item, Item];
    const newParent = n.parent === undefined ? undefined : b.items[n.parent];
    const oldParent = o.parent === undefined ? undefined : a.items[o.parent];
    const names = pairs.map(([, x]) => quote(x.lead ?? x.text, 60));
    const where = newParent ? `now listed under ${quote(newParent.lead ?? newParent.text, 60)}` : `no longer under ${quote(oldParent?.lead ?? oldParent?.text ?? '', 60)}`;
    out.changes.push(item({
      kind: 'changed',
      text: `${listOf(names, 200)} ${where}${ctxNew.of(n, false)}`,
      short: `${listOf(pairs.map(([, x]) => clip(x.lead ?? x.text, 30)), 50)} ${where.replace(/^now /, '')}`,
      before: pairs.map(([x]) => x.text).join('\n'),
      after: pairs.map(([, x]) => x.text).join('\n'),
      ...ctxNew.section(n),
    }));
    out.before.push(...pairs.flatMap(([x]) => x.lines));
    out.after.push(...pairs.flatMap(([, x]) => x.lines));
  }
  return out;
}

/** Items in document order, aligned as a sequence (so the right one of several equal items is the one removed). */
function align(
  old: readonly Item[],
  neu: readonly Item[],
  match: Map<Item, Item>,
): { removed: Item[]; added: Item[]; replaced: Array<[Item[], Item[]]> } {
  const parts = diffArrays(old.map((i) => i.key), neu.map((i) => i.key), { maxEditLength: MAX_EDITS });
  const removed: Item[] = [];
  const added: Item[] = [];
  const replaced: Array<[Item[], Item[]]> = [];
  if (!parts) {
    const pool = new Map<string, Item[]>();
    for (const n of neu) {
      addTo(pool, n.key, n);
    }
    for (const o of old) {
      const n = pool.get(o.key)?.shift();
      if (n) match.set(o, n);
      else removed.push(o);
    }
    added.push(...[...pool.values()].flat());
    return { removed, added: added.sort((x, y) => x.id - y.id), replaced };
  }
  let i = 0;
  let j = 0;
  let previous: Item[] | undefined;
  for (const part of parts) {
    const n = part.value.length;
    if (part.removed) {
      const run = old.slice(i, i + n);
      removed.push(...run);
      previous = run;
      i += n;
    } else if (part.added) {
      const run = neu.slice(j, j + n);
      added.push(...run);
      if (previous) replaced.push([previous, run]);
      previous = undefined;
      j += n;
    } else {
      previous = undefined;
      for (let k = 0; k < n; k++) match.set(old[i + k] as Item, neu[j + k] as Item);
      i += n;
      j += n;
    }
  }
  return { removed, added, replaced };
}

const REPLACED_MIN_SIMILARITY = 0.3;

function wordCount(text: string): number {
  return text === '' ? 0 : text.split(' ').length;
}

/** The words between the longest common opening and closing (punctuation at word ends ignored). */
function changedSpan(before: string, after: string): { deleted: string; inserted: string } {
  const a = before.split(' ');
  const b = after.split(' ');
  const same = (x: string | undefined, y: string | undefined): boolean => x !== undefined && y !== undefined && x.replace(/[\p{P}]+$/u, '').toLowerCase() === y.replace(/[\p{P}]+$/u, '').toLowerCase();
  let start = 0;
  while (start < a.length && start < b.length && same(a[start], b[start])) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && same(a[a.length - 1 - end], b[b.length - 1 - end])) end++;
  return { deleted: a.slice(start, a.length - end).join(' '), inserted: b.slice(start, b.length - end).join(' ') };
}

/**
 * How alike two items' words are: their overlap (Dice), or, for an item that was extended or cut ("Datasets we
 * obtain" → "Datasets we obtain, purchase or license"), how much of the shorter one the longer one holds.
 */
function similarity(a: readonly string[], b: readonly string[]): number {
  const x = new Set(a);
  const y = new Set(b);
  let both = 0;
  for (const t of x) if (y.has(t)) both++;
  const dice = (2 * both) / Math.max(1, x.size + y.size);
  const smaller = Math.min(x.size, y.size);
  const held = smaller >= MIN_HELD_TOKENS ? both / smaller : 0;
  return Math.max(dice, held >= HELD_SHARE ? held : 0);
}

const MIN_HELD_TOKENS = 3;
const HELD_SHARE = 0.8;

/** Same heading and same introducing line: the same list, as far as a reader can tell. */
function sameList(x: Item, y: Item, a: Doc, b: Doc): boolean {
  const heading = (doc: Doc, i: Item): string => (i.section === undefined ? '' : plainKey(doc.headings[i.section]?.text ?? ''));
  return heading(a, x) === heading(b, y) && plainKey(x.leadIn ?? '') === plainKey(y.leadIn ?? '');
}

/** Removed and added items that are one item edited: same lead term, else similar words (best pairs first). */
function pairEdited(lost: readonly Item[], gained: readonly Item[]): Array<[Item, Item]> {
  const pairs: Array<[Item, Item]> = [];
  const used = new Set<Item>();
  const byLead = new Map<string, Item[]>();
  for (const n of gained) {
    if (!n.lead) continue;
    const k = plainKey(n.lead);
    addTo(byLead, k, n);
  }
  const rest: Item[] = [];
  for (const o of lost) {
    const n = o.lead ? byLead.get(plainKey(o.lead))?.find((x) => !used.has(x)) : undefined;
    if (n) {
      used.add(n);
      pairs.push([o, n]);
    } else rest.push(o);
  }
  const open = gained.filter((n) => !used.has(n));
  const index = new Map<string, number[]>();
  rest.forEach((o, i) => {
    for (const t of new Set(o.tokens)) {
      addTo(index, t, i);
    }
  });
  const candidates: Array<[number, number, number]> = [];
  open.forEach((n, j) => {
    const shared = new Map<number, number>();
    for (const t of new Set(n.tokens)) {
      const list = index.get(t);
      if (!list || list.length > COMMON_TOKEN_ITEMS) continue;
      for (const i of list) shared.set(i, (shared.get(i) ?? 0) + 1);
    }
    for (const i of shared.keys()) {
      const o = rest[i] as Item;
      const score = similarity(o.tokens, n.tokens);
      if (score >= PAIR_MIN_SIMILARITY) candidates.push([score + (o.list === n.list ? 0.01 : 0), i, j]);
    }
  });
  for (const [i, j] of bestPairs(candidates, (i, j) => [i, j])) pairs.push([rest[i] as Item, open[j] as Item]);
  return pairs;
}

/** Items in each list before and after, for the lists that gained or lost items: "(5 → 4 items)". */
function listCounts(old: readonly Item[], neu: readonly Item[], match: ReadonlyMap<Item, Item>): Map<string, [number, number]> {
  const size = (items: readonly Item[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const i of items) {
      const k = `${i.list}\u0000${i.parent ?? ''}`;
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return m;
  };
  const oldSize = size(old);
  const newSize = size(neu);
  const out = new Map<string, [number, number]>();
  // A list's counterpart is where most of its matched items went.
  const counterpart = new Map<string, Map<string, number>>();
  for (const [o, n] of match) {
    const ko = `${o.list}\u0000${o.parent === undefined ? '' : o.parent}`;
    const kn = `${n.list}\u0000${n.parent === undefined ? '' : n.parent}`;
    const m = counterpart.get(ko) ?? new Map<string, number>();
    m.set(kn, (m.get(kn) ?? 0) + 1);
    counterpart.set(ko, m);
  }
  for (const [ko, targets] of counterpart) {
    const [kn] = [...targets].sort((x, y) => y[1] - x[1])[0] as [string, number];
    const before = oldSize.get(ko) ?? 0;
    const after = newSize.get(kn) ?? 0;
    if (before === after) continue;
    out.set(`removed\u0000${ko}`, [before, after]);
    out.set(`new\u0000${kn}`, [before, after]);
  }
  return out;
}

/** Where an item sits, as a reader would point to it. */
class Context {
  constructor(private readonly doc: Doc) {}

  of(item: Item, withParent = true): string {
    const parts: string[] = [];
    const heading = item.section === undefined ? undefined : this.doc.headings[item.section];
    if (heading) parts.push(quote(heading.text, 50));
    if (item.leadIn && item.leadIn !== heading?.text) parts.push(quote(item.leadIn, 60));
    const parent = item.parent === undefined ? undefined : this.doc.items[item.parent];
    if (withParent && parent) parts.push(quote(parent.lead ?? parent.text, 50));
    return parts.length > 0 ? ` in ${parts.join(' › ')}` : '';
  }

  section(item: Item): { section?: string } {
    const heading = item.section === undefined ? undefined : this.doc.headings[item.section];
    return heading ? { section: heading.text } : {};
  }
}

function nounOf(items: readonly Item[]): { singular: string; plural: string } {
  if (items.every((i) => i.term)) {
    const defining = items.every((i) => /^\W*(?:means|shall mean|refers to|has the meaning|is defined)\b/iu.test(i.text.slice((i.lead ?? '').length + 2).replace(/^["”'’\s]+/u, '')));
    return defining ? { singular: 'definition', plural: 'definitions' } : { singular: 'term', plural: 'terms' };
  }
  return { singular: 'list item', plural: 'list items' };
}

function item(change: Omit<KeyChange, 'source'>): KeyChange {
  return { ...change, source: 'item' };
}
