import { cellShown, plainKey } from './parse.ts';
import type { Block, Doc, Heading, Line, Table } from './parse.ts';

/**
 * Repeated records: the rows of a table, or a run of blocks that repeat the same fields (cookie entries "Name /
 * Purpose / Duration", sub-processor cards: a heading or bold title, then "Label: value" lines or short lines in the
 * same order). Each record has a key, the value that names it, so versions are compared record by record.
 */

export interface Record {
  key: string;
  /** The key as shown. */
  name: string;
  /** Plain text. */
  cells: string[];
  /** The cells as compared (plainKey). */
  keys: string[];
  /** As shown. */
  shown: string[];
  /** Compared across versions: equal hashes, equal records. */
  hash: string;
  lines: Line[];
}

export interface Noun {
  singular: string;
  plural: string;
}

export interface RecordSet {
  id: number;
  from: 'table' | 'blocks';
  /** Column names as written ('' when the page names none). */
  columns: string[];
  columnKeys: string[];
  keyColumn: number;
  records: Record[];
  /** The kind of record in the page's words ("cookies", "sub-processors"). */
  noun: Noun;
  /** Where it sits: the nearest heading. */
  section?: string;
  /** The paragraph above it, when it introduces it. */
  leadIn?: string;
  /** Every line the set is written in (headers, titles, rows). */
  lines: Line[];
  /** Headings that are record titles, not sections. */
  titles: Heading[];
  /** It shows one page of a longer list ("1-10 of 17 results"). */
  pageOf?: number;
  order: number;
}

export function recordSets(doc: Doc): RecordSet[] {
  const sets: RecordSet[] = [];
  for (const table of doc.tables) {
    const set = fromTable(doc, table, sets.length);
    if (set) sets.push(set);
  }
  for (const set of fromBlocks(doc, sets.length)) sets.push(set);
  return sets.sort((a, b) => a.order - b.order).map((s, id) => ({ ...s, id }));
}

function fromTable(doc: Doc, table: Table, id: number): RecordSet | undefined {
  if (table.rows.length === 0) return undefined;
  const width = Math.max(table.header?.length ?? 0, ...table.rows.map((r) => r.cells.length));
  if (width < 2) return undefined;
  const columns = Array.from({ length: width }, (_, i) => table.header?.[i] ?? '');
  const rows = table.rows.map((r) => Array.from({ length: width }, (_, i) => r.cells[i] ?? ''));
  const shown = table.rows.map((r) => Array.from({ length: width }, (_, i) => r.shown[i] ?? ''));
  const keys = rows.map((r) => r.map(plainKey));
  const keyColumn = chooseKey(columns, rows, keys);
  const section = table.section === undefined ? undefined : doc.headings[table.section];
  return {
    id,
    from: 'table',
    columns,
    columnKeys: columns.map((c, i) => plainKey(c) || `#${i}`),
    keyColumn,
    records: table.rows.map((r, i) => makeRecord(rows[i] as string[], shown[i] as string[], keyColumn, [r.line], keys[i])),
    noun: nounFor(columns[keyColumn] ?? '', table.leadIn, section, 'row'),
    ...(section && { section: section.text }),
    ...(table.leadIn !== undefined && { leadIn: table.leadIn }),
    // A page's "1-10 of 17 results" is told with the page: its total is the list's count.
    lines: [...(table.pager ?? []), ...table.lines],
    titles: [],
    ...(table.pageOf !== undefined && { pageOf: table.pageOf }),
    order: table.lines[0]?.n ?? 0,
  };
}

function makeRecord(cells: string[], shown: string[], keyColumn: number, lines: Line[], keys = cells.map(plainKey)): Record {
  const plain = cells[keyColumn] ?? '';
  const name = shown[keyColumn] || plain;
  return { key: keys[keyColumn] || plain, name, cells, keys, shown, hash: keys.join('\u0001'), lines };
}

const KEY_HINT = /\b(?:names?|cookies?|vendors?|entit(?:y|ies)|(?:sub-?)?processors?|providers?|compan(?:y|ies)|services?|part(?:y|ies)|partners?|recipients?|titles?|terms?|tools?|apps?|products?|ids?|identifiers?|technolog(?:y|ies)|categor(?:y|ies)|types?)\b/iu;
const QUANTITY = /^(?:\d[\d.,]*\s*(?:%|[a-z]{0,8}s?)?|session|persistent|n\/a|none|yes|no|-|\d{4}-\d{2}-\d{2})$/iu;

/**
 * The key column names the record: its values are unique, short and text-like (not durations or flags), and it tends
 * to come first. A header such as "Name" or "Cookie" helps but is not needed.
 */
