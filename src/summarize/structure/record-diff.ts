import { addTo, bestPairs } from './collections.ts';
import { plainKey } from './parse.ts';
import type { Line } from './parse.ts';
import type { Noun, Record, RecordSet } from './records.ts';
import { sectionRef } from '../sentences.ts';
import { capitalize, clip, count, fieldName, listOf, quote, sayEdit, wordEdits as editsIn } from './words.ts';
import type { KeyChange } from '../types.ts';

/**
 * Record sets compared record by record. A set that is a view of another (a paginated page beside the full list) is
 * read once; sets are paired across versions by the records they share; records are paired by key, so reordered rows
 * say nothing, a new column is told once, and a record that moved to another table is moved, not removed and added.
 */

export interface RecordDiff {
  changes: KeyChange[];
  /** Lines of every record set the diff accounts for. */
  before: Line[];
  after: Line[];
}

/** Words of each version, to tell "removed" from "no longer in this table". */
export interface Mentions {
  before: Words;
  after: Words;
}

/** Several rows changed in the same field are told once, as a pattern, from this many rows. */
const GROUP_ROWS = 4;
/** A view's rows must agree with the full list's. */
const VIEW_AGREEMENT = 0.8;

export function diffRecords(oldSets: readonly RecordSet[], newSets: readonly RecordSet[], mentions: Mentions): RecordDiff {
  const viewsA = views(oldSets);
  const viewsB = views(newSets);
  const a = oldSets.filter((s) => !viewsA.has(s));
  const b = newSets.filter((s) => !viewsB.has(s));
  // A view's rows move between pages as the list grows: their lines are accounted for, never told.
  const before = oldSets.filter((s) => !a.includes(s)).flatMap((s) => s.lines);
  const after = newSets.filter((s) => !b.includes(s)).flatMap((s) => s.lines);
  const pairs = pairSets(a, b);
  const out = new Reporter(mentions);
  const gone: Array<{ set: RecordSet; record: Record }> = [];
  const came: Array<{ set: RecordSet; record: Record }> = [];
  const matched: PairDiff[] = [];
  for (const [x, y] of pairs) {
    const d = diffPair(x, y);
    matched.push(d);
    gone.push(...d.removed.map((record) => ({ set: x, record })));
    came.push(...d.added.map((record) => ({ set: y, record })));
  }
  const pairedOld = new Set(pairs.map(([x]) => x));
  const pairedNew = new Set(pairs.map(([, y]) => y));
  for (const set of a) if (!pairedOld.has(set)) gone.push(...set.records.map((record) => ({ set, record })));
  for (const set of b) if (!pairedNew.has(set)) came.push(...set.records.map((record) => ({ set, record })));

  // A record that left one set and reached another with the same key moved (its fields may have changed too).
  const moves: Move[] = [];
  const arriving = new Map<string, Array<{ set: RecordSet; record: Record }>>();
  for (const c of came) {
    addTo(arriving, c.record.key, c);
  }
  const movedIn = new Set<Record>();
  const movedOut = new Set<Record>();
  for (const g of gone) {
    const candidates = arriving.get(g.record.key);
    const c = candidates?.find((x) => x.set.noun.plural === g.set.noun.plural || sharedColumns(g.set, x.set) >= 2);
    if (!c || !candidates) continue;
    candidates.splice(candidates.indexOf(c), 1);
    movedIn.add(c.record);
    movedOut.add(g.record);
    moves.push({ from: g.set, to: c.set, before: g.record, after: c.record });
  }

  for (const d of matched) {
    out.pair(d, movedIn, movedOut);
    if (d.newColumns.length + d.goneColumns.length + d.renamedColumns.length > 0 || d.before.pageOf !== undefined || d.after.pageOf !== undefined) {
      // Every row line changed with the columns (or moved on the page): all are told.
      before.push(...d.before.lines);
      after.push(...d.after.lines);
      continue;
    }
    before.push(...d.removed.flatMap((r) => r.lines), ...d.changed.flatMap(([o]) => o.lines), ...d.renamed.flatMap(([o]) => o.lines));
    after.push(...d.added.flatMap((r) => r.lines), ...d.changed.flatMap(([, n]) => n.lines), ...d.renamed.flatMap(([, n]) => n.lines));
  }
  for (const set of a) if (!pairedOld.has(set)) before.push(...set.lines);
  for (const set of b) if (!pairedNew.has(set)) after.push(...set.lines);
  for (const m of moves) {
    before.push(...m.before.lines);
    after.push(...m.after.lines);
  }
  for (const set of a) if (!pairedOld.has(set)) out.lone(set, 'removed', movedOut);
  for (const set of b) if (!pairedNew.has(set)) out.lone(set, 'new', movedIn);
  out.moves(moves);
  out.fieldEdits();
  return { changes: out.changes, before, after };
}

