import type { TreeRule } from '../rule.ts';
import { STREAMED } from '../queries.ts';

export const streamedSlots: TreeRule = {
  id: 'streamed-slots',
  phase: 'restore',
  kind: 'tree',
  version: 1,
  description: 'React streaming: moves content rendered late (<div hidden id="S:n">) into its slot (<template id="B:n">)',
  apply({ $, select }) {
    // Each slot is looked up after the moves before it: a move takes a template out of the page.
    for (const el of select(STREAMED)) {
      const id = el.attribs.id?.slice(2);
      const slot = $('template').filter((_, t) => t.attribs.id === `B:${id}`);
      if (id && slot.length && el.children.length) slot.replaceWith(el.children);
    }
  },
};
