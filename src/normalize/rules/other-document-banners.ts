import type { AnyNode, Element } from 'domhandler';
import type { TreeRule } from '../rule.ts';
import { canonicalizeDates } from '../dates.ts';
import { contains, isElement, tagName, hasText, textOf } from '../dom.ts';
import { headingKey, linkPlace, siteOf } from '../pagelinks.ts';
import { BAR_MAX } from '../thresholds.ts';
import { ALL, BODY, H1, H2_H3, LINK } from '../queries.ts';

/**
 * A site-wide banner above the document (or rendered at the end of the page, outside the document's container) announcing a change to another document of the site ("We're updating our
 * Terms of Service effective March 1", with a link to them): it names another document and links to another page
 * of the site. A notice about this document's own update names this document, and stays.
 */

// A document's name: up to five capitalized words before a document noun ("Terms of Service", "Usage Policy").
const DOCUMENT_NAME =
  /\b(?:[A-Z][\w'’&-]*\s+){0,5}?(?:Terms(?:\s+(?:of|and|&)\s+(?:Service|Use|Sale|Conditions))?|Polic(?:y|ies)|Notice|Agreement|Addendum|Conditions|Guidelines|Statement|Standards|Principles)\b/g;
// The banner announces a change: an update, a revision, new terms, a date they take effect.
const ANNOUNCES = /\b(?:updat|chang|revis|amend|introduc|new\b|effective\b|take effect|go into effect)/i;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;

function namesOf(text: string): string[] {
  return [...text.matchAll(DOCUMENT_NAME)].map((m) => headingKey(m[0].replace(/^(?:Our|The|These|This|Your|We're|We|Read)\s+/i, '')));
}

/** The names are the same document: equal words, or one holding the other ("Privacy Policy" in "Meta Privacy Policy"). */
function sameDocument(a: string, b: string): boolean {
  return a === b || (a.length > 0 && b.length > 0 && (a.includes(b) || b.includes(a)));
}

export const otherDocumentBanners: TreeRule = {
  id: 'other-document-banners',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: `drops a short banner above the document's title (or outside the container holding the title and most of the text) announcing a change to another document of the site (it names that document and links to another page of the site); a notice naming this document, and text without such a link, stay`,
  apply(ctx) {
    const title = ctx.select(H1).find((h) => hasText(h)) ?? ctx.select(H2_H3).find((h) => hasText(h));
    if (!title) return;
    const own = headingKey(textOf(title));
    const order = new Map<Element, number>();
    ctx.select(ALL).forEach((el, i) => void order.set(el, i));
    const titleAt = order.get(title) ?? 0;
    const home = siteOf(ctx.url, ctx.url);
    const doomed: Element[] = [];
    // The page's top-level container holding the title, when it holds most of the text: a banner rendered at the
    // end of the body (a portal, fixed at the top of the screen) sits outside it.
    let top: AnyNode = title;
    while (top.parent && isElement(top.parent) && tagName(top.parent) !== 'body' && tagName(top.parent) !== 'html') top = top.parent;
    const body = ctx.select(BODY)[0] ?? ctx.$.root()[0]!;
    const content = (ctx.size(top)?.text ?? 0) >= (ctx.size(body)?.text ?? 0) * 0.5 ? top : undefined;
    for (const a of ctx.select(LINK)) {
      const above = (order.get(a) ?? Infinity) < titleAt;
      if ((!above && (!content || contains(content, a))) || doomed.some((d) => contains(d, a))) continue;
      const place = linkPlace(a.attribs.href, ctx.url);
      if (!place || place.samePage || siteOf(a.attribs.href!, ctx.url) !== home) continue;
      // The widest block around the link that stays short and is not the document's header.
      let block: Element | undefined;
      for (let n: Element | null = a; n && isElement(n) && tagName(n) !== 'body' && tagName(n) !== 'html'; n = n.parent as Element | null) {
        if (contains(n, title) || textOf(n).length > BAR_MAX) break;
        block = n;
      }
      if (!block || block === a) continue;
      const text = textOf(block);
      const names = namesOf(text);
      if (!names.length || names.some((n) => sameDocument(n, own))) continue;
      if (!ANNOUNCES.test(text) && !ISO_DATE.test(canonicalizeDates(text))) continue;
      doomed.push(block);
    }
    for (const el of doomed) ctx.remove(el, 'a banner about another document');
  },
};