interface Move {
  from: RecordSet;
  to: RecordSet;
  before: Record;
  after: Record;
}

interface PairDiff {
  before: RecordSet;
  after: RecordSet;
  /** Old column → new column. */
  columns: Map<number, number>;
  newColumns: number[];
  goneColumns: number[];
  renamedColumns: Array<[number, number]>;
  added: Record[];
  removed: Record[];
  changed: Array<[Record, Record]>;
  renamed: Array<[Record, Record]>;
}

function keysOf(set: RecordSet): Set<string> {
  return new Set(set.records.map((r) => r.key));
}

function sharedColumns(a: RecordSet, b: RecordSet): number {
  return a.columnKeys.filter((k) => !k.startsWith('#') && b.columnKeys.includes(k)).length;
}

function sameColumns(a: RecordSet, b: RecordSet): boolean {
  return a.columnKeys.length === b.columnKeys.length && a.columnKeys.every((k) => b.columnKeys.includes(k));
}

/**
 * A table whose rows all belong to a longer table of the same document with the same columns is a view of it (a
 * paginated page beside the full list, or the same list shown twice): it is read once, through the full list.
 */
export function views(all: readonly RecordSet[]): Set<RecordSet> {
  // Only sets that hold a set's first key can hold all of it.
  const byKey = new Map<string, RecordSet[]>();
  for (const set of all) {
    for (const key of keysOf(set)) {
      addTo(byKey, key, set);
    }
  }
  return new Set(all.filter((set) => isView(set, byKey.get(set.records[0]?.key ?? '') ?? [])));
}

function isView(set: RecordSet, candidates: readonly RecordSet[]): boolean {
  if (set.from !== 'table') return false;
  return candidates.some((full) => {
    if (full === set || full.from !== 'table' || !sameColumns(set, full)) return false;
    if (set.records.length > full.records.length) return false;
    if (set.records.length === full.records.length && set.order > full.order) return false;
    const byKey = new Map(full.records.map((r) => [r.key, r]));
    let agree = 0;
    for (const r of set.records) {
      const f = byKey.get(r.key);
      if (!f) return false;
      if (project(r, set, full) === f.hash) agree++;
    }
    return agree >= VIEW_AGREEMENT * set.records.length;
  });
}

/** A record's hash in another set's column order (its own columns only). */
function project(record: Record, from: RecordSet, to: RecordSet): string {
  return to.columnKeys.map((k) => (record.keys[from.columnKeys.indexOf(k)] ?? '')).join('\u0001');
}

