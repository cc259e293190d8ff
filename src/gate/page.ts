import { blockCutter } from '../shared/blocks.ts';
import { collapseSpaces } from '../shared/spaces.ts';
import type { ResponseVerdict } from './verdict.ts';

/**
 * Cheap structural reads of a raw response for the response rules. They run on every fetched page, so they use
 * regular expressions rather than a full parse; they only need to be right about small pages and obvious markers.
 */

/**
 * Comments, then these elements, each cut to one space: what the gate reads tags and text from. As
 * html.replace(/<!--[\s\S]*?-->/g, ' ').replace(/<(script|style|noscript|template|svg|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, ' ')
 * would (src/shared/blocks.ts).
 */
const HIDDEN = blockCutter(['script', 'style', 'noscript', 'template', 'svg', 'head'], { comments: 'before' });
const TAGS = /<[^>]+>/g;
const HEADING = /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/i;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#32': ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#?\w+);/g, (whole, name: string) => ENTITIES[name.toLowerCase()] ?? whole);
}

const textOfShown = (shown: string) => collapseSpaces(decodeEntities(shown.replace(TAGS, ' '))).trim();

/** The text a reader would see, whitespace collapsed. */
export function visibleText(html: string): string {
  return textOfShown(HIDDEN.cut(html, ' '));
}

/** The first window a VisibleTextMeasure reads; each next one is twice as long. */
const FIRST_WINDOW = 16 * 1024;

/** A page's visible text, read only as far as a question needs. */
export interface VisibleTextMeasure {
  /** Whether the visible text has at least `n` characters. */
  reaches(n: number): boolean;
  /** The whole visible text (visibleText). */
  whole(): string;
}

/**
 * The rules ask only whether the visible text reaches a few thousand characters, and a policy reaches that early.
 * Cut right after a `>`, the part before is one whose tags, entities and space runs are the whole text's, except
 * that one run of spaces may meet the next part's: its text is never longer than the whole's. So a growing window
 * answers "at least n" without reading the rest of the page; the whole text is read only when the page is short or
 * when it is asked for. Comments and hidden elements are cut from the whole page first, as visibleText cuts them.
 */
export function visibleTextMeasure(html: string): VisibleTextMeasure {
  const shown = HIDDEN.cut(html, ' ');
  let text: string | undefined;
  let reached = 0;
  let window = FIRST_WINDOW;
  const whole = () => (text ??= textOfShown(shown));
  return {
    whole,
    reaches(n) {
      while (text === undefined && reached < n) {
        if (window >= shown.length) {
          whole();
          break;
        }
        const cut = shown.lastIndexOf('>', window - 1) + 1;
        if (cut > 0) reached = Math.max(reached, textOfShown(shown.slice(0, cut)).length);
        window *= 2;
      }
      return (text?.length ?? reached) >= n;
    },
  };
}

export function pageTitle(html: string): string {
  const match = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html);
  return match?.[1] ? collapseSpaces(decodeEntities(match[1])).trim() : '';
}

/** The text of the first <h1>…<h6>; read only for pages already known to be small. */
export function firstHeading(html: string): string {
  const match = HEADING.exec(html);
  return match?.[2] ? collapseSpaces(decodeEntities(match[2].replace(TAGS, ' '))).trim() : '';
}

/** One response as the rules read it: each read is made once, on first use, and shared by every rule. */
export interface ResponseView {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  html: string;
  via: 'http' | 'browser';
  title(): string;
  /** The visible text. */
  text(): string;
  /**
   * Whether the visible text has at least `n` characters. Rules ask this before they scan the HTML for markers; on a
   * page of real size it is answered from the page's beginning (VisibleTextMeasure).
   */
  textReaches(n: number): boolean;
}

export function viewOf(input: { status: number; headers: Record<string, string>; html: string; via: 'http' | 'browser' }): ResponseView {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.headers)) headers[key.toLowerCase()] = value;
  let title: string | undefined;
  let measure: VisibleTextMeasure | undefined;
  const measured = () => (measure ??= visibleTextMeasure(input.html));
  return {
    status: input.status,
    headers,
    html: input.html,
    via: input.via,
    title: () => (title ??= pageTitle(input.html)),
    text: () => measured().whole(),
    textReaches: (n) => measured().reaches(n),
  };
}

/** A response rule: one named check over one response; undefined when it does not apply. */
export interface ResponseRule {
  id: string;
  description: string;
  judge(page: ResponseView): ResponseVerdict | undefined;
}
