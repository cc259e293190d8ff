import type { TreeRule } from '../rule.ts';

// Elements that never carry policy text.
const INERT =
  'script,style,noscript,svg,iframe,canvas,video,audio,object,embed,img,picture,source,link,meta,input,textarea,option,dialog,title';

export const inertElements: TreeRule = {
  id: 'inert-elements',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: 'drops elements that never carry policy text: media, embeds, form inputs, options, dialogs, the <title>',
  apply(ctx) {
    for (const el of ctx.$(INERT).toArray()) ctx.remove(el);
  },
};