/** Sets paired across versions by shared keys, then by place and shape. */
function pairSets(a: readonly RecordSet[], b: readonly RecordSet[]): Array<[RecordSet, RecordSet]> {
  // Candidates share keys or a place; other pairs are never compared.
  const byKey = new Map<string, Set<RecordSet>>();
  const byPlace = new Map<string, Set<RecordSet>>();
  const index = (map: Map<string, Set<RecordSet>>, k: string, set: RecordSet): void => {
    const list = map.get(k);
    if (list) list.add(set);
    else map.set(k, new Set([set]));
  };
  for (const y of b) {
    for (const r of y.records) index(byKey, r.key, y);
    if (y.section !== undefined) index(byPlace, `s\u0000${y.section}`, y);
    if (y.leadIn !== undefined) index(byPlace, `l\u0000${y.leadIn}`, y);
  }
  const candidates: Array<[number, RecordSet, RecordSet]> = [];
  for (const x of a) {
    const shares = new Map<RecordSet, number>();
    for (const key of keysOf(x)) for (const y of byKey.get(key) ?? []) shares.set(y, (shares.get(y) ?? 0) + 1);
    for (const k of [x.section === undefined ? '' : `s\u0000${x.section}`, x.leadIn === undefined ? '' : `l\u0000${x.leadIn}`]) {
      for (const y of byPlace.get(k) ?? []) if (!shares.has(y)) shares.set(y, 0);
    }
    for (const [y, shared] of shares) {
      if (x.from !== y.from) continue;
      const overlap = shared / Math.max(1, Math.min(x.records.length, y.records.length));
      const sameShape = sameColumns(x, y) || sharedColumns(x, y) >= Math.min(x.columnKeys.length, y.columnKeys.length) - 1;
      const samePlace = (x.section !== undefined && x.section === y.section) || (x.leadIn !== undefined && x.leadIn === y.leadIn);
      const sameWidth = x.columnKeys.length === y.columnKeys.length;
      if (overlap < 0.3 && !((sameShape || sameWidth) && samePlace)) continue;
      candidates.push([overlap + (sameShape ? 0.3 : 0) + (samePlace ? 0.2 : 0) + (x.noun.plural === y.noun.plural ? 0.1 : 0), x, y]);
    }
  }
  return bestPairs(candidates, (x, y) => [x.order, y.order]).sort((p, q) => p[1].order - q[1].order);
}

/** Columns paired by header; unnamed columns by position, or by the values they hold when the width changed. */
function mapColumns(x: RecordSet, y: RecordSet): Map<number, number> {
  const map = new Map<number, number>();
  const named = x.columnKeys.some((k) => !k.startsWith('#')) && y.columnKeys.some((k) => !k.startsWith('#'));
  if (named) {
    x.columnKeys.forEach((k, i) => {
      const j = y.columnKeys.indexOf(k);
      if (j >= 0) map.set(i, j);
    });
    return map;
  }
  if (x.columnKeys.length === y.columnKeys.length) {
    x.columnKeys.forEach((_, i) => map.set(i, i));
    return map;
  }
  const scores: Array<[number, number, number]> = [];
  for (let i = 0; i < x.columnKeys.length; i++) {
    const values = new Set(x.records.map((r) => (r.keys[i] ?? '')));
    for (let j = 0; j < y.columnKeys.length; j++) {
      let hits = 0;
      for (const r of y.records) if (values.has((r.keys[j] ?? ''))) hits++;
      scores.push([hits / Math.max(1, y.records.length), i, j]);
    }
  }
  scores.sort((p, q) => q[0] - p[0]);
  const used = new Set<number>();
  for (const [score, i, j] of scores) {
    if (score < 0.5 || map.has(i) || used.has(j)) continue;
    map.set(i, j);
    used.add(j);
  }
  return map;
}

