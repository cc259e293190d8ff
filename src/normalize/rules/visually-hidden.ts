import type { AnyNode, Element } from 'domhandler';
import type { TreeRule } from '../rule.ts';
import { isElement, tagName, textOf } from '../dom.ts';
import { VISUALLY_HIDDEN_MAX } from '../thresholds.ts';
import { isVisuallyHidden } from '../visibility.ts';
import { CLASS_OR_STYLE } from '../queries.ts';

/** A table or a list of several items: records, never a screen-reader hint (a full list kept for screen readers). */
function holdsRecords(el: Element): boolean {
  const walk = (n: Element): boolean => {
    const tag = tagName(n);
    if (tag === 'table' || n.attribs.role === 'table' || n.attribs.role === 'grid') return true;
    if ((tag === 'ul' || tag === 'ol') && n.children.filter((c) => tagName(c) === 'li').length >= 2) return true;
    return n.children.some((c) => isElement(c) && walk(c));
  };
  return walk(el);
}

/**
 * The hidden text is all a table cell says: it stands for an icon a reader sees (a check mark, a cross). `cellText`
 * keeps each cell's text for the rule's pass: a page laid out in one big cell holds many hidden hints, and its text
 * was built again for each (nothing is removed before the pass ends).
 */
function speaksForCell(el: Element, text: string, cellText: Map<AnyNode, string>): boolean {
  for (let n = el.parent; n && isElement(n); n = n.parent) {
    const tag = tagName(n);
    if (tag === 'td' || tag === 'th' || n.attribs.role === 'cell' || n.attribs.role === 'gridcell') {
      let cell = cellText.get(n);
      if (cell === undefined) cellText.set(n, (cell = textOf(n)));
      return cell === text;
    }
    if (tag === 'table' || tag === 'tr') return false;
  }
  return false;
}

export const visuallyHidden: TreeRule = {
  id: 'visually-hidden',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: `drops text hidden from sight for screen readers only (sr-only, visually-hidden, clip or off-screen styles): "Opens in new tab" after a link; a longer hidden block, a hidden table or list, or the only text of a table cell stays`,
  apply(ctx) {
    const doomed = new Set<AnyNode>();
    const cellText = new Map<AnyNode, string>();
    const inDoomed = (el: Element): boolean => {
      for (let n = el.parent; n; n = n.parent) if (doomed.has(n)) return true;
      return false;
    };
    // Document order: an element's ancestors are judged before it, and one inside a block already going goes with it.
    for (const el of ctx.select(CLASS_OR_STYLE)) {
      if (!isVisuallyHidden(el) || inDoomed(el)) continue;
      const text = textOf(el);
      if (text.length > VISUALLY_HIDDEN_MAX || holdsRecords(el) || speaksForCell(el, text, cellText)) continue;
      doomed.add(el);
    }
    for (const el of doomed) ctx.remove(el);
  },
};
