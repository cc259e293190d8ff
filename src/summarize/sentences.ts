import { lineToPlainText, toPlainText, wordsOf } from '../text/index.ts';
import { StringMemo } from '../shared/memo.ts';
import type { TextOptions } from '../text/index.ts';

export type BlockKind = 'heading' | 'item' | 'paragraph';

export interface Sentence {
  /** Folded plain text, for display. */
  text: string;
  /** Compared across versions: two sentences with the same key read the same. */
  key: string;
  tokens: string[];
  kind: BlockKind;
  /** Index of the Markdown block (line) the sentence is in. */
  block: number;
  /** The nearest heading above. */
  section?: string;
  /** The plain text of the whole block (line) the sentence is in: what a structure diff reports as explained. */
  line: string;
  /** A table row: its first cells name it. */
  row?: true;
  /** Index of this sentence within its block: 0 is the one a run-in title opens. */
  index: number;
  /** A run-in title the block opens with ("16.5. Notices. …", "**Cookies**: …"): names the clause when no heading does. */
  clause?: string;
}

const HEADING = /^\s*#{1,6}\s/;
const ITEM = /^\s*(?:[-*+]|\d{1,3}[.)])\s|^\s*\|/;

const FOOTNOTE = /(?<=\S)\[\d{1,3}\]/gu;

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

// Both versions of a page share most lines, and a replay splits each version twice (as new, then as old): a pure
// memo, bounded (StringMemo).
const sentencesOf = new StringMemo((plain) => Object.freeze(Array.from(segmenter.segment(plain), ({ segment }) => segment.trim())), 400_000);

/** Each Markdown line as plain text (empty for a line with no words), by line index. */
export function plainLines(markdown: string, options: TextOptions = {}): string[] {
  return markdown.split(/\r\n?|\n/).map((line) => lineToPlainText(line, options));
}

/** Splits normalized Markdown into sentences, keeping each one's block and section. */
export function splitSentences(markdown: string, options: TextOptions = {}, plainText: readonly string[] = plainLines(markdown, options)): Sentence[] {
  const out: Sentence[] = [];
  let section: string | undefined;
  markdown.split(/\r\n?|\n/).forEach((line, block) => {
    // Footnote markers ("examples[8]") are renumbered whenever one is added above: not the policy's words.
    const plain = (plainText[block] ?? '').replace(FOOTNOTE, '');
    if (plain === '') return;
    const kind: BlockKind = HEADING.test(line) ? 'heading' : ITEM.test(line) ? 'item' : 'paragraph';
    if (kind === 'heading') {
      section = plain;
      push(out, plain, { kind, block, index: 0, line: plain }, undefined);
      return;
    }
    const clause = runInTitle(line, plain);
    const row = /^\s*\|/u.test(line);
    let index = 0;
    for (const segment of sentencesOf.get(plain)) {
      push(out, segment, { kind, block, index, line: plain, ...(clause && { clause }), ...(row && { row: true as const }) }, section);
      index++;
    }
  });
  return out;
}

const BOLD_LEAD = /^\s*(?:[-*+]\s+)?(?:\(?[\dA-Za-z]{1,3}(?:\.\d+)*[.)]\s+)?(?:\*\*|__)([^*_]{2,60}?)[:.]?(?:\*\*|__)/u;
const TITLE_LEAD = /^(?:\(?[\dA-Za-z]{1,3}(?:\.\d+)*[.)]\s+)?(\p{Lu}[\p{L}'’&-]*(?:\s+(?:(?:of|and|for|to|the|in|on|with|&)\s+)?\p{Lu}[\p{L}'’&-]*){0,5})[.:]\s/u;

export function runInTitle(markdown: string, plain: string): string | undefined {
  const title = BOLD_LEAD.exec(markdown)?.[1] ?? TITLE_LEAD.exec(plain)?.[1];
  return title === undefined ? undefined : toPlainText(title).replace(/[.:]$/u, '').replace(/^["'](.*)["']$/u, '$1').trim() || undefined;
}

function push(out: Sentence[], text: string, at: Pick<Sentence, 'kind' | 'block' | 'index' | 'line' | 'clause' | 'row'>, section: string | undefined): void {
  const { key, tokens } = wordsOf(text);
  if (tokens.length === 0) return;
  const sentence: Sentence = { text, key, tokens: [...tokens], ...at };
  if (section !== undefined) sentence.section = section;
  out.push(sentence);
}

/** Sentences of `a` with no same-keyed counterpart left in `b` (multiset difference, in order). */
export function unmatched(a: readonly Sentence[], b: readonly Sentence[]): Sentence[] {
  const counts = new Map<string, number>();
  for (const s of b) counts.set(s.key, (counts.get(s.key) ?? 0) + 1);
  return a.filter((s) => {
    const n = counts.get(s.key) ?? 0;
    if (n === 0) return true;
    counts.set(s.key, n - 1);
    return false;
  });
}

/** "§4" for numbered headings ("4. Data Retention"), the heading itself otherwise. */
export function sectionRef(section: string | undefined, max = 60): string | undefined {
  if (section === undefined) return undefined;
  const numbered = /^(?:[Ss]ection\s+)?(\d+(?:\.\d+)*|[A-Z](?:\.\d+)+)[.)]?\s+(.+)$/u.exec(section);
  if (numbered?.[1] && numbered[2]) return `§${numbered[1]} ${clip(numbered[2], max)}`;
  return clip(section, max);
}

export function sectionNumber(section: string | undefined): string | undefined {
  return section === undefined ? undefined : /^(?:[Ss]ection\s+)?(\d+(?:\.\d+)*)[.)]?\s/u.exec(section)?.[1];
}

/** Cuts at a word boundary and marks the cut. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/u, '')}…`;
}