function diffPair(x: RecordSet, y: RecordSet): PairDiff {
  const columns = mapColumns(x, y);
  const mappedNew = new Set(columns.values());
  let goneColumns = x.columnKeys.map((_, i) => i).filter((i) => !columns.has(i));
  let newColumns = y.columnKeys.map((_, j) => j).filter((j) => !mappedNew.has(j));
  const hash = (r: Record, side: 'x' | 'y'): string =>
    [...columns].map(([i, j]) => ((side === 'x' ? r.keys[i] : r.keys[j]) ?? '')).join('\u0001');

  const pending = new Map<string, Record[]>();
  for (const r of y.records) {
    const k = `${r.key}\u0000${hash(r, 'y')}`;
    addTo(pending, k, r);
  }
  const restOld: Record[] = [];
  for (const r of x.records) {
    const list = pending.get(`${r.key}\u0000${hash(r, 'x')}`);
    if (list && list.length > 0) list.shift();
    else restOld.push(r);
  }
  const restNew = y.records.filter((r) => (pending.get(`${r.key}\u0000${hash(r, 'y')}`) ?? []).includes(r));
  const byKey = new Map<string, Record[]>();
  for (const r of restNew) {
    addTo(byKey, r.key, r);
  }
  const changed: Array<[Record, Record]> = [];
  const removed: Record[] = [];
  for (const r of restOld) {
    const n = byKey.get(r.key)?.shift();
    if (n) changed.push([r, n]);
    else removed.push(r);
  }
  let added = restNew.filter((r) => !changed.some(([, n]) => n === r));
  // Rows named by a passage of prose (a purpose, a legal basis): an edited name is the same row, edited.
  for (const [o, n] of pairProse(removed, added)) {
    changed.push([o, n]);
    removed.splice(removed.indexOf(o), 1);
    added = added.filter((r) => r !== n);
  }

  // A key that changed while every other field stayed: the record was renamed, if its old and new names are alike.
  const renamed: Array<[Record, Record]> = [];
  const rest = (r: Record, side: 'x' | 'y'): string =>
    [...columns].filter(([i]) => i !== x.keyColumn).map(([i, j]) => ((side === 'x' ? r.keys[i] : r.keys[j]) ?? '')).join('\u0001');
  const unique = (list: Record[], side: 'x' | 'y'): Map<string, Record> => {
    const seen = new Map<string, Record | undefined>();
    for (const r of list) {
      const k = rest(r, side);
      seen.set(k, seen.has(k) ? undefined : r);
    }
    return new Map([...seen].filter((e): e is [string, Record] => e[1] !== undefined));
  };
  const oldByRest = unique(removed, 'x');
  for (const [k, n] of unique(added, 'y')) {
    const o = oldByRest.get(k);
    if (o && alike(o.name, n.name)) renamed.push([o, n]);
  }
  const renamedOld = new Set(renamed.map(([o]) => o));
  const renamedNew = new Set(renamed.map(([, n]) => n));
  added = added.filter((r) => !renamedNew.has(r));

  // A column renamed: the same values under a new header.
  const renamedColumns: Array<[number, number]> = [];
  for (const i of goneColumns) {
    const j = newColumns.find((c) => sameValues(x, i, y, c, changed, x.records, y.records));
    if (j === undefined) continue;
    renamedColumns.push([i, j]);
  }
  goneColumns = goneColumns.filter((i) => !renamedColumns.some(([c]) => c === i));
  newColumns = newColumns.filter((j) => !renamedColumns.some(([, c]) => c === j));
  for (const [i, j] of renamedColumns) columns.set(i, j);

  return {
    before: x,
    after: y,
    columns,
    newColumns,
    goneColumns,
    renamedColumns,
    added,
    removed: removed.filter((r) => !renamedOld.has(r)),
    changed: changed.filter(([o, n]) => [...columns].some(([i, j]) => (o.keys[i] ?? '') !== (n.keys[j] ?? ''))),
    renamed,
  };
}

/** Column i of x holds what column j of y holds, record for record (by key). */
function sameValues(x: RecordSet, i: number, y: RecordSet, j: number, _changed: unknown, a: readonly Record[], b: readonly Record[]): boolean {
  const byKey = new Map(b.map((r) => [r.key, r]));
  let both = 0;
  let same = 0;
  for (const r of a) {
    const n = byKey.get(r.key);
    if (!n) continue;
    both++;
    if ((r.keys[i] ?? '') === (n.keys[j] ?? '')) same++;
  }
  return both > 0 && same >= 0.8 * both && x.columns[i] !== y.columns[j];
}

const PROSE_KEY_WORDS = 6;
const PROSE_MIN_SIMILARITY = 0.5;
const MAX_PROSE_PAIRS = 200 * 200;

function pairProse(removed: readonly Record[], added: readonly Record[]): Array<[Record, Record]> {
  const prose = (r: Record): boolean => r.name.split(' ').length > PROSE_KEY_WORDS;
  const a = removed.filter(prose);
  const b = added.filter(prose);
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_PROSE_PAIRS) return [];
  const words = (r: Record): Set<string> => new Set(r.cells.join(' ').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const wa = a.map(words);
  const wb = b.map(words);
  const candidates: Array<[number, number, number]> = [];
  wa.forEach((x, i) => {
    wb.forEach((y, j) => {
      let both = 0;
      for (const t of x) if (y.has(t)) both++;
      const dice = (2 * both) / Math.max(1, x.size + y.size);
      if (dice >= PROSE_MIN_SIMILARITY) candidates.push([dice, i, j]);
    });
  });
  return bestPairs(candidates, (i, j) => [i, j]).map(([i, j]) => [a[i] as Record, b[j] as Record]);
}

