import { load, type Cheerio, type CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';

/**
 * A guide read as a reader sees it: sections (a heading and its anchor in HTML), blocks of text (paragraphs, list
 * items, table rows, block quotes) with the links inside them, and the quotes they print. Plain text, Markdown
 * and HTML give the same shape, so everything after parsing is format-blind.
 */

export type GuideFormat = 'text' | 'markdown' | 'html';

export interface LinkSpan {
  start: number;
  end: number;
  href: string;
}

export interface GuideBlock {
  section: string;
  anchor?: string;
  text: string;
  links: LinkSpan[];
  /** Spans marked as quotes by the markup itself (<q>). */
  marked: Array<{ start: number; end: number }>;
  /** A <blockquote> or Markdown "> " block: the whole block is a quote. */
  blockquote?: boolean;
}

export interface GuideQuote {
  /** 1-based, in reading order. */
  n: number;
  text: string;
  section: string;
  anchor?: string;
  /** The sentence around the quote, as printed. */
  sentence: string;
  /** The words right before and after the quote in its sentence. */
  before: string;
  after: string;
  /** The link that cites it (HTML and Markdown guides). */
  href?: string;
  block: number;
}

export interface ParsedGuide {
  format: GuideFormat;
  blocks: GuideBlock[];
  quotes: GuideQuote[];
}

export function detectFormat(text: string, nameOrType = ''): GuideFormat {
  if (/html/i.test(nameOrType) || /\.x?html?$/i.test(nameOrType)) return 'html';
  if (/markdown/i.test(nameOrType) || /\.(md|markdown)$/i.test(nameOrType)) return 'markdown';
  const head = text.slice(0, 2000).trimStart();
  if (/^(<!doctype html|<html|<head|<body|<article|<main|<section|<p[\s>]|<h[1-6][\s>])/i.test(head)) return 'html';
  if (/^#{1,6} \S/m.test(text) || /\[[^\]\n]+\]\(https?:\/\/[^)\s]+\)/.test(text)) return 'markdown';
  return 'text';
}

export function parseGuide(text: string, format: GuideFormat = detectFormat(text), baseUrl?: string): ParsedGuide {
  const blocks = format === 'html' ? htmlBlocks(text, baseUrl) : format === 'markdown' ? markdownBlocks(text, baseUrl) : textBlocks(text);
  return { format, blocks, quotes: findQuotes(blocks) };
}

// ---- plain text -------------------------------------------------------------------------------------------------

/** A line that reads as a heading: short, no sentence punctuation at its end, not a table row or list item. */
function isHeadingLine(line: string, next: string | undefined): boolean {
  const words = line.split(/\s+/).filter(Boolean);
  if (words.length === 0 || words.length > 12 || line.length > 90) return false;
  if (/^[|>*\-+•]|^\d+[.)]\s/.test(line)) return false;
  if (/[.!?:;,…"“”'’]$/.test(line)) return false;
  // A heading introduces something: the line after it is text, not the end of the guide.
  return next !== undefined && next.trim() !== '';
}

function textBlocks(text: string): GuideBlock[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const blocks: GuideBlock[] = [];
  let section = '';
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    if (isHeadingLine(line, lines.slice(i + 1).find((l) => l.trim() !== ''))) {
      section = line;
      return;
    }
    if (/^\|?\s*:?-{2,}/.test(line)) return;
    blocks.push({ section, text: line, links: [], marked: [] });
  });
  return blocks;
}

// ---- Markdown ---------------------------------------------------------------------------------------------------

const MD_LINK = /\[([^\]\n]*)\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;

function markdownInline(source: string, baseUrl: string | undefined): { text: string; links: LinkSpan[] } {
  let text = '';
  const links: LinkSpan[] = [];
  let at = 0;
  for (const m of source.matchAll(MD_LINK)) {
    text += stripEmphasis(source.slice(at, m.index));
    const label = stripEmphasis(m[1] ?? '');
    const href = absolute(m[2] ?? '', baseUrl);
    if (href) links.push({ start: text.length, end: text.length + label.length, href });
    text += label;
    at = m.index + m[0].length;
  }
  text += stripEmphasis(source.slice(at));
  return { text, links };
}

const stripEmphasis = (s: string) => s.replace(/(\*\*|__|`)/g, '').replace(/(?<![\p{L}\p{N}])[*_](?=\S)|(?<=\S)[*_](?![\p{L}\p{N}])/gu, '');

function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .trim()
    .replace(/\s+/g, '-');
}

function markdownBlocks(source: string, baseUrl: string | undefined): GuideBlock[] {
  const blocks: GuideBlock[] = [];
  let section = '';
  let anchor: string | undefined;
  let paragraph: string[] = [];
  let quoted = false;
  const flush = () => {
    if (paragraph.length === 0) return;
    const { text, links } = markdownInline(paragraph.join(' '), baseUrl);
    if (text.trim()) blocks.push({ section, ...(anchor && { anchor }), text: text.trim(), links, marked: [], ...(quoted && { blockquote: true }) });
    paragraph = [];
    quoted = false;
  };
  let fenced = false;
  for (const raw of source.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*(```|~~~)/.test(raw)) {
      flush();
      fenced = !fenced;
      continue;
    }
    if (fenced) continue;
    const heading = /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(raw);
    if (heading) {
      flush();
      const explicit = /\{#([\w-]+)\}\s*$/.exec(heading[1] ?? '');
      const title = markdownInline((heading[1] ?? '').replace(/\s*\{#[\w-]+\}\s*$/, ''), baseUrl).text.trim();
      section = title;
      anchor = explicit?.[1] ?? slugify(title);
      continue;
    }
    const line = raw.trim();
    if (!line) {
      flush();
      continue;
    }
    const isQuote = /^>\s?/.test(line);
    const item = /^([-*+]|\d+[.)])\s+/.test(line) || /^\|/.test(line);
    if (/^\|?\s*:?-{2,}/.test(line)) continue;
    if (item || isQuote !== quoted) flush();
    quoted = isQuote;
    paragraph.push(line.replace(/^(>\s?)+/, '').replace(/^([-*+]|\d+[.)])\s+/, ''));
    if (item) flush();
  }
  flush();
  return blocks;
}

// ---- HTML -------------------------------------------------------------------------------------------------------

const BLOCKS = new Set(['p', 'li', 'blockquote', 'td', 'th', 'dd', 'dt', 'figcaption', 'caption', 'pre']);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'nav', 'footer', 'svg', 'head']);
const BLOCK_CHILDREN = 'p, li, blockquote, td, th, dd, dt, figcaption, caption, pre, h1, h2, h3, h4, h5, h6, div, section, article, ul, ol, table';

