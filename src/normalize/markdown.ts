import type { AnyNode, Element } from 'domhandler';
import { children, isElement, tagName, textOf } from './dom.ts';
import { INVISIBLE } from '../untrusted/index.ts';
import { collapseSpaces } from '../shared/spaces.ts';

/**
 * Renders a content tree as Markdown: one block per heading, paragraph, list, table, quote or code block.
 * Every text goes through the same normalization (whitespace, then the text rules: dates, relative times), so
 * presentation that differs between renders of the same page does not reach the output.
 */

const BLOCK = new Set([
  'address', 'article', 'blockquote', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'header', 'hgroup', 'hr', 'legend', 'li', 'main', 'menu', 'ol', 'p',
  'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'caption', 'h1', 'h2',
  'h3', 'h4', 'h5', 'h6',
]);
const HEADING = /^h([1-6])$/;
const BREAK = '\u0000';

/** The enabled text rules of the registry, composed (runner.ts). */
export interface TextPass {
  /** Rewrites one line of prose. */
  line(text: string): string;
  /** Whether a whole line (or a <time> element's text) is dropped. */
  dropsLine(text: string): boolean;
  /** The form a link target is written in; undefined for targets that lead nowhere. */
  href(href: string, base: string): string | undefined;
}

export interface RenderContext {
  base: string;
  text: TextPass;
}

function cleanText(raw: string): string {
  // The no-break and typographic spaces are \s too: SPACE_RUNS collapses them (test/shared/spaces.test.ts).
  return collapseSpaces(raw.replace(INVISIBLE, ''));
}

/** Normalizes one finished line of prose. */
function finishLine(text: string, pass: TextPass): string {
  // Runs of two or more: a lone space needs no rewrite, and a text with none comes back as it is.
  const t = pass.line(text.replace(/ {2,}/g, ' ').trim());
  // A space before closing punctuation is layout (a hidden element or a line break removed there), not text.
  return t.replace(/ {2,}/g, ' ').replace(/\s+([,.;:])(?=\s|$)/g, '$1').replace(/\s+([)\]])(?=[\s,.;:!?)\]]|$)/g, '$1').trim();
}