export function chooseKey(columns: readonly string[], rows: readonly string[][], keys: readonly string[][] = rows.map((r) => r.map(plainKey))): number {
  if (rows.length <= 1) return 0;
  let best = 0;
  let bestScore = -Infinity;
  for (let c = 0; c < columns.length; c++) {
    const values = keys.map((r) => r[c] ?? '');
    const filled = values.filter(Boolean);
    const distinct = new Set(filled).size / rows.length;
    const words = filled.reduce((n, v, i) => n + (rows[i]?.[c] ?? v).split(' ').length, 0) / Math.max(1, filled.length);
    const quantities = rows.filter((r) => QUANTITY.test((r[c] ?? '').trim())).length / rows.length;
    // A column with repeated values cannot name its rows: uniqueness weighs most.
    const score =
      2 * distinct -
      (1 - filled.length / rows.length) -
      (words > 6 ? 0.5 + Math.min(0.3, words / 300) : words > 3 ? 0.2 : 0) -
      quantities +
      (KEY_HINT.test(columns[c] ?? '') && words <= 4 ? 0.25 : 0) -
      0.03 * c;
    if (score > bestScore) {
      bestScore = score;
      best = c;
    }
  }
  return best;
}

const GENERIC = /\b(?:name|names|id|identifier|title|full|legal|the|of)\b/giu;
const SKIP_PLURAL = new Set(['this', 'its', 'us', 'as', 'is', 'was', 'has', 'does', 'always', 'terms', 'details', 'results', 'less', 'process', 'business', 'access', 'address', 'across', 'various', 'previous', 'analytics', 'purposes', 'services']);

/** The kind of record in the page's own words: the key column's header, else the list its lead-in or heading names. */
export function nounFor(keyHeader: string, leadIn: string | undefined, section: Heading | undefined, fallback: 'row' | 'entry'): Noun {
  // "Cookie name" → cookie; "Purpose of processing" → purpose; "Name of vendor" → vendor.
  const fromHeader = keyHeader
    .split(/\bof\b/iu)
    .map((part) => part.replace(GENERIC, ' ').replace(/\s+/g, ' ').trim())
    .find(Boolean) ?? '';
  if (fromHeader && fromHeader.split(' ').length <= 3 && /\p{L}/u.test(fromHeader)) return noun(fromHeader);
  for (const text of [leadIn, section?.title]) {
    const named = text && /\b(?:list|table|overview|summary) of\s+(?:(?:all|the|our|each|these|current)\s+)*((?:[\p{L}-]+\s+){0,2}?[\p{L}-]+s)\b/iu.exec(text);
    if (named?.[1]) return noun(lastWords(named[1]));
  }
  const heading = section?.title;
  if (heading && heading.split(' ').length <= 6) {
    const plural = heading.split(/\s+/).find((w) => /^[\p{L}-]{4,}s$/u.test(w) && !SKIP_PLURAL.has(w.toLowerCase()));
    if (plural) return noun(plural);
  }
  return fallback === 'row' ? { singular: 'row', plural: 'rows' } : { singular: 'entry', plural: 'entries' };
}

function lastWords(text: string): string {
  const words = text.trim().split(/\s+/);
  return words[words.length - 1] ?? text;
}

function noun(text: string): Noun {
  const t = /^\p{Lu}[\p{Ll}-]*(?:\s|$)/u.test(text) ? text.toLowerCase() : text;
  return /s$/iu.test(t) && !/(?:ss|is|us)$/iu.test(t) ? { singular: singular(t), plural: t } : { singular: t, plural: plural(t) };
}

