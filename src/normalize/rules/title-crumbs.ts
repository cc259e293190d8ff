import type { AnyNode } from 'domhandler';
import type { TreeRule } from '../rule.ts';
import { findFirst, isElement, links, tagName, textOf } from '../dom.ts';
import { CRUMBS_LINK_SHARE, CRUMBS_MAX, CRUMBS_MIN_LINKS } from '../thresholds.ts';

export const titleCrumbs: TreeRule = {
  id: 'title-crumbs',
  phase: 'chrome',
  kind: 'tree',
  version: 1,
  description: `drops short link trails before the h1 (breadcrumbs): nothing a reader takes for policy text comes before the title and is made of links`,
  apply(ctx) {
    const root = ctx.scope;
    const h1 = findFirst(root, (n) => tagName(n) === 'h1' && textOf(n).length > 0);
    if (!h1) return;
    const doomed: AnyNode[] = [];
    for (let n: AnyNode | null = h1; n && n !== root; n = n.parent) {
      for (let p = n.prev; p; p = p.prev) {
        if (!isElement(p)) continue;
        // Each sibling is measured on its own: together they are at most the root.
        const s = ctx.sizeAlone(p);
        if (!s || s.text === 0 || s.text > CRUMBS_MAX || s.link < s.text * CRUMBS_LINK_SHARE || links(p).length < CRUMBS_MIN_LINKS) continue;
        if (!/[.:;!?]$/.test(textOf(p))) doomed.push(p);
      }
    }
    for (const n of doomed) ctx.remove(n);
  },
};
