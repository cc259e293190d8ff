import type { TreeRule } from '../rule.ts';
import { selectAll } from '../dom.ts';

export const configuredRemove: TreeRule = {
  id: 'configured-remove',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: "drops what the document's `remove` selectors match (config)",
  apply(ctx) {
    for (const selector of ctx.doc.remove ?? []) for (const el of selectAll(ctx.$, selector)) ctx.remove(el, selector);
  },
};
