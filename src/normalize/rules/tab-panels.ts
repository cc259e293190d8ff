import type { TreeRule } from '../rule.ts';
import { textOf } from '../dom.ts';
import { TAB_LISTS, TAB_PANELS, TABS_OR_IDS } from '../queries.ts';

export const tabPanels: TreeRule = {
  id: 'tab-panels',
  phase: 'restore',
  kind: 'tree',
  version: 1,
  description: "keeps every tab panel (hidden ones too), each headed by its tab's label; drops the tab strip",
  apply(ctx) {
    const { $ } = ctx;
    // The labels it adds (<p><strong>) are no panel, tab, id or tab list: the page's list answers as $ would.
    const tabs = ctx.select(TABS_OR_IDS);
    for (const panel of ctx.select(TAB_PANELS)) {
      const id = panel.attribs.id;
      const labelledBy = panel.attribs['aria-labelledby'];
      const tab = tabs.find((t) => (labelledBy !== undefined && t.attribs.id === labelledBy) || (id !== undefined && t.attribs['aria-controls'] === id));
      const label = tab ? textOf(tab) : '';
      if (label) $(panel).prepend($('<p></p>').append($('<strong></strong>').text(label)));
    }
    for (const el of ctx.select(TAB_LISTS)) ctx.remove(el, 'tab strip (its labels head the panels)');
  },
};
