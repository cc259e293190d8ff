import { load } from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element, Text } from 'domhandler';

/**
 * Realistic page perturbations for the noise-robustness suite. Each one changes a page the way the page families
 * really change between fetches (or the way a template change does), without touching the policy text, or, for the
 * converse set, changes exactly one piece of policy text. They work on any page: nothing here knows a site.
 */

export interface Perturbation {
  name: string;
  /** Returns the perturbed HTML, or undefined when the page has nothing this perturbation applies to. */
  apply: (html: string) => string | undefined;
  /** Applied to the original side too, for perturbations that vary something the original page lacks. */
  before?: (html: string) => string | undefined;
}

/** A deterministic short hash, so that runs are repeatable and rotated values look like build hashes. */
export function hash(text: string, salt = ''): string {
  let h = 0x811c9dc5;
  for (const c of salt + text) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h.toString(36).padStart(7, '0').slice(0, 7);
}

function uuid(salt: string): string {
  const hex = Array.from({ length: 4 }, (_, i) => parseInt(hash(salt, String(i)), 36).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const SKIP = new Set(['script', 'style', 'noscript', 'template', 'textarea', 'title', 'code', 'pre']);

export function dom(html: string, edit: ($: CheerioAPI) => boolean | void): string | undefined {
  const $ = load(html);
  return edit($) === false ? undefined : $.html();
}

/** Every element of the page. */
export function elements($: CheerioAPI): Element[] {
  return $('*').toArray().filter((n): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style');
}

/** Text nodes of the visible document (not scripts, styles or code). */
export function textNodes($: CheerioAPI): Text[] {
  const out: Text[] = [];
  const walk = (n: AnyNode): void => {
    if (n.type === 'text') out.push(n as Text);
    else if ('children' in n && !(n.type === 'tag' && SKIP.has((n as Element).name))) for (const c of n.children) walk(c);
  };
  walk($.root()[0]!);
  return out;
}

export function mapText($: CheerioAPI, fn: (text: string) => string): boolean {
  let changed = false;
  for (const t of textNodes($)) {
    const next = fn(t.data);
    if (next !== t.data) {
      t.data = next;
      changed = true;
    }
  }
  return changed;
}

/** The page's title heading (first non-empty h1), where real pages put breadcrumbs, copy buttons and meta lines. */
export function titleHeading($: CheerioAPI): Element | undefined {
  return $('h1')
    .toArray()
    .find((h) => $(h).text().trim().length > 0);
}

/** The element that holds most of the page's paragraphs: where feedback widgets and related lists are appended. */
export function articleBody($: CheerioAPI): Element | undefined {
  let best: Element | undefined;
  let bestSize = 0;
  const seen = new Set<Element>();
  $('p').each((_, p) => {
    const parent = p.parent as Element | null;
    if (!parent || parent.type !== 'tag' || seen.has(parent)) return;
    seen.add(parent);
    const size = $(parent).children('p,ul,ol,h2,h3,table').text().length;
    if (size > bestSize) {
      best = parent;
      bestSize = size;
    }
  });
  return best;
}

/** Prose paragraphs of the article (long enough to be policy text), in document order. */
export function proseParagraphs($: CheerioAPI): Element[] {
  const body = articleBody($);
  if (!body) return [];
  return $(body)
    .find('p,li')
    .toArray()
    .filter((p) => {
      const text = $(p).text().replace(/\s+/g, ' ').trim();
      return text.length > 80 && $(p).find('p,li,table').length === 0 && $(p).closest('nav,footer,header,aside,[role=navigation]').length === 0;
    });
}

export const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTH_RE = MONTHS.map((m) => `${m.slice(0, 3)}(?:${m.slice(3)})?`).join('|');
const DATE_ANY = new RegExp(
  `\\b(?:(${MONTH_RE})\\.? (\\d{1,2}),? (\\d{4})|(\\d{1,2}) (${MONTH_RE})\\.?,? (\\d{4})|(\\d{4})-(\\d{2})-(\\d{2}))\\b`,
  'g',
);

export type DateStyle = 'Month D, YYYY' | 'D Month YYYY' | 'YYYY-MM-DD' | 'Mon D, YYYY' | 'D Mon YYYY';

function monthIndex(name: string): number {
  return MONTHS.findIndex((m) => m.slice(0, 3).toLowerCase() === name.slice(0, 3).toLowerCase());
}

/** Rewrites every calendar date in a text in one style. */
export function restyleDates(text: string, style: DateStyle): string {
  return text.replace(DATE_ANY, (all, m1?: string, d1?: string, y1?: string, d2?: string, m2?: string, y2?: string, y3?: string, m3?: string, d3?: string) => {
    const month = m1 ? monthIndex(m1) : m2 ? monthIndex(m2) : Number(m3) - 1;
    const day = Number(d1 ?? d2 ?? d3);
    const year = y1 ?? y2 ?? y3 ?? '';
    const name = MONTHS[month];
    if (!name || day < 1 || day > 31) return all;
    switch (style) {
      case 'Month D, YYYY': return `${name} ${day}, ${year}`;
      case 'D Month YYYY': return `${day} ${name} ${year}`;
      case 'Mon D, YYYY': return `${name.slice(0, 3)} ${day}, ${year}`;
      case 'D Mon YYYY': return `${day} ${name.slice(0, 3)} ${year}`;
      default: return `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    }
  });
}

export function hasDate(text: string): boolean {
  DATE_ANY.lastIndex = 0;
  return DATE_ANY.test(text);
}

export { uuid };

/** Text nodes inside the article's prose paragraphs, in document order. */
export function proseText($: CheerioAPI): Text[] {
  const paragraphs = new Set<AnyNode>(proseParagraphs($));
  return textNodes($).filter((t) => {
    for (let n: AnyNode | null = t.parent; n; n = n.parent) if (paragraphs.has(n)) return true;
    return false;
  });
}