function singular(word: string): string {
  if (/(?:k|v|oog)ies$/iu.test(word)) return word.slice(0, -1);
  if (/[^aeiou]ies$/iu.test(word)) return word.slice(0, -3) + 'y';
  if (/(?:ss|x|ch|sh)es$/iu.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}

function plural(word: string): string {
  if (/is$/iu.test(word)) return `${word.slice(0, -2)}es`;
  if (/[^aeiou]y$/iu.test(word)) return word.slice(0, -1) + 'ies';
  if (/(?:s|x|ch|sh)$/iu.test(word)) return `${word}es`;
  return `${word}s`;
}

// ---- records written as blocks -------------------------------------------------------------------------------

interface Entry {
  title?: { text: string; shown: string; line: Line; heading?: Heading };
  fields: Array<{ label: string; value: string; shown: string; lines: Line[] }>;
  /** Lines that are neither title nor field: an entry with any is prose, not a record. */
  other: number;
  lines: Line[];
  level: number;
  parent: Heading | undefined;
  leadIn?: string;
}

const FIELD = /^([\p{Lu}][\p{L}\p{N} '’/&()-]{0,40}?)\s*:\s+(\S.{0,300})$/u;
const BOLD_ONLY = /^\s*\*\*([^*]{1,60})\*\*:?\s*$/;
const MAX_CARD_LINE_WORDS = 12;

/**
 * Records written as blocks: a heading (or a bold line) followed by "Label: value" lines, or by a label line and its
 * value (a definition list), or by the same number of short lines in every entry (cards). Three or more entries in a
 * row sharing their labels (two, when they share two labels) make a set.
 */
function fromBlocks(doc: Doc, firstId: number): RecordSet[] {
  const entries = entriesOf(doc.blocks, doc);
  const sets: RecordSet[] = [];
  let run: Entry[] = [];
  const flush = (): void => {
    const set = run.length >= 2 ? blockSet(run, firstId + sets.length) : undefined;
    if (set) sets.push(set);
    run = [];
  };
  for (const entry of entries) {
    if (!entry) {
      flush();
      continue;
    }
    const previous = run[run.length - 1];
    if (previous && (previous.level !== entry.level || previous.parent !== entry.parent || !compatible(previous, entry))) flush();
    run.push(entry);
  }
  flush();
  return sets;
}

function labelsOf(entry: Entry): string[] {
  return entry.fields.map((f) => plainKey(f.label));
}

function compatible(a: Entry, b: Entry): boolean {
  if (a.fields.length === 0 || b.fields.length === 0) return false;
  const la = labelsOf(a);
  const lb = labelsOf(b);
  if (la.every((l) => l.startsWith('#')) || lb.every((l) => l.startsWith('#'))) return la.length === lb.length && la.every((l, i) => l === lb[i]);
  const shared = la.filter((l) => lb.includes(l)).length;
  return shared >= Math.min(2, la.length, lb.length) && shared > 0;
}

type Token = { kind: 'heading'; heading: Heading } | { kind: 'line'; line: Line; section?: number } | { kind: 'break' };

function tokensOf(blocks: readonly Block[]): Token[] {
  const out: Token[] = [];
  for (const block of blocks) {
    if (block.type === 'heading') out.push({ kind: 'heading', heading: block.heading });
    else if (block.type === 'paragraph') for (const line of block.lines) out.push({ kind: 'line', line, ...(block.section !== undefined && { section: block.section }) });
    else out.push({ kind: 'break' });
  }
  return out;
}

const words = (text: string): number => (text === '' ? 0 : text.split(' ').length);

/**
 * One entry per titled block (a heading, or a bold line above "Label: value" lines) or per run of fields that does
 * not repeat a label; undefined between runs.
 */
function entriesOf(blocks: readonly Block[], doc: Doc): Array<Entry | undefined> {
  const out: Array<Entry | undefined> = [];
  const tokens = tokensOf(blocks);
  let entry: Entry | undefined;
  let lastParagraph: string | undefined;
  const close = (): void => {
    if (entry) out.push(entry.other === 0 && entry.fields.length > 0 ? entry : undefined);
    entry = undefined;
  };
  const sectionOf = (t: Token): Heading | undefined => (t.kind === 'line' && t.section !== undefined ? doc.headings[t.section] : undefined);
  const untitled = (t: Token): Entry => ({ fields: [], other: 0, lines: [], level: 8, parent: sectionOf(t), ...(lastParagraph !== undefined && { leadIn: lastParagraph }) });
  const addField = (t: Token, label: string, value: string, lines: Line[], shown: string): void => {
    const key = plainKey(label);
    if (entry?.fields.some((f) => plainKey(f.label) === key)) {
      // A label repeats: a record ends here. Under a heading, the heading holds several records: it is no title.
      const heading = entry.title?.heading;
      if (heading) {
        const { title: _title, ...rest } = entry;
        entry = { ...rest, lines: entry.lines.filter((l) => l !== heading.line), level: 8, parent: heading };
      }
      close();
    }
    entry ??= untitled(t);
    entry.fields.push({ label, value, shown, lines });
    entry.lines.push(...lines);
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'heading') {
      close();
      const h = t.heading;
      if (h.clause) {
        out.push(undefined);
        continue;
      }
      const parent = h.parent === undefined ? undefined : doc.headings[h.parent];
      entry = { title: { text: h.title || h.text, shown: cellShown(h.line.raw), line: h.line, heading: h }, fields: [], other: 0, lines: [h.line], level: h.level, parent, ...(lastParagraph !== undefined && { leadIn: lastParagraph }) };
      lastParagraph = undefined;
      continue;
    }
    if (t.kind === 'break') {
      if (entry) entry.other++;
      else out.push(undefined);
      lastParagraph = undefined;
      continue;
    }
    const { line } = t;
    const bold = BOLD_ONLY.exec(line.raw);
    const next = tokens[i + 1];
    const nextLine = next?.kind === 'line' ? next.line : undefined;
    if (bold?.[1]) {
      const label = line.plain.replace(/:$/, '');
      if (nextLine && !BOLD_ONLY.test(nextLine.raw) && !FIELD.test(nextLine.plain) && words(nextLine.plain) <= 20) {
        addField(t, label, nextLine.plain, [line, nextLine], cellShown(nextLine.raw));
        i++;
        continue;
      }
      if (nextLine && FIELD.test(nextLine.plain)) {
        close();
        entry = { title: { text: label, shown: cellShown(line.raw).replace(/:$/, ''), line }, fields: [], other: 0, lines: [line], level: 7, parent: sectionOf(t), ...(lastParagraph !== undefined && { leadIn: lastParagraph }) };
        continue;
      }
    }
    const field = FIELD.exec(line.plain);
    if (!bold && field?.[1] && field[2] && words(field[1]) <= 5) {
      addField(t, field[1], field[2], [line], cellShown(line.raw).replace(/^[^:]*:\s*/, ''));
      continue;
    }
    const card = entry?.title?.heading && entry.fields.every((f) => f.label.startsWith('#'));
    if (card && entry && words(line.plain) <= MAX_CARD_LINE_WORDS && !/[.!?]$/.test(line.plain)) {
      entry.fields.push({ label: `#${entry.fields.length + 1}`, value: line.plain, shown: cellShown(line.raw), lines: [line] });
      entry.lines.push(line);
      continue;
    }
    // Prose ends a run of untitled fields; inside a titled block it makes the block prose, not a record.
    if (entry?.title) entry.other++;
    else {
      close();
      out.push(undefined);
    }
    lastParagraph = line.plain || lastParagraph;
  }
  close();
  return out;
}

function blockSet(run: Entry[], id: number): RecordSet | undefined {
  const positional = run.every((e) => e.fields.every((f) => f.label.startsWith('#')));
  if (positional && run.length < 3) return undefined;
  if (!positional) {
    const counts = new Map<string, number>();
    for (const e of run) for (const l of new Set(labelsOf(e))) counts.set(l, (counts.get(l) ?? 0) + 1);
    const shared = [...counts.values()].filter((n) => n >= run.length / 2).length;
    if (shared < (run.length >= 3 ? 1 : 2)) return undefined;
  }
  const columns: string[] = [];
  const columnKeys: string[] = [];
  const titled = run.every((e) => e.title);
  if (titled) {
    columns.push('');
    columnKeys.push('#title');
  }
  for (const e of run) {
    for (const f of e.fields) {
      const k = plainKey(f.label) || f.label;
      if (!columnKeys.includes(k)) {
        columnKeys.push(k);
        columns.push(f.label.startsWith('#') ? '' : f.label);
      }
    }
  }
  const rows = run.map((e) => {
    const cells = columnKeys.map(() => '');
    if (titled) cells[0] = e.title?.text ?? '';
    for (const f of e.fields) cells[columnKeys.indexOf(plainKey(f.label) || f.label)] = f.value;
    return cells;
  });
  const shown = run.map((e) => {
    const cells = columnKeys.map(() => '');
    if (titled) cells[0] = e.title?.shown ?? '';
    for (const f of e.fields) cells[columnKeys.indexOf(plainKey(f.label) || f.label)] = f.shown;
    return cells;
  });
  const keyColumn = titled ? 0 : chooseKey(columns, rows);
  const first = run[0] as Entry;
  const parent = first.parent;
  return {
    id,
    from: 'blocks',
    columns,
    columnKeys,
    keyColumn,
    records: run.map((e, i) => makeRecord(rows[i] as string[], shown[i] as string[], keyColumn, e.lines)),
    noun: nounFor(titled ? '' : (columns[keyColumn] ?? ''), first.leadIn, parent, 'entry'),
    ...(parent && { section: parent.text }),
    ...(first.leadIn !== undefined && { leadIn: first.leadIn }),
    lines: run.flatMap((e) => e.lines),
    titles: run.flatMap((e) => (e.title?.heading ? [e.title.heading] : [])),
    order: first.lines[0]?.n ?? 0,
  };
}
