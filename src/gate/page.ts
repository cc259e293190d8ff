import { collapseSpaces } from '../shared/spaces.ts';
import type { ResponseVerdict } from './verdict.ts';

/**
 * Cheap structural reads of a raw response for the response rules. They run on every fetched page, so they use
 * regular expressions rather than a full parse; they only need to be right about small pages and obvious markers.
 */

const HIDDEN_BLOCKS = /<(script|style|noscript|template|svg|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENTS = /<!--[\s\S]*?-->/g;
const TAGS = /<[^>]+>/g;
const HEADING = /<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1\s*>/i;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#32': ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#?\w+);/g, (whole, name: string) => ENTITIES[name.toLowerCase()] ?? whole);
}

/** The text a reader would see, whitespace collapsed. */
export function visibleText(html: string): string {
  return collapseSpaces(decodeEntities(html.replace(COMMENTS, ' ').replace(HIDDEN_BLOCKS, ' ').replace(TAGS, ' ')))
    .trim();
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
  /** The visible text. Rules compare its length before they scan the HTML for markers. */
  text(): string;
}

export function viewOf(input: { status: number; headers: Record<string, string>; html: string; via: 'http' | 'browser' }): ResponseView {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.headers)) headers[key.toLowerCase()] = value;
  let title: string | undefined;
  let text: string | undefined;
  return {
    status: input.status,
    headers,
    html: input.html,
    via: input.via,
    title: () => (title ??= pageTitle(input.html)),
    text: () => (text ??= visibleText(input.html)),
  };
}

/** A response rule: one named check over one response; undefined when it does not apply. */
export interface ResponseRule {
  id: string;
  description: string;
  judge(page: ResponseView): ResponseVerdict | undefined;
}
