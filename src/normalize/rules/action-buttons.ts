import type { TreeRule } from '../rule.ts';
import { BUTTON } from '../queries.ts';

export const actionButtons: TreeRule = {
  id: 'action-buttons',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: 'drops buttons (they act, they do not inform); accordion and disclosure triggers stay, since they title hidden content',
  apply(ctx) {
    for (const el of ctx.select(BUTTON)) {
      const expands = el.attribs['aria-expanded'] !== undefined || el.attribs['aria-controls'] !== undefined;
      if (!expands || el.attribs['aria-haspopup'] !== undefined) ctx.remove(el);
    }
  },
};
