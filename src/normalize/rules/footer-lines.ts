import type { AnyNode, Element } from 'domhandler';
import type { RuleContext, TreeRule } from '../rule.ts';
import { canonicalizeDates } from '../dates.ts';
import { children, contains, introducedByColon, isElement, links, tagName, hasText, textOf } from '../dom.ts';
import { FOOTER_LINE_MAX, FOOTER_LINK_MAX, FOOTER_TAGLINE_MAX, LINK_DENSE } from '../thresholds.ts';

/**
 * A template without a footer landmark leaves its footer lines at the end of the content: a copyright line
 * ("© 2026 Acme, Inc."), a tagline, a row of social or site links. They are the trailing blocks of the content root
 * after the document's last section: short, each either ©-bearing, made of short links, or (next to those) a tagline.
 * A block with an e-mail address, a phone number, a street address or a date is the policy's closing text
 * ("Contact us at privacy@…", the postal address, "Last updated …") and ends the run.
 */

type Kind = 'copyright' | 'links' | 'tagline';

const COPYRIGHT = /©|\(c\)\s*(?:19|20)\d{2}|\bcopyright\b/i;
const CONTACT = /[\w.+-]+@[\w-]+\.[\w.-]+|\+?\d[\d\s().-]{7,}\d/;
const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/;
// Blocks that hold text as a unit: never descended into.
const UNIT = /^(?:p|li|h[1-6]|table|pre|blockquote|dl|dt|dd|address|figure)$/;

const BLOCK = /^(?:p|div|section|article|aside|header|footer|main|nav|ul|ol|dl|li|table|h[1-6]|blockquote|pre|address|figure|form|details)$/;

/** A line: no blocks inside (a list of links counts as one line). Containers are looked into, never judged whole. */
function isLine(el: Element): boolean {
  if (tagName(el) === 'ul' || tagName(el) === 'ol') return children(el).every((li) => !isElement(li) || !children(li).some((c) => isElement(c) && BLOCK.test(tagName(c))));
  return !children(el).some((c) => isElement(c) && BLOCK.test(tagName(c)));
}

function kindOf(ctx: RuleContext, el: Element): Kind | undefined {
  if (!isLine(el)) return undefined;
  const text = textOf(el);
  if (!text || text.length > FOOTER_LINE_MAX || tagName(el) === 'address' || /^h[1-6]$/.test(tagName(el))) return undefined;
  if (CONTACT.test(text) || ISO_DATE.test(canonicalizeDates(text))) return undefined;
  if (COPYRIGHT.test(text) && text.replace(/\b(?:19|20)\d{2}\b/g, '').replace(/[^\d]/g, '').length === 0) return 'copyright';
  const anchors = links(el);
  const size = ctx.sizeAlone(el);
  if (anchors.length > 0 && size && size.link >= size.text * LINK_DENSE && !introducedByColon(el)) {
    const labels = anchors.map(textOf);
    const mail = anchors.some((a) => /^(?:mailto|tel):/i.test(a.attribs.href ?? ''));
    if (!mail && labels.every((l) => l.length <= FOOTER_LINK_MAX) && (anchors.length >= 2 || /^#/.test(anchors[0]!.attribs.href ?? ''))) return 'links';
    return undefined;
  }
  // A tagline: a short line without digits or a closing full stop, at most a link or two with short labels
  // ("Powered by Acme", "Made in Berlin", "Powered by Acme · Privacy").
  const shortLinks = anchors.length <= 2 && anchors.every((a) => textOf(a).length <= FOOTER_LINK_MAX);
  if (shortLinks && text.length <= FOOTER_TAGLINE_MAX && !/\d/.test(text) && !/[.:;?!]$/.test(text)) return 'tagline';
  return undefined;
}

/** The last child element that has text. */
function lastWithText(node: AnyNode, skip: ReadonlySet<AnyNode>): Element | undefined {
  const kids = children(node);
  for (let i = kids.length - 1; i >= 0; i--) {
    const c = kids[i]!;
    if (skip.has(c)) continue;
    if (c.type === 'text' && hasText(c)) return undefined;
    if (isElement(c) && hasText(c)) return c;
  }
  return undefined;
}

export const footerLines: TreeRule = {
  id: 'footer-lines',
  phase: 'chrome',
  kind: 'tree',
  version: 1,
  description: `drops footer lines a template without a footer landmark leaves at the end of the content: trailing short lines (a © line, a row of short links, a tagline) when one is a © line or the links make a row of 3+; an e-mail, phone, address or date ends the run`,
  apply(ctx) {
    const run: { el: Element; kind: Kind }[] = [];
    const taken = new Set<AnyNode>();
    // Wrappers entered, innermost last: one whose trailing blocks are all footer lines goes whole, and the walk
    // goes on before it.
    const entered: Element[] = [];
    const wholly = new Map<Element, Kind>();
    let node: AnyNode = ctx.scope;
    for (;;) {
      const last = lastWithText(node, taken);
      if (!last) {
        const wrapper = entered.pop();
        if (!wrapper) break;
        taken.add(wrapper);
        wholly.set(wrapper, 'tagline');
        node = entered.at(-1) ?? ctx.scope;
        continue;
      }
      const kind = kindOf(ctx, last);
      if (kind) {
        run.push({ el: last, kind });
        taken.add(last);
        continue;
      }
      // A wrapper (the last section, a layout div): its own trailing blocks are the candidates.
      if (UNIT.test(tagName(last)) || isLine(last)) break;
      entered.push(last);
      node = last;
    }
    const copyright = run.some((r) => r.kind === 'copyright');
    const linkRow = run.filter((r) => r.kind === 'links').reduce((n, r) => n + links(r.el).length, 0) >= 3 && run.every((r) => r.kind === 'links');
    if (!copyright && !linkRow) return;
    // A wrapper all of whose text is footer lines goes as one block; its lines inside go with it.
    const whole = [...wholly.keys()].filter((w) => ![...wholly.keys()].some((o) => o !== w && contains(o, w)));
    for (const w of whole) ctx.remove(w, 'footer lines');
    for (const r of run) if (!whole.some((w) => contains(w, r.el))) ctx.remove(r.el, r.kind === 'copyright' ? 'a copyright line' : r.kind === 'links' ? 'a row of footer links' : 'a tagline beside footer lines');
  },
};
