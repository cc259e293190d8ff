import type { TreeRule } from '../rule.ts';
import { textOf } from '../dom.ts';

export const tabPanels: TreeRule = {
  id: 'tab-panels',
  phase: 'restore',
  kind: 'tree',
  version: 1,
  description: "keeps every tab panel (hidden ones too), each headed by its tab's label; drops the tab strip",
  apply(ctx) {
    const { $ } = ctx;
    $('[role=tabpanel]').each((_, panel) => {
      const id = panel.attribs.id;
      const labelledBy = panel.attribs['aria-labelledby'];
      const tab = $('[role=tab],[id]')
        .filter((_, t) => (labelledBy !== undefined && t.attribs.id === labelledBy) || (id !== undefined && t.attribs['aria-controls'] === id))
        .first();
      const label = tab.length ? textOf(tab[0]!) : '';
      if (label) $(panel).prepend($('<p></p>').append($('<strong></strong>').text(label)));
    });
    for (const el of $('[role=tablist]').toArray()) ctx.remove(el, 'tab strip (its labels head the panels)');
  },
};
