import type { TreeRule } from '../rule.ts';
import { INERT } from '../queries.ts';

export const inertElements: TreeRule = {
  id: 'inert-elements',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: 'drops elements that never carry policy text: media, embeds, form inputs, options, dialogs, the <title>',
  apply(ctx) {
    for (const el of ctx.select(INERT)) ctx.remove(el);
  },
};
