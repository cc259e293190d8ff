import { addTo } from './collections.ts';
import { lineToPlainText, toPlainText, wordsOf } from '../../text/index.ts';
import { SPACE_RUNS } from '../../shared/spaces.ts';
import type { TextOptions } from '../../text/index.ts';

/**
 * Normalized Markdown (src/normalize/markdown.ts: `#` headings, `-`/`1.` lists indented by nesting, pipe tables with
 * escaped pipes, blank lines between blocks) read back as the structure a reader sees: headings with the text they
 * own, tables with their rows, lists with their items and parents. Every piece keeps the plain text of its lines, the
 * unit the sentence summarizer works in.
 */

export interface Line {
  /** Line number in the Markdown. */
  n: number;
  raw: string;
  /** The line as the sentence summarizer reads it (toPlainText). */
  plain: string;
  /** Its words, compacted (plainKey): computed once, compared everywhere. */
  key: string;
  /** How many words. */
  words: number;
}

function makeLine(n: number, raw: string, plain: string): Line {
  const { key, tokens } = wordsOf(plain);
  return { n, raw, plain, key, words: tokens.length };
}

export interface Heading {
  id: number;
  /** 1-6 for Markdown headings; 7 and deeper for numbered clauses written as paragraphs ("4.2. Title. Text"). */
  level: number;
  /** Plain heading text ("4.2. Meta Affiliates." for a clause). */
  text: string;
  number?: string;
  /** The heading without its number, compacted: what survives a renumbering. */
  name: string;
  /** Title for display, without the number ("Meta Affiliates"). */
  title: string;
  line: Line;
  parent?: number;
  /** The text it owns up to the next heading or clause (for a clause: the rest of its own line first). */
  body: Line[];
  bodyKey: string;
  bodyTokens: number;
  clause: boolean;
}

export interface Row {
  /** Cells as plain text (compared). */
  cells: string[];
  /** Cells as shown (for display: "_ga" keeps its underscore). */
  shown: string[];
  line: Line;
}

export interface Table {
  id: number;
  section?: number;
  /** The paragraph just above the table, when there is one. */
  leadIn?: string;
  header?: string[];
  rows: Row[];
  /** Every line of the table (header and rule included). */
  lines: Line[];
  /** "1-10 of 17 results" next to the table: it shows one page of a longer list. */
  pageOf?: number;
  /** The lines that say so: they belong to the view, and change with what it shows. */
  pager?: Line[];
}

export interface Item {
  id: number;
  list: number;
  depth: number;
  parent?: number;
  /** Plain text of the item (its lines joined). */
  text: string;
  key: string;
  tokens: string[];
  /** The bold or labelled term the item starts with ("Strictly Necessary Cookies"). */
  lead?: string;
  lines: Line[];
  section?: number;
  leadIn?: string;
  /** A definition or term paragraph read as an item (a run of paragraphs that each start with a bold term). */
  term: boolean;
}

export type Block =
  | { type: 'heading'; heading: Heading }
  | { type: 'paragraph'; lines: Line[]; section?: number }
  | { type: 'list'; items: Item[]; section?: number }
  | { type: 'table'; table: Table };

export interface Doc {
  lines: Line[];
  blocks: Block[];
  headings: Heading[];
  tables: Table[];
  items: Item[];
}