function escapeBlockStart(line: string): string {
  return line.replace(/^(#{1,6}\s|>|[-+*]\s|\d+[.)]\s)/, '\\$1');
}

function role(el: Element): string {
  return (el.attribs.role ?? '').toLowerCase();
}

function isBlock(el: Element): boolean {
  const r = role(el);
  return BLOCK.has(tagName(el)) || r === 'table' || r === 'row' || r === 'tabpanel' || r === 'region' || r === 'heading';
}

class Renderer {
  constructor(private readonly ctx: RenderContext) {}

  blocks(node: AnyNode): string[] {
    const out: string[] = [];
    let inline = '';
    const flush = (): void => {
      const lines = inline
        .split(BREAK)
        .map((l) => finishLine(l, this.ctx.text))
        .filter((l) => l && !this.ctx.text.dropsLine(l));
      if (lines.length) out.push(lines.map(escapeBlockStart).join('\n'));
      inline = '';
    };
    for (const c of children(node)) {
      if (c.type === 'text') {
        inline += cleanText((c as unknown as { data: string }).data);
        continue;
      }
      if (!isElement(c) || c.type !== 'tag') continue;
      if (!isBlock(c) && tagName(c) !== 'button') {
        inline += separator(c) + this.inline(c);
        continue;
      }
      flush();
      out.push(...this.block(c));
    }
    flush();
    return out;
  }

  private block(el: Element): string[] {
    const tag = tagName(el);
    const r = role(el);
    const level = HEADING.exec(tag)?.[1] ?? (r === 'heading' ? (el.attribs['aria-level'] ?? '2') : undefined);
    if (level) {
      const text = this.inlineLine(el);
      return text ? [`${'#'.repeat(Math.min(6, Number(level) || 2))} ${text}`] : [];
    }
    if (tag === 'ul' || tag === 'ol' || tag === 'menu') return this.list(el);
    if (tag === 'table' || r === 'table' || r === 'grid') return this.table(el);
    if (tag === 'pre') return this.code(el);
    if (tag === 'hr') return [];
    if (tag === 'blockquote') return this.blocks(el).map((b) => b.replace(/^/gm, '> '));
    if (tag === 'summary' || tag === 'dt' || tag === 'button') {
      const text = this.inlineLine(el);
      return text ? [`**${text}**`] : [];
    }
    return this.blocks(el);
  }

  private inline(el: Element): string {
    const tag = tagName(el);
    if (tag === 'br') return BREAK;
    if (tag === 'a') return this.link(el);
    const inner = this.inlineChildren(el);
    if (tag === 'strong' || tag === 'b') return wrap(inner, '**');
    if (tag === 'em' || tag === 'i') return wrap(inner, '_');
    if (tag === 'code' || tag === 'kbd' || tag === 'samp') return wrap(inner, '`');
    if (tag === 'sup' || tag === 'sub') return inner;
    if (tag === 'time' && this.ctx.text.dropsLine(textOf(el))) return '';
    return inner;
  }

  private inlineChildren(el: AnyNode): string {
    let out = '';
    for (const c of children(el)) {
      if (c.type === 'text') out += cleanText((c as unknown as { data: string }).data);
      else if (isElement(c) && c.type === 'tag') {
        out += isBlock(c) ? ` ${this.inlineChildren(c)} ` : separator(c) + this.inline(c);
      }
    }
    return out;
  }

  /** A block's content as one line (headings, table cells). */
  private inlineLine(el: AnyNode): string {
    return this.inlineChildren(el).split(BREAK).map((l) => finishLine(l, this.ctx.text)).filter(Boolean).join(' ');
  }

  private link(el: Element): string {
    const inner = this.inlineChildren(el);
    const text = finishLine(inner.replaceAll(BREAK, ' '), this.ctx.text);
    const rawHref = el.attribs.href ?? '';
    let href = this.ctx.text.href(rawHref, this.ctx.base);
    if (!text) return '';
    if (/\/cdn-cgi\/l\/email-protection/i.test(href ?? '') && /^[^\s@]+@[^\s@]+$/.test(text)) href = `mailto:${text}`;
    if (!href) return inner;
    const bare = href.replace(/^mailto:/, '').replace(/\/$/, '');
    const shown = text.replace(/^(?:https?:\/\/)?(?:www\.)?/, '').replace(/\/$/, '');
    if (bare === text || bare.replace(/^https?:\/\/(?:www\.)?/, '') === shown) return inner;
    return `[${text.replace(/[[\]]/g, '\\$&')}](${href.replace(/[()\s]/g, encodeURIComponent)})`;
  }

  private list(el: Element): string[] {
    const ordered = tagName(el) === 'ol';
    let n = Number(el.attribs.start ?? '1');
    if (!Number.isFinite(n)) n = 1;
    const lines: string[] = [];
    for (const item of children(el)) {
      if (!isElement(item) || item.type !== 'tag') continue;
      const tag = tagName(item);
      if (tag === 'ul' || tag === 'ol') {
        lines.push(...this.list(item).map((b) => indent(b, '  ')));
        continue;
      }
      const marker = ordered ? `${n}.` : '-';
      const blocks = tag === 'li' ? this.blocks(item) : this.block(item);
      if (!blocks.length) continue;
      n++;
      const pad = ' '.repeat(marker.length + 1);
      const [first = '', ...rest] = blocks.map((b) => b.replace(/^\\(?=[-+*>#\d])/, ''));
      lines.push(`${marker} ${indent(first, pad).trimStart()}`, ...rest.map((b) => indent(b, pad)));
    }
    return lines.length ? [lines.join('\n')] : [];
  }

  private table(el: Element): string[] {
    const rows: string[][] = [];
    let hasHeader = false;
    const collect = (n: AnyNode): void => {
      for (const c of children(n)) {
        if (!isElement(c) || c.type !== 'tag') continue;
        const tag = tagName(c);
        const r = role(c);
        if (tag === 'tr' || r === 'row') {
          const cells = children(c).filter(
            (x): x is Element => isElement(x) && (['td', 'th'].includes(tagName(x)) || /cell|header/.test(role(x))),
          );
          if (rows.length === 0 && cells.some((x) => tagName(x) === 'th' || /header/.test(role(x)))) hasHeader = true;
          rows.push(cells.map((x) => this.cell(x)));
        } else if (tag !== 'table') collect(c);
      }
    };
    collect(el);
    const filled = rows.filter((r) => r.some(Boolean));
    if (!filled.length) return [];
    const width = Math.max(...filled.map((r) => r.length));
    const line = (r: string[]): string => `| ${Array.from({ length: width }, (_, i) => r[i] ?? '').join(' | ')} |`;
    const [head = [], ...body] = hasHeader ? filled : [Array<string>(width).fill(''), ...filled];
    return [[line(head), line(Array<string>(width).fill('---')), ...body.map(line)].join('\n')];
  }

  private cell(el: Element): string {
    return this.blocks(el)
      .map((b) => b.replace(/\n+/g, ' '))
      .join(' ')
      .replace(/\|/g, '\\|')
      .trim();
  }

  private code(el: Element): string[] {
    const text = textOfPre(el).replace(/\s+$/, '');
    if (!text) return [];
    const fence = '```' + '`'.repeat(Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((f) => f.length - 2)));
    return [`${fence}\n${text}\n${fence}`];
  }
}

const PHRASING = new Set(['b', 'strong', 'em', 'i', 'u', 'code', 'sup', 'sub', 'small', 'mark', 'abbr', 'q', 's']);

/**
 * Two sibling widgets laid out by CSS (a date span next to a link) touch in the markup; prose never puts two
 * non-formatting elements side by side without a space, so a space goes between them.
 */
function separator(el: Element): string {
  const prev = el.prev;
  if (!prev || !isElement(prev) || prev.type !== 'tag') return '';
  return PHRASING.has(tagName(prev)) || PHRASING.has(tagName(el)) || tagName(el) === 'br' ? '' : ' ';
}

function textOfPre(node: AnyNode): string {
  if (node.type === 'text') return (node as unknown as { data: string }).data;
  if (tagName(node) === 'br') return '\n';
  return children(node).map(textOfPre).join('');
}

function wrap(inner: string, mark: string): string {
  const m = /^(\s*)([\s\S]*?)(\s*)$/.exec(inner);
  if (!m || !m[2] || m[2] === BREAK) return inner;
  return `${m[1]}${mark}${m[2]}${mark}${m[3]}`;
}

function indent(text: string, pad: string): string {
  return text.replace(/^(?=.)/gm, pad);
}

export function renderMarkdown(root: AnyNode, ctx: RenderContext): string {
  const blocks = new Renderer(ctx).blocks(root);
  return blocks.length ? `${blocks.join('\n\n')}\n` : '';
}