function absolute(href: string, base: string | undefined): string | undefined {
  try {
    const url = new URL(href, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function anchorOf($: CheerioAPI, heading: Cheerio<Element>): string | undefined {
  const own = heading.attr('id') ?? heading.find('[id]').first().attr('id') ?? heading.find('a[name]').first().attr('name');
  if (own) return own;
  const section = heading.parent();
  const sectionId = section.is('section, article, div') ? section.attr('id') : undefined;
  return sectionId ?? $(heading).prev('a[id], a[name]').attr('id');
}

function inlineText(
  $: CheerioAPI,
  node: AnyNode,
  out: { text: string; links: LinkSpan[]; marked: Array<{ start: number; end: number }> },
  baseUrl: string | undefined,
): void {
  if (node.type === 'text') {
    out.text += (node as unknown as { data: string }).data.replace(/\s+/g, ' ');
    return;
  }
  if (node.type !== 'tag') return;
  const el = node as Element;
  const name = el.tagName.toLowerCase();
  if (SKIP.has(name)) return;
  if (name === 'br') {
    out.text += ' ';
    return;
  }
  const start = out.text.length;
  for (const child of el.children) inlineText($, child, out, baseUrl);
  if (name === 'a') {
    const href = absolute($(el).attr('href') ?? '', baseUrl);
    if (href && !href.startsWith(`${baseUrl ?? '\u0000'}#`)) out.links.push({ start, end: out.text.length, href });
  }
  if (name === 'q') {
    out.marked.push({ start, end: out.text.length });
  }
}

function htmlBlocks(html: string, baseUrl: string | undefined): GuideBlock[] {
  const $ = load(html);
  const blocks: GuideBlock[] = [];
  let section = '';
  let anchor: string | undefined;
  const root = $('main').first().length ? $('main').first() : $('article').first().length ? $('article').first() : $('body');
  const visit = (node: AnyNode) => {
    if (node.type !== 'tag') return;
    const el = node as Element;
    const name = el.tagName.toLowerCase();
    if (SKIP.has(name)) return;
    if (HEADINGS.has(name)) {
      section = $(el).text().replace(/\s+/g, ' ').trim();
      anchor = anchorOf($, $(el));
      return;
    }
    const hasBlockChild = $(el).children(BLOCK_CHILDREN).length > 0;
    if (name === 'blockquote' || (BLOCKS.has(name) && !hasBlockChild)) {
      const out = { text: '', links: [] as LinkSpan[], marked: [] as Array<{ start: number; end: number }> };
      for (const child of el.children) inlineText($, child, out, baseUrl);
      const cite = name === 'blockquote' ? absolute($(el).attr('cite') ?? '', baseUrl) : undefined;
      const lead = out.text.length - out.text.trimStart().length;
      const text = out.text.trim();
      if (!text) return;
      const shift = <T extends { start: number; end: number }>(s: T): T => ({ ...s, start: Math.max(0, s.start - lead), end: Math.min(text.length, s.end - lead) });
      const links = out.links.map(shift);
      if (cite && !links.some((l) => l.href === cite)) links.push({ start: text.length, end: text.length, href: cite });
      blocks.push({
        section,
        ...(anchor && { anchor }),
        text,
        links,
        marked: out.marked.map(shift),
        ...(name === 'blockquote' && { blockquote: true }),
      });
      return;
    }
    for (const child of el.children) visit(child);
  };
  for (const child of root.get(0)?.children ?? []) visit(child);
  return blocks;
}

// ---- quotes -----------------------------------------------------------------------------------------------------

const CURLY = /“([^”]+)”/g;
const STRAIGHT = /(?<![\p{L}\p{N}])"([^"\n]+)"(?![\p{L}\p{N}])/gu;
const SENTENCE_END = /[.!?…](?:["”’)\]]+)?\s+(?=["“‘(]?[\p{Lu}\p{N}])/gu;

function sentenceAround(text: string, start: number, end: number, quotes: ReadonlyArray<{ start: number; end: number }>): [number, number] {
  const inQuote = (i: number) => quotes.some((q) => i > q.start && i < q.end);
  let from = 0;
  let to = text.length;
  for (const m of text.matchAll(SENTENCE_END)) {
    if (inQuote(m.index)) continue;
    const boundary = m.index + m[0].length;
    if (boundary <= start) from = boundary;
    else if (m.index >= end && to === text.length) to = m.index + 1;
  }
  // A quote that closes its own sentence ("… within 30 days.” Next sentence") ends the sentence there.
  const own = quotes.find((q) => q.start === start && q.end === end);
  if (own && /[.!?]\s*["”]?$/.test(text.slice(start, end)) && /^\s+["“‘(]?\p{Lu}/u.test(text.slice(end))) to = Math.min(to, end);
  return [from, to];
}

function citingLink(block: GuideBlock, start: number, end: number, sentence: [number, number]): string | undefined {
  const overlapping = block.links.find((l) => l.start < end && l.end > start);
  if (overlapping) return overlapping.href;
  const after = block.links.filter((l) => l.start >= end && l.start <= sentence[1] + 1).sort((a, b) => a.start - b.start)[0];
  if (after) return after.href;
  const before = block.links.filter((l) => l.end <= start && l.start >= sentence[0]).sort((a, b) => b.end - a.end)[0];
  if (before) return before.href;
  return block.links.length === 1 ? block.links[0]?.href : undefined;
}

export function findQuotes(blocks: readonly GuideBlock[]): GuideQuote[] {
  const quotes: GuideQuote[] = [];
  blocks.forEach((block, index) => {
    const spans: Array<{ start: number; end: number; text: string }> = [];
    const add = (start: number, end: number, text: string) => {
      const clean = text.replace(/\s+/g, ' ').trim();
      if (!clean || spans.some((s) => s.start <= start && s.end >= end)) return;
      spans.push({ start, end, text: clean });
    };
    if (block.blockquote) {
      // The whole block is the quote; a closing "— Source" line is the citation, not the quote.
      const body = block.text.replace(/\s*[—–-]{1,2}\s*[^—–]{1,80}$/, '').replace(/^[“"]|[”"]$/g, '');
      add(0, block.text.length, body);
    }
    for (const m of block.marked) add(m.start, m.end, block.text.slice(m.start, m.end));
    for (const m of block.text.matchAll(CURLY)) add(m.index, m.index + m[0].length, m[1] ?? '');
    for (const m of block.text.matchAll(STRAIGHT)) add(m.index, m.index + m[0].length, m[1] ?? '');
    spans.sort((a, b) => a.start - b.start);
    for (const span of spans) {
      const sentence = sentenceAround(block.text, span.start, span.end, spans);
      const href = citingLink(block, span.start, span.end, sentence);
      quotes.push({
        n: quotes.length + 1,
        text: span.text,
        section: block.section,
        ...(block.anchor && { anchor: block.anchor }),
        sentence: block.text.slice(sentence[0], sentence[1]).trim(),
        before: block.text.slice(sentence[0], span.start),
        after: block.text.slice(span.end, sentence[1]),
        ...(href && { href }),
        block: index,
      });
    }
  });
  return quotes;
}