const HEADING = /^(#{1,6})\s+(.*)$/;
const TABLE_LINE = /^\s*\|/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
const ITEM = /^(\s*)(?:[-*+]|\d{1,3}[.)])\s+(.*)$/;
const FENCE = /^\s*(`{3,}|~{3,})/;
/** "4.2. Meta Affiliates. In connection…", "2.2 Company's Obligations. Company…", "4. Miscellaneous." */
const CLAUSE = /^(?:Section\s+)?(\d{1,2}(?:\.\d{1,2}){1,3}\.?|\d{1,2}\.)\s+(\S.*)$/u;
/** A heading's own number: "4. Data Retention", "Section 4.2 Affiliates", "12 Contact". */
const NUMBERED = /^(?:Section\s+)?(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$/u;
const CLAUSE_TITLE = /^([\p{Lu}][^.:;!?]{0,80}?)[.:](?:\s+(.*))?$/u;
const PAGER = /\b(\d{1,4})\s*[-–]\s*(\d{1,4})\s+of\s+(\d{1,5})\b/iu;

export function plainKey(text: string): string {
  return wordsOf(text).key;
}

/** A literal enumerator or bullet written in the text ("A.1.e.", "(iv)", "•"): presentation, not wording. */
const ENUMERATOR = /^(?:(?:(?:[A-Z]|\d{1,3}|[ivxlc]{1,5}|[a-z])[.)](?=[A-Za-z0-9\s])){1,5}|\(?(?:[a-z]|[ivxlc]{1,5}|\d{1,3})\))\s+|^[•·▪◦‣∙-]\s+/u;

/** A line's words without a leading literal enumerator: the same text in a list item and in a numbered paragraph. */
export function textKey(plain: string): string {
  return plainKey(plain.replace(ENUMERATOR, ''));
}

function lineTextKey(line: Line): string {
  return ENUMERATOR.test(line.plain) ? textKey(line.plain) : line.key;
}

/**
 * Where each text of a document is, by textKey: every line (`all`), and the lines that are not list items
 * (`prose`: where an item's text goes when its list is rewritten as numbered paragraphs, and back).
 */
export interface Presence {
  all: Map<string, Line[]>;
  prose: Map<string, Line[]>;
}

export function presence(doc: Doc): Presence {
  const all = new Map<string, Line[]>();
  const prose = new Map<string, Line[]>();
  const add = (map: Map<string, Line[]>, key: string, line: Line): void => {
    if (!key) return;
    addTo(map, key, line);
  };
  const inItems = new Set(doc.items.flatMap((i) => i.lines.map((l) => l.n)));
  for (const line of doc.lines) {
    const key = lineTextKey(line);
    add(all, key, line);
    if (!inItems.has(line.n)) add(prose, key, line);
  }
  return { all, prose };
}

export function parseMarkdown(markdown: string, options: TextOptions = {}): Doc {
  const lines: Line[] = markdown.split(/\r\n?|\n/).map((raw, n) => makeLine(n, raw, lineToPlainText(raw, options)));
  return new Parser(lines).run();
}

class Parser {
  readonly headings: Heading[] = [];
  readonly tables: Table[] = [];
  readonly items: Item[] = [];
  readonly blocks: Block[] = [];
  private section: number | undefined;
  private paragraph: Line[] | undefined;
  private table: Line[] | undefined;
  private list: { items: Item[]; stack: Array<{ indent: number; item: Item }> } | undefined;
  private lists = 0;
  /** The last paragraph line, while nothing else came after it. */
  private lastParagraph: string | undefined;
  private lastParagraphLines: Line[] = [];

  constructor(private readonly lines: Line[]) {}

  run(): Doc {
    let fence: string | undefined;
    for (const line of this.lines) {
      const { raw } = line;
      if (fence !== undefined) {
        if (raw.trim().startsWith(fence)) fence = undefined;
        this.paragraphLine(line);
        continue;
      }
      const f = FENCE.exec(raw);
      if (f?.[1]) {
        this.close();
        fence = f[1];
        this.paragraphLine(line);
        continue;
      }
      if (raw.trim() === '') {
        this.close();
        continue;
      }
      const h = HEADING.exec(raw);
      if (h?.[1]) {
        this.close();
        this.addHeading(line, h[1].length, line.plain, false);
        this.lastParagraph = undefined;
        continue;
      }
      if (TABLE_LINE.test(raw)) {
        if (!this.table) this.close();
        (this.table ??= []).push(line);
        continue;
      }
      if (this.table) this.close();
      const item = ITEM.exec(raw);
      if (item) {
        if (this.paragraph) this.close();
        this.addItem(line, (item[1] ?? '').length);
        continue;
      }
      if (this.list && /^\s+\S/.test(raw)) {
        this.continueItem(line, raw.length - raw.trimStart().length);
        continue;
      }
      if (this.list) this.close();
      this.paragraphLine(line);
    }
    this.close();
    this.finishHeadings();
    for (const item of this.items) setText(item);
    this.termRuns();
    return { lines: this.lines, blocks: this.blocks, headings: this.headings, tables: this.tables, items: this.items };
  }

  private close(): void {
    if (this.paragraph) {
      const lines = this.paragraph;
      this.paragraph = undefined;
      this.closeParagraph(lines);
    }
    if (this.table) {
      this.addTable(this.table);
      this.table = undefined;
      this.lastParagraph = undefined;
    }
    if (this.list) {
      this.blocks.push({ type: 'list', items: this.list.items, ...(this.section !== undefined && { section: this.section }) });
      this.list = undefined;
      this.lastParagraph = undefined;
    }
  }

  private paragraphLine(line: Line): void {
    (this.paragraph ??= []).push(line);
  }

  private closeParagraph(lines: Line[]): void {
    const first = lines[0];
    const clause = first && lines.length === 1 ? CLAUSE.exec(first.plain) : null;
    // "4.2 …" is a clause by its number; a lone "4. …" only with a short title ("4. Miscellaneous.").
    const dotted = /\d\.\d/.test(clause?.[1] ?? '');
    const titled = (CLAUSE_TITLE.exec(clause?.[2] ?? '')?.[1]?.split(' ').length ?? 99) <= 8;
    if (first && clause?.[1] && clause[2] && /^\p{Lu}/u.test(clause[2]) && (dotted || titled)) {
      this.addHeading(first, 6 + clause[1].split('.').filter(Boolean).length, first.plain, true);
      this.lastParagraph = undefined;
      return;
    }
    const block: Block = { type: 'paragraph', lines, ...(this.section !== undefined && { section: this.section }) };
    this.blocks.push(block);
    this.current?.body.push(...lines);
    const text = lines.map((l) => l.plain).filter(Boolean).join(' ');
    if (text) {
      this.lastParagraph = text;
      this.lastParagraphLines = lines;
    }
  }

  private get current(): Heading | undefined {
    return this.section === undefined ? undefined : this.headings[this.section];
  }

  private addHeading(line: Line, level: number, text: string, clause: boolean): void {
    let number: string | undefined;
    let title = text;
    let rest: string | undefined;
    const numbered = (clause ? CLAUSE : NUMBERED).exec(text);
    if (numbered?.[1] && numbered[2]) {
      number = numbered[1].replace(/\.$/, '');
      title = numbered[2];
      if (clause) {
        const t = CLAUSE_TITLE.exec(numbered[2]);
        if (t?.[1] && t[1].split(' ').length <= 10) {
          title = t[1];
          rest = t[2];
        } else {
          title = '';
          rest = numbered[2];
        }
      }
    }
    let parent: number | undefined = this.section;
    while (parent !== undefined && (this.headings[parent] as Heading).level >= level) parent = this.headings[parent]?.parent;
    const heading: Heading = {
      id: this.headings.length,
      level,
      text,
      ...(number !== undefined && { number }),
      name: plainKey(clause && !title ? (rest ?? '') : title),
      title: title.replace(/[.:]$/, ''),
      line,
      ...(parent !== undefined && { parent }),
      body: rest ? [makeLine(line.n, rest, rest)] : [],
      bodyKey: '',
      bodyTokens: 0,
      clause,
    };
    this.headings.push(heading);
    this.blocks.push({ type: 'heading', heading });
    this.section = heading.id;
  }

  private finishHeadings(): void {
    for (const h of this.headings) {
      h.bodyKey = h.body.map((l) => l.key).join(' ');
      h.bodyTokens = h.body.reduce((k, l) => k + l.words, 0);
    }
  }

  private addTable(lines: Line[]): void {
    const rows = lines.filter((l) => !TABLE_RULE.test(l.raw)).map((line) => ({ cells: splitCells(line.raw), shown: [] as string[], line }));
    const ruled = lines.length > 1 && TABLE_RULE.test(lines[1]?.raw ?? '');
    let header: string[] | undefined;
    if (ruled) {
      const first = rows.shift();
      if (first && first.cells.some((c) => c !== '')) header = first.cells.map(cellText);
    }
    if (!header && rows.length > 1 && looksLikeHeader(rows[0] as Row, rows.slice(1))) header = (rows.shift() as Row).cells.map(cellText);
    const body = rows
      .filter((r) => r.cells.some((c) => cellText(c) !== ''))
      .map((r) => ({ cells: r.cells.map(cellText), shown: r.cells.map(cellShown), line: r.line }));
    const table: Table = {
      id: this.tables.length,
      ...(this.section !== undefined && { section: this.section }),
      ...(this.lastParagraph !== undefined && { leadIn: this.lastParagraph }),
      ...(header && { header }),
      rows: body,
      lines,
    };
    const pager = this.lastParagraph === undefined ? undefined : PAGER.exec(this.lastParagraph);
    if (pager?.[3] && Number(pager[3]) > body.length) {
      table.pageOf = Number(pager[3]);
      table.pager = this.lastParagraphLines;
    }
    this.tables.push(table);
    this.blocks.push({ type: 'table', table });
    this.current?.body.push(...lines);
  }

  private addItem(line: Line, indent: number): void {
    if (!this.list) {
      this.list = { items: [], stack: [] };
      this.lists++;
    }
    const { stack } = this.list;
    while (stack.length > 0 && (stack[stack.length - 1] as { indent: number }).indent >= indent) stack.pop();
    const parent = stack[stack.length - 1]?.item;
    const item: Item = {
      id: this.items.length,
      list: this.lists,
      depth: stack.length,
      ...(parent && { parent: parent.id }),
      text: '',
      key: '',
      tokens: [],
      lines: [line],
      ...(this.section !== undefined && { section: this.section }),
      ...(this.lastParagraph !== undefined && { leadIn: this.lastParagraph }),
      term: false,
    };
    const lead = leadTerm(line.raw.replace(ITEM, '$2'), line.plain);
    if (lead) item.lead = lead;
    this.items.push(item);
    this.list.items.push(item);
    stack.push({ indent, item });
    this.current?.body.push(line);
  }

  private continueItem(line: Line, indent: number): void {
    const stack = this.list?.stack ?? [];
    let k = stack.length - 1;
    while (k > 0 && (stack[k] as { indent: number }).indent >= indent) k--;
    const owner = stack[k]?.item;
    if (!owner) return;
    owner.lines.push(line);
    this.current?.body.push(line);
  }

  /** Runs of three or more paragraphs that each open with a bold term (definitions, glossaries) are items too. */
  private termRuns(): void {
    let run: Array<{ line: Line; lead: string; section?: number }> = [];
    const flush = (): void => {
      if (run.length >= 3) {
        this.lists++;
        for (const { line, lead, section } of run) {
          const item: Item = { id: this.items.length, list: this.lists, depth: 0, text: '', key: '', tokens: [], lead, lines: [line], term: true, ...(section !== undefined && { section }) };
          setText(item);
          this.items.push(item);
        }
      }
      run = [];
    };
    for (const block of this.blocks) {
      if (block.type !== 'paragraph') {
        flush();
        continue;
      }
      const [line] = block.lines;
      const lead = line && block.lines.length === 1 && /^\s*["“'‘]?\*\*/.test(line.raw) ? leadTerm(line.raw, line.plain) : undefined;
      if (!line || !lead || line.plain.split(' ').length <= lead.split(' ').length + 1) {
        flush();
        continue;
      }
      run.push({ line, lead, ...(block.section !== undefined && { section: block.section }) });
    }
    flush();
  }
}

function setText(item: Item): void {
  item.text = item.lines.map((l) => l.plain).filter(Boolean).join(' ');
  item.tokens = [...wordsOf(item.text).tokens];
  if (item.lines.length === 1 && item.lines[0]) {
    item.key = lineTextKey(item.lines[0]);
    return;
  }
  // Compared without a literal enumerator, so "A.1. Text" in one version is "Text" in a numbered list of the other.
  item.key = textKey(item.text);
}

/** The term an item or paragraph opens with: bold ("**Term** – …", "“**Term**” means"), or a short label ("Term: …"). */
export function leadTerm(raw: string, plain: string): string | undefined {
  const bold = /^\s*["“'‘]?\*\*([^*]{1,80}?)\*\*/.exec(raw);
  if (bold?.[1]) {
    const term = toPlainText(bold[1]).replace(/[\s:.,–—-]+$/u, '').replace(/^["“'‘]|["”'’]$/gu, '');
    if (term && term.split(' ').length <= 8) return term;
  }
  const label = /^([^.:;–—]{1,50}?)\s*(?::|\s[–—-]\s)\s*\S/u.exec(plain);
  if (label?.[1] && label[1].split(' ').length <= 5) return label[1];
  return undefined;
}

/** Cells of a pipe-table line; `\|` stays inside its cell. */
export function splitCells(raw: string): string[] {
  const line = raw.trim().replace(/^\|/, '').replace(/(?<!\\)\|\s*$/, '');
  const cells: string[] = [];
  let cell = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '\\' && i + 1 < line.length) {
      cell += c + line[i + 1];
      i++;
    } else if (c === '|') {
      cells.push(cell.trim());
      cell = '';
    } else cell += c;
  }
  cells.push(cell.trim());
  return cells;
}

/** Through lineToPlainText's memo: a table's cells repeat across versions, and each is read more than once. */
function cellText(raw: string): string {
  return lineToPlainText(raw).replace(/\n/g, ' ');
}

/**
 * A cell as a reader sees it: link text without its target, no bold or code marks, escapes undone. Unlike the plain
 * text it keeps underscores that are part of a name ("_ga", "__cf_bm"): only a pair around whole words is emphasis.
 */
export function cellShown(raw: string): string {
  return raw
    .replace(/!?\[((?:[^[\]]|\[[^\]]*\])*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+"[^"]*")?\)/g, '$1')
    .replace(/\*\*|`+/g, '')
    .replace(/^_(\S(?:.*\S)?)_$|(?<![\p{L}\p{N}_])_(\S[^_]* [^_]*\S)_(?![\p{L}\p{N}_])/gu, (_, whole?: string, words?: string) => whole ?? words ?? '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1')
    .replace(/^#{1,6}\s+/, '')
    .replace(SPACE_RUNS, ' ')
    .trim();
}

const BOLD_CELL = /^\*\*[^*]+\*\*$/;

/**
 * A table rendered with an empty header row whose first body row names the columns: every cell bold, or every cell
 * a short label with no digit or link that appears nowhere else in its column.
 */
function looksLikeHeader(first: Row, rest: readonly Row[]): boolean {
  const cells = first.cells;
  if (cells.some((c) => c === '')) return false;
  if (cells.every((c) => BOLD_CELL.test(c))) return true;
  if (cells.length < 2) return false;
  return cells.every((c, i) => {
    const text = cellText(c);
    if (/\d|\]\(/.test(c) || text.split(' ').length > 4 || !/^\p{Lu}/u.test(text)) return false;
    return !rest.some((r) => cellText(r.cells[i] ?? '') === text);
  });
}