function alike(a: string, b: string): boolean {
  const ka = plainKey(a);
  const kb = plainKey(b);
  if (!ka || !kb) return false;
  if (ka.includes(kb) || kb.includes(ka)) return true;
  const grams = (s: string): Set<string> => new Set(Array.from({ length: Math.max(0, s.length - 1) }, (_, i) => s.slice(i, i + 2)));
  const ga = grams(ka);
  const gb = grams(kb);
  let both = 0;
  for (const g of ga) if (gb.has(g)) both++;
  return (2 * both) / Math.max(1, ga.size + gb.size) >= 0.5;
}

interface FieldEdit {
  noun: Noun;
  column: string;
  columnKey: string;
  record: string;
  before: string;
  after: string;
  /** For cells that list values (domains, countries): what left and what came. */
  gone?: string[];
  came?: string[];
  /** The edit is to the record's name. */
  key: boolean;
  /** For long cells: the words that changed. */
  words?: string;
  section?: string;
  lines: [string, string];
}

/** Cells that list values: "a.com, b.com" or "a.com b.com" (each part a single word with a dot or slash). */
function parts(value: string): string[] | undefined {
  if (value.includes(',')) {
    const list = value.split(/\s*,\s*/).filter(Boolean);
    return list.length >= 1 && list.every((p) => p.split(' ').length <= 4) ? list : undefined;
  }
  const list = value.split(/\s+/).filter(Boolean);
  return list.length >= 1 && list.every((p) => /[./@]/.test(p)) ? list : undefined;
}

class Reporter {
  readonly changes: KeyChange[] = [];
  private readonly edits: FieldEdit[] = [];

  constructor(private readonly mentions: Mentions) {}

