import type { AnyNode, Element } from 'domhandler';
import type { RuleContext, TreeRule } from '../rule.ts';
import { classNames } from '../classes.ts';
import { canonicalizeDates } from '../dates.ts';
import { contains, introducedByColon, isElement, tagName, hasText, textOf } from '../dom.ts';
import { headingKey, linkPlace, namesHeading, siteOf } from '../pagelinks.ts';
import { CONTROL_LABEL_MAX, HERO_MAX, STRIP_LABEL_MAX, STRIP_MAX_ITEMS } from '../thresholds.ts';
import { CURRENT_MARKERS } from '../queries.ts';

/**
 * Navigation that marks where the reader is: portal tabs (Overview | Resources | Subprocessors), a legal hub's
 * document switcher (Terms | Privacy | Cookies), a side list of the site's other policies. What marks it is an item
 * flagged as the current one (aria-current, aria-selected, an "active" class) or a link to this very page. Above such
 * navigation sits the portal's or hub's header (its name, a welcome paragraph, buttons); the document follows it.
 */

const ITEM = 'a[href],button,[role=tab],[role=link]';
// Generic state names ("active", "is-current", "nav-link--selected", "Tab_active__x1"), never a page's own class.
const CURRENT_CLASS = /(?:^|[-_])(?:active|current|selected)(?:$|[-_])/i;
const HEADINGS = 'h1,h2,h3,h4,h5,h6,[role=heading]';
const LIST_OR_TABLE = new Set(['ul', 'ol', 'menu', 'li', 'dl', 'dd', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th']);
const DATE = /\b\d{4}-\d{2}-\d{2}\b/;
const EMAIL = /[\w.+-]+@[\w-]+\.[\w.-]+/;
// A pager's items: page numbers, arrows, "Previous"/"Next".
const PAGER_LABEL = /^(?:\d+|[‹›«»←→<>…]+|prev(?:ious)?|next|first|last|more|\.\.\.)$/i;

function isBoundary(n: AnyNode | null): boolean {
  return !n || !isElement(n) || tagName(n) === 'body' || tagName(n) === 'html';
}

function marksCurrent(el: Element, url: string): boolean {
  const current = el.attribs['aria-current'];
  if (current !== undefined && current.toLowerCase() !== 'false') return true;
  if (el.attribs['aria-selected'] === 'true') return true;
  if (tagName(el) === 'a') {
    const place = linkPlace(el.attribs.href, url);
    if (place?.samePage && !place.fragment) return true;
  }
  return classNames(el).some((c) => CURRENT_CLASS.test(c));
}

interface Strip {
  node: Element;
  items: Element[];
  /** The label of the item marked current. */
  current: string;
}

/** The outermost items of a block (a link inside a tab counts once). */
function itemsOf(ctx: RuleContext, el: Element): Element[] {
  const all = ctx.$(el).find(ITEM).toArray().filter(isElement);
  return all.filter((i) => !all.some((o) => o !== i && contains(o, i)));
}

/** The navigation around a marked item: the nearest ancestor holding two or more items and little else. */
function stripAround(ctx: RuleContext, marker: Element): Strip | undefined {
  const item = (ctx.$(marker).closest(ITEM)[0] as Element | undefined) ?? marker;
  let node: Element = item;
  while (!isBoundary(node.parent)) {
    node = node.parent as Element;
    const items = itemsOf(ctx, node);
    if (items.length < 2) {
      if (textOf(node).length > CONTROL_LABEL_MAX) return undefined;
      continue;
    }
    if (items.length > STRIP_MAX_ITEMS) return undefined;
    const labels = items.map(textOf);
    if (labels.some((l) => l.length > CONTROL_LABEL_MAX) || labels.filter(Boolean).length < 2) return undefined;
    // Beside its items a strip holds at most a label or separators, never a sentence.
    const rest = textOf(node).length - labels.reduce((n, l) => n + l.length + 1, 0);
    if (rest > STRIP_LABEL_MAX || ctx.$(node).find('h1,table').length > 0 || ctx.$(node).closest('table,p').length > 0) return undefined;
    return { node, items, current: textOf(item) };
  }
  return undefined;
}

/** Tabs that switch panels of this page are the document's structure (tab-panels reads them), not navigation. */
function switchesPanels(ctx: RuleContext, strip: Strip): boolean {
  return strip.items.some((i) => {
    const target = i.attribs['aria-controls'];
    return target !== undefined && target.split(/\s+/).some((id) => ctx.$(`[id="${id.replace(/"/g, '')}"]`).length > 0);
  });
}

/** Links that mostly leave the site (partners, regulators) are a list the document cites, not its site's navigation. */
function leavesSite(strip: Strip, url: string): boolean {
  const home = siteOf(url, url);
  const hrefs = strip.items.map((i) => i.attribs.href).filter((h): h is string => !!h && /^(?:https?:)?\/\//i.test(h));
  return hrefs.filter((h) => siteOf(h, url) !== home).length * 2 > strip.items.length;
}

/**
 * The blocks just before the navigation: its preceding siblings, or, when it opens its parent, the parent's (a
 * header sits right above the navigation it belongs to, never further up the page). Navigation that shares a
 * container with a heading after it sits in the document's own header (an eyebrow, the title): nothing above that
 * container is taken; nor is anything from a list or a table.
 */
function blocksBefore(ctx: RuleContext, node: Element): AnyNode[] {
  for (let n: AnyNode | null = node; n && !isBoundary(n) && !isBoundary(n.parent); n = n.parent) {
    if (LIST_OR_TABLE.has(tagName(n.parent!))) return [];
    const siblings: AnyNode[] = [];
    for (let p = n.prev; p; p = p.prev) if (hasText(p)) siblings.unshift(p);
    if (siblings.length) return siblings;
    for (let f = n.next; f; f = f.next) if (isElement(f) && (ctx.$(f).is(HEADINGS) || ctx.$(f).find(HEADINGS).length > 0)) return [];
  }
  return [];
}

/** Characters of text after the node in document order, up to the body. */
function textAfter(node: Element): number {
  let total = 0;
  for (let n: AnyNode | null = node; n && !isBoundary(n); n = n.parent) for (let s = n.next; s; s = s.next) total += textOf(s).length;
  return total;
}

/**
 * The portal's or hub's header above the navigation (its name, a welcome paragraph, buttons), when the document
 * follows the navigation: it is short, states no date or address, and no heading in it names the current item
 * (then it would be the document's own title above a switcher).
 */
function headerAbove(ctx: RuleContext, strip: Strip): AnyNode[] {
  if (strip.items.every((i) => PAGER_LABEL.test(textOf(i)) || !textOf(i))) return [];
  const nodes = blocksBefore(ctx, strip.node);
  if (!nodes.length) return [];
  const text = nodes.map((n) => textOf(n)).join(' ');
  const headings = nodes.flatMap((n) => (isElement(n) ? (ctx.$(n).is(HEADINGS) ? [n] : ctx.$(n).find(HEADINGS).toArray()) : []));
  const keys = headings.map((h) => headingKey(textOf(h))).filter(Boolean);
  // The document follows the navigation: most of the page's text comes after it.
  const page = ctx.size(ctx.scope)?.text ?? 0;
  if (text.length > HERO_MAX || headings.length > 1 || textAfter(strip.node) < Math.max(text.length, page * 0.5)) return [];
  if (DATE.test(canonicalizeDates(text)) || EMAIL.test(text)) return [];
  if (strip.current && namesHeading(strip.current, new Set(keys), keys)) return [];
  return nodes;
}

export const tabStrips: TreeRule = {
  id: 'tab-strips',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: `drops navigation that marks the current page (portal tabs, a legal hub's document switcher) with the short portal or hub header above it; tabs that switch panels of the page, lists a sentence introduces or that lead off-site, and a header naming the current document or stating a date stay`,
  apply(ctx) {
    const markers = ctx.select(CURRENT_MARKERS).filter((el) => marksCurrent(el, ctx.url));
    const strips: Strip[] = [];
    for (const marker of markers) {
      if (strips.some((s) => contains(s.node, marker))) continue;
      const strip = stripAround(ctx, marker);
      if (!strip || strips.some((s) => contains(strip.node, s.node))) continue;
      if (switchesPanels(ctx, strip) || leavesSite(strip, ctx.url) || introducedByColon(strip.node, CONTROL_LABEL_MAX)) continue;
      strips.push(strip);
    }
    for (const strip of strips) {
      if (!strip.node.parent) continue;
      for (const node of headerAbove(ctx, strip)) if (node.parent) ctx.remove(node, `the header above the navigation to "${strip.current}"`);
      ctx.remove(strip.node, `navigation marking "${strip.current}" as current`);
    }
  },
};
