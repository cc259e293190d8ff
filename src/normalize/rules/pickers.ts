import type { AnyNode } from 'domhandler';
import type { TreeRule } from '../rule.ts';
import { textOf } from '../dom.ts';
import { PICKER_LABEL_MAX } from '../thresholds.ts';
import { PICKERS } from '../queries.ts';

export const pickers: TreeRule = {
  id: 'pickers',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: 'drops language pickers and comboboxes (<select>, role=combobox) with the short label that shows their value',
  apply(ctx) {
    for (const el of ctx.select(PICKERS)) {
      let node: AnyNode = el;
      while (node.parent && node.parent.type === 'tag' && textOf(node.parent).length <= PICKER_LABEL_MAX) node = node.parent;
      ctx.remove(node);
    }
  },
};
