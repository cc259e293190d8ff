import type { Element } from 'domhandler';
import type { TreeRule } from '../rule.ts';
import { contains, introducedByColon, isElement, links, tagName, hasText, textOf } from '../dom.ts';
import { headingKey, linkPlace, namesHeading } from '../pagelinks.ts';
import { LINK_DENSE, TOC_LABEL_MAX, TOC_MIN_LINKS, TOC_MIRRORED_SHARE } from '../thresholds.ts';
import { ALL, HEADINGS as HEADING_ELEMENTS, LINK } from '../queries.ts';

const HEADINGS = 'h1,h2,h3,h4,h5,h6,[role=heading]';

/** Ids a contents entry can point to: the heading's own, an anchor inside it, or the section it opens. */
function headingAnchors(h: Element): string[] {
  const ids = [h.attribs.id, ...[...h.children].filter(isElement).map((c) => c.attribs.id ?? c.attribs.name)];
  const parent = h.parent;
  if (parent && isElement(parent) && parent.children.find(isElement) === h) ids.push(parent.attribs.id);
  return ids.filter((id): id is string => !!id);
}

/**
 * A label standing alone just before the contents ("Jump to:", "In this policy"): a few words, no digits, no link,
 * not a heading (a section heading right above a list of its subsections is the document's), no sentence.
 */
function labelBefore(el: Element): Element | undefined {
  let prev = el.prev;
  while (prev && !isElement(prev) && !hasText(prev)) prev = prev.prev;
  if (!prev || !isElement(prev) || /^h[1-6]$/.test(tagName(prev)) || prev.attribs.role === 'heading' || links(prev).length > 0) return undefined;
  const text = textOf(prev);
  if (!text || text.length > TOC_LABEL_MAX || /\d/.test(text)) return undefined;
  return /:$/.test(text) || (!/[.!?]$/.test(text) && text.split(/\s+/).length <= 4) ? prev : undefined;
}

export const inPageToc: TreeRule = {
  id: 'in-page-toc',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: `drops an in-page table of contents: a block of at least ${TOC_MIN_LINKS} links, nearly all to places on this page, that mirror the page's headings; a list whose entries carry prose of their own (the document's summary) stays`,
  apply(ctx) {
    const { $ } = ctx;
    const order = new Map<Element, number>();
    const all = ctx.select(ALL);
    all.forEach((el, i) => order.set(el, i));
    // The headings with their position, words and anchors.
    const headings = ctx.select(HEADING_ELEMENTS).map((h) => ({ at: order.get(h) ?? 0, key: headingKey(textOf(h)), anchors: headingAnchors(h) }));
    // In-page links counted on every ancestor, in one pass.
    const fragmentOf = new Map<Element, string>();
    const counts = new Map<Element, number>();
    for (const a of ctx.select(LINK)) {
      const fragment = linkPlace(a.attribs.href, ctx.url)?.fragment;
      if (!fragment) continue;
      fragmentOf.set(a, fragment);
      for (let n = a.parent; n && isElement(n); n = n.parent) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    if (fragmentOf.size < TOC_MIN_LINKS) return;
    const doomed: Element[] = [];
    const inDoomed = (el: Element): boolean => doomed.some((d) => contains(d, el));
    // Document order: the outermost block that qualifies is taken, with the label it wraps ("On this page").
    for (const el of all) {
      if ((counts.get(el) ?? 0) < TOC_MIN_LINKS || inDoomed(el)) continue;
      const size = ctx.size(el);
      // Links, and at most a label beside them ("On this page", "Contents").
      if (!size || (size.link < size.text * LINK_DENSE && size.text - size.link > TOC_LABEL_MAX)) continue;
      const anchorsIn = links(el);
      const inPage = anchorsIn.filter((a) => fragmentOf.has(a));
      if (inPage.length < anchorsIn.length * 0.8 || $(el).find('h1').length > 0 || $(el).find(HEADINGS).length > 1) continue;
      // A list a sentence introduces ("such as:", "You have the following rights:") enumerates, it does not navigate;
      // a label ("Jump to:") only names the contents.
      if (introducedByColon(el, TOC_LABEL_MAX)) continue;
      // Contents lead the reader down the page: the headings they mirror come after them.
      const end = order.get(inPage.at(-1)!) ?? 0;
      const below = headings.filter((h) => h.at > end);
      const keys = below.map((h) => h.key).filter(Boolean);
      const keySet = new Set(keys);
      const anchors = new Set(below.flatMap((h) => h.anchors));
      const mirrored = inPage.filter((a) => anchors.has(fragmentOf.get(a)!) || namesHeading(textOf(a), keySet, keys));
      if (mirrored.length < inPage.length * TOC_MIRRORED_SHARE) continue;
      doomed.push(el);
    }
    for (const el of doomed) {
      const label = labelBefore(el);
      if (label) ctx.remove(label, 'the label of the contents below it');
      ctx.remove(el, `${links(el).length} links to this page's sections`);
    }
  },
};
