import { canonicalizeDates as canonicalizeDatesIso } from '../normalize/dates.ts';
import { INVISIBLE } from '../untrusted/index.ts';
import { StringMemo } from '../shared/memo.ts';

/** Maps every date in a text to one form. */
export type DateCanonicalizer = (text: string) => string;

/**
 * The text layer shared by claim matching and change summaries: normalized Markdown → plain text → tokens.
 * Everything a reader would not call a different wording (Markdown syntax, quote and dash styles, spacing, case,
 * date formats) is folded away here, and nothing else: words and numbers stay as they are.
 */

export interface TextOptions {
  /**
   * Maps dates to one form. Defaults to the extraction stage's own (ISO, YYYY-MM-DD), so a guide's "28 August 2025"
   * matches the page's canonical "2025-08-28".
   */
  canonicalizeDates?: DateCanonicalizer;
}

const LINK = /!?\[((?:[^[\]]|\[[^\]]*\])*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+"[^"]*")?\)/g;
const AUTOLINK = /<(https?:\/\/[^>\s]+)>/g;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?\s*$/;
// A heading keeps its number ("## 4. Data Retention"); a list item loses its marker.
const BLOCK_PREFIX = /^\s*(?:#{1,6}\s+|(?:>\s?)*(?:(?:[-*+]|\d{1,3}[.)])\s+(?:\[[ xX]\]\s+)?)?)/;
// `_` inside a word is part of it (DISABLE_TELEMETRY); at a word edge it is emphasis.
const EMPHASIS = /\*+|~~|`+|(?<![\p{L}\p{N}])_+|_+(?![\p{L}\p{N}])/gu;
const ESCAPE = /\\([\\`*_{}[\]()#+\-.!|<>~])/g;

/** One Markdown line as the words a reader sees. */
function plainLine(line: string): string {
  if (TABLE_RULE.test(line)) return '';
  return line
    .replace(BLOCK_PREFIX, '')
    .replace(LINK, '$1')
    .replace(AUTOLINK, '$1')
    .replace(/(?<!\\)\|/g, ' ')
    .replace(EMPHASIS, '')
    .replace(ESCAPE, '$1');
}

const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B\u2032\u00B4\u0060]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g;
const DASHES = /[\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D]/g;

/** Unicode form, quote and dash styles, spacing. Keeps the line structure. */
export function foldStyles(text: string): string {
  return text
    .normalize('NFKC')
    .replace(INVISIBLE, '')
    .replace(SINGLE_QUOTES, "'")
    .replace(DOUBLE_QUOTES, '"')
    .replace(DASHES, '-')
    .replace(/[^\S\n]+/g, ' ');
}

/** Markdown (or a plain quote) → folded plain text, one block per line, dates canonical. */
export function toPlainText(markdown: string, options: TextOptions = {}): string {
  const canonical = options.canonicalizeDates ?? canonicalizeDatesIso;
  const lines = foldStyles(markdown.replace(/\r\n?/g, '\n'))
    .split('\n')
    .map((line) => canonical(plainLine(line)).trim());
  return lines.filter((line) => line !== '').join('\n');
}

export interface Token {
  /** Lowercased token text. */
  text: string;
  start: number;
  end: number;
}

// Numbers keep their inner separators ("1.5" is not "15"); currency and percent signs are facts too.
const TOKEN = /[\p{L}\p{N}]+(?:(?:_+|(?<=\p{N})[.,](?=\p{N}))[\p{L}\p{N}]+)*|[%$€£¥]/gu;

export function tokenize(plain: string): Token[] {
  const tokens: Token[] = [];
  for (const m of plain.matchAll(TOKEN)) {
    tokens.push({ text: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  }
  return tokens;
}

const DIGIT_END = /\p{N}$/u;
const DIGIT_START = /^\p{N}/u;

/**
 * Tokens joined without spaces, so "back-end", "back end" and "backend" compare equal; a space stays only between
 * two numbers, so "1 5" never reads as "15".
 */
export interface Compact {
  text: string;
  /** Where each token starts in `text`. */
  starts: number[];
  ends: number[];
}

export function compact(tokens: readonly Token[]): Compact {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let previous = '';
  for (const token of tokens) {
    if (DIGIT_END.test(previous) && DIGIT_START.test(token.text)) text += ' ';
    starts.push(text.length);
    text += token.text;
    ends.push(text.length);
    previous = token.text;
  }
  return { text, starts, ends };
}

/** A passage of plain text on one line, for display. */
export function passage(plain: string, start: number, end: number): string {
  return plain.slice(start, end).replace(/\s+/g, ' ').trim();
}

// A summary reads every line of both versions more than once (sentences, structure, links), the two versions share
// most of their lines, and a replay's next summary reads this one's new version again: pure memos, bounded (StringMemo).
const MEMO_CHARS = 400_000;
const plainOfLine = new StringMemo((line) => toPlainText(line), MEMO_CHARS);

/** toPlainText, remembered: meant for one Markdown line (a line, a cell), which recurs; a longer text would crowd the memo. */
export function lineToPlainText(line: string, options: TextOptions = {}): string {
  return options.canonicalizeDates === undefined ? plainOfLine.get(line) : toPlainText(line, options);
}

export interface KeyedWords {
  /** compact(tokenize(text)).text */
  key: string;
  /** The tokens' texts. Shared by every caller of the same text: never change it. */
  tokens: readonly string[];
}

const keyedWords = new StringMemo((text): KeyedWords => {
  const tokens = tokenize(text);
  return { key: compact(tokens).text, tokens: Object.freeze(tokens.map((t) => t.text)) };
}, MEMO_CHARS);

/** A plain text's compacted key and token texts. */
export function wordsOf(text: string): KeyedWords {
  return keyedWords.get(text);
}