  pair(d: PairDiff, movedIn: ReadonlySet<Record>, movedOut: ReadonlySet<Record>): void {
    const { before: x, after: y } = d;
    const noun = y.noun;
    const where = place(y);
    const Noun = capitalize(noun.singular);
    const columnNotes: string[] = [];
    for (const j of d.newColumns) columnNotes.push(`new column ${quote(y.columns[j] || `#${j + 1}`, 40)}${valueSpread(y, j)}`);
    for (const i of d.goneColumns) columnNotes.push(`column ${quote(x.columns[i] || `#${i + 1}`, 40)} removed`);
    for (const [i, j] of d.renamedColumns) columnNotes.push(`column ${quote(x.columns[i] ?? '', 40)} renamed ${quote(y.columns[j] ?? '', 40)}`);
    if (columnNotes.length > 0) {
      this.push({
        kind: 'changed',
        text: `${capitalize(noun.singular)} table${where}: ${columnNotes.join('; ')}`,
        short: `${noun.singular} table ${columnNotes[0]}`,
      }, y);
    }
    const paged = x.pageOf !== undefined || y.pageOf !== undefined;
    const total = (s: RecordSet): number => s.pageOf ?? s.records.length;
    const counted = total(x) !== total(y) ? `; ${total(x)} → ${total(y)} ${noun.plural}` : '';
    let countTold = false;
    const added = d.added.filter((r) => !movedIn.has(r));
    const removed = d.removed.filter((r) => !movedOut.has(r));
    if (added.length > 0) {
      const verb = paged ? `Now on the page of ${noun.plural} shown` : undefined;
      this.records(y, added, 'new', verb, countTold ? '' : counted, where);
      countTold = true;
    }
    if (removed.length > 0) {
      const verb = paged ? `No longer on the page of ${noun.plural} shown` : undefined;
      this.records(x, removed, 'removed', verb, countTold ? '' : counted, where);
      countTold = true;
    }
    // Without additions or removals the count moves only with records that moved between sets (told as moves) or
    // with a paginated list's total.
    if (!countTold && counted && paged) this.push({ kind: 'changed', text: `${capitalize(noun.plural)}${where}: ${counted.slice(2)}`, short: counted.slice(2) }, y);
    for (const [o, n] of d.renamed) {
      this.push({
        kind: 'changed',
        text: `${Noun} ${quote(o.name, 60)} renamed ${quote(n.name, 60)}${where}`,
        short: `${noun.singular} ${clip(o.name, 25)} → ${clip(n.name, 25)}`,
        before: line(o),
        after: line(n),
      }, y);
    }
    for (const [o, n] of d.changed) this.edit(x, y, d.columns, o, n);
  }

  /** A set with no counterpart: its records came or went together. */
  lone(set: RecordSet, kind: 'new' | 'removed', moved: ReadonlySet<Record>): void {
    const records = set.records.filter((r) => !moved.has(r));
    if (records.length === 0) return;
    const whole = records.length === set.records.length;
    this.records(set, records, kind, undefined, whole ? ` (${kind === 'new' ? 'a new' : 'the whole'} ${set.from === 'table' ? 'table' : 'list'} of ${count(set.records.length, set.noun)})` : '', place(set));
  }

  private records(set: RecordSet, records: readonly Record[], kind: 'new' | 'removed', verb: string | undefined, note: string, where: string): void {
    const noun = set.noun;
    const other = kind === 'new' ? this.mentions.before : this.mentions.after;
    const elsewhere = records.filter((r) => mentioned(r.name, other));
    const truly = records.filter((r) => !elsewhere.includes(r));
    const groups: Array<[Record[], string]> = [];
    if (truly.length > 0) groups.push([truly, verb ?? `${kind === 'new' ? 'New' : 'Removed'} ${records.length === 1 ? noun.singular : noun.plural}`]);
    if (elsewhere.length > 0) {
      // The name is still (or already) in the other version's text: listed or unlisted here, not created or deleted.
      groups.push([elsewhere, verb ?? `${kind === 'new' ? 'Now listed' : 'No longer listed'} as ${elsewhere.length === 1 ? noun.singular : noun.plural} (${kind === 'new' ? 'already' : 'still'} on the page outside the ${set.from === 'table' ? 'table' : 'list'})`]);
    }
    groups.forEach(([list, lead], g) => {
      const { shared, each } = details(set, list);
      const names = list.map((r) => (each.get(r) ? `${clip(r.name, 80)} (${each.get(r)})` : clip(r.name, 80)));
      this.push({
        kind,
        text: `${lead}${where}${shared ? ` (${shared})` : ''}: ${listOf(names, 500)}${g === 0 ? note : ''}`,
        short: `${kind === 'new' ? (verb ? 'now shown' : 'new') : verb ? 'not shown' : 'removed'} ${list.length === 1 ? noun.singular : noun.plural} ${listOf(list.map((r) => clip(r.name, 40)), 60)}`,
        ...(kind === 'new' ? { after: list.map(line).join('\n') } : { before: list.map(line).join('\n') }),
      }, set);
    });
  }

  moves(moves: readonly Move[]): void {
    const groups = new Map<string, Move[]>();
    for (const m of moves) {
      const k = `${m.from.id}\u0000${m.to.id}`;
      addTo(groups, k, m);
    }
    for (const list of groups.values()) {
      const { from, to } = list[0] as Move;
      const moved = list.filter((m) => m.from.from === 'table' || m.to.from === 'table');
      const label = (s: RecordSet): string => (s.section && s.section !== (from === s ? to : from).section ? `'${clip(s.section, 50)}'` : s.leadIn ? `the table after '${clip(s.leadIn, 50)}'` : 'another table');
      const names = moved.map((m) => m.after.name);
      this.push({
        kind: 'changed',
        text: `${capitalize(names.length === 1 ? to.noun.singular : to.noun.plural)} moved from ${label(from)} to ${label(to)}: ${listOf(names, 300)}`,
        short: `${listOf(names, 40)} moved to ${label(to)}`,
        before: list.map((m) => line(m.before)).join('\n'),
        after: list.map((m) => line(m.after)).join('\n'),
      }, to);
      for (const m of list) {
        const columns = new Map<number, number>();
        m.from.columnKeys.forEach((k, i) => {
          const j = m.to.columnKeys.indexOf(k);
          if (j >= 0) columns.set(i, j);
        });
        this.edit(m.from, m.to, columns, m.before, m.after);
      }
    }
  }

  private edit(x: RecordSet, y: RecordSet, columns: ReadonlyMap<number, number>, o: Record, n: Record): void {
    for (const [i, j] of columns) {
      if ((o.keys[i] ?? '') === (n.keys[j] ?? '')) continue;
      const before = o.shown[i] || (o.cells[i] ?? '');
      const after = n.shown[j] || (n.cells[j] ?? '');
      const edit: FieldEdit = {
        noun: y.noun,
        column: y.columns[j] || x.columns[i] || '',
        columnKey: y.columnKeys[j] ?? `#${j}`,
        key: j === y.keyColumn,
        record: n.name || o.name,
        before,
        after,
        ...(y.section !== undefined && { section: y.section }),
        lines: [line(o), line(n)],
      };
      const a = parts(before);
      const b = parts(after);
      if (a && b && (a.length > 1 || b.length > 1)) {
        const keys = (l: string[]) => new Set(l.map(plainKey));
        const ka = keys(a);
        const kb = keys(b);
        edit.gone = a.filter((p) => !kb.has(plainKey(p)));
        edit.came = b.filter((p) => !ka.has(plainKey(p)));
      } else if (Math.max(before.split(' ').length, after.split(' ').length) > LONG_CELL_WORDS) {
        edit.words = wordEdits(before, after);
      }
      this.edits.push(edit);
    }
  }

  /** Field edits, told once per pattern when many records changed the same field. */
  fieldEdits(): void {
    const byColumn = new Map<string, FieldEdit[]>();
    for (const e of this.edits) {
      const k = `${e.noun.plural}\u0000${e.columnKey}`;
      addTo(byColumn, k, e);
    }
    const single: FieldEdit[] = [];
    for (const list of byColumn.values()) {
      const patterns = new Map<string, { text: string; records: string[] }>();
      for (const e of list) {
        const text = e.gone && e.came ? delta(e.gone, e.came) : (e.words ?? `${quote(e.before, 40)} → ${quote(e.after, 40)}`);
        const p = patterns.get(text);
        if (p) p.records.push(e.record);
        else patterns.set(text, { text, records: [e.record] });
      }
      const sorted = [...patterns.values()].sort((p, q) => q.records.length - p.records.length);
      // A pattern is a change shared by records; edits that are each their own are told record by record.
      if (list.length < GROUP_ROWS || (sorted[0]?.records.length ?? 0) < 2) {
        single.push(...list);
        continue;
      }
      const first = list[0] as FieldEdit;
      const shown = sorted.slice(0, 4).map((p) => `${p.text} for ${count(p.records.length, first.noun)} (${listOf(p.records, 80)})`);
      const more = sorted.length > 4 ? `; ${sorted.length - 4} other changes` : '';
      const field = first.key || !named(first.column) ? '' : `${fieldName(first.column)} `;
      const records = list.length;
      this.changes.push(record({
        kind: 'changed',
        text: `${capitalize(first.noun.singular)} ${field}changed for ${count(records, first.noun)}: ${shown.join('; ')}${more}${ref(first.section)}`,
        // Several patterns: the most shared one says what the edit is, "of N" how far it went.
        short: `${first.noun.singular} ${field}${(sorted[0] as { text: string }).text} for ${sorted.length === 1 ? '' : `${(sorted[0] as { records: string[] }).records.length} of `}${count(records, first.noun)}`,
        before: list.map((e) => e.lines[0]).join('\n'),
        after: list.map((e) => e.lines[1]).join('\n'),
        ...(first.section !== undefined && { section: first.section }),
      }));
    }
    const byRecord = new Map<string, FieldEdit[]>();
    for (const e of single) {
      const k = `${e.noun.plural}\u0000${e.record}`;
      addTo(byRecord, k, e);
    }
    for (const list of byRecord.values()) {
      const first = list[0] as FieldEdit;
      const said = list.map((e) => {
        const field = e.key || !named(e.column) ? '' : `${fieldName(e.column)} `;
        const arrow = e.words ?? `${quote(e.before, 60)} → ${quote(e.after, 60)}`;
        return `${field}${e.gone && e.came && arrow.length > 90 ? delta(e.gone, e.came) : arrow}`;
      });
      this.changes.push(record({
        kind: 'changed',
        text: `${capitalize(first.noun.singular)} ${quote(first.record, 60)}: ${said.join('; ')}${ref(first.section)}`,
        short: `${clip(first.record, 30)} ${clip(said[0] ?? '', 70)}`,
        before: first.lines[0],
        after: first.lines[1],
        ...(first.section !== undefined && { section: first.section }),
      }));
    }
  }

  private push(change: Omit<KeyChange, 'source'>, set: RecordSet): void {
    this.changes.push(record({ ...change, ...(set.section !== undefined && { section: set.section }) }));
  }
}

function record(change: Omit<KeyChange, 'source'>): KeyChange {
  return { ...change, source: 'record' };
}

/** A cell longer than this is prose: its change is told by the words that changed. */
const LONG_CELL_WORDS = 12;

function wordEdits(before: string, after: string): string {
  const edits = editsIn(before, after);
  if (edits.length === 0 || edits.length > 3) return `now reads ${quote(after, 160)}`;
  return edits.map((e) => sayEdit(e)).join('; ');
}

/** Whether the page names the column at all. */
function named(column: string): boolean {
  return column !== '';
}

function delta(gone: readonly string[], came: readonly string[]): string {
  const said: string[] = [];
  if (gone.length > 0) said.push(`${gone.map((g) => quote(g, 40)).join(', ')} removed`);
  if (came.length > 0) said.push(`${came.map((c) => quote(c, 40)).join(', ')} added`);
  return said.join(', ') || 'reordered';
}

/** A record as one line of text: its fields as shown, in order. */
function line(r: Record): string {
  return r.shown.map((c, i) => c || (r.cells[i] ?? '')).filter(Boolean).join(' | ');
}

function ref(section: string | undefined): string {
  return section === undefined ? '' : ` (${sectionRef(section) ?? section})`;
}

/** " in 'Sub-processors'" (the heading), else nothing. */
function place(set: RecordSet): string {
  return set.section ? ` in ${quote(set.section, 50)}` : '';
}

/** A new column's values as a reader would summarize them: "Essential 14, Non-Essential 32". */
function valueSpread(set: RecordSet, column: number): string {
  const counts = new Map<string, number>();
  for (const r of set.records) {
    const v = r.cells[column] ?? '';
    if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  if (counts.size === 0) return '';
  if (counts.size > 5) return ` (${listOf([...counts.keys()].slice(0, 3).map((v) => clip(v, 30)), 100)}, …)`;
  return ` (${[...counts].map(([v, n]) => `${clip(v, 30)}: ${n}`).join(', ')})`;
}

/** What to say about each record beside its name: its other fields; those all the records told share, said once. */
function details(set: RecordSet, records: readonly Record[]): { shared: string; each: Map<Record, string> } {
  const informative = set.columns.map((_, c) => c).filter((c) => c !== set.keyColumn && records.some((r) => r.cells[c]));
  const shared = records.length > 1 ? informative.filter((c) => new Set(records.map((r) => (r.keys[c] ?? ''))).size === 1) : [];
  const each = new Map<Record, string>();
  for (const r of records) {
    const said = informative.filter((c) => !shared.includes(c)).map((c) => clip(r.shown[c] || (r.cells[c] ?? ''), 60)).filter(Boolean);
    if (said.length > 0) each.set(r, clip(said.join(', '), 140));
  }
  const first = records[0];
  const sharedText = first ? shared.map((c) => clip(first.shown[c] || (first.cells[c] ?? ''), 60)).filter(Boolean).join(', ') : '';
  return { shared: sharedText, each };
}

/** The name occurs, as whole words, in the other version's text outside its record sets. */
function mentioned(name: string, text: Words): boolean {
  // A long name (a passage of prose) is found by its opening words.
  const words = name.toLowerCase().match(/[\p{L}\p{N}_]+/gu)?.slice(0, 8);
  if (!words || words.join('').length < 3) return false;
  const starts = text.at.get(words[0] as string) ?? [];
  // A name this common is not evidence either way; look no further than this many places.
  for (const start of starts.slice(0, MAX_MENTIONS)) {
    if (words.every((w, k) => text.words[start + k] === w)) return true;
  }
  return false;
}

const MAX_MENTIONS = 2000;

/** A version's words outside its record sets, with where each word occurs. */
export interface Words {
  words: string[];
  at: Map<string, number[]>;
}

export function wordIndex(words: string[]): Words {
  const at = new Map<string, number[]>();
  words.forEach((w, i) => {
    addTo(at, w, i);
  });
  return { words, at };
}
