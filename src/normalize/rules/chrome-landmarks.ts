import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { RuleContext, TreeRule } from '../rule.ts';
import { isElement } from '../dom.ts';
import { CALLOUT_PROSE } from '../thresholds.ts';
import { CHROME } from '../queries.ts';

// Asides inside the content with a paragraph of prose are the document's own callouts ("In short: …"); site
// sidebars are links and labels.
function isCallout(el: Element, $: CheerioAPI, ctx: RuleContext): boolean {
  if (!$(el).is('aside,[role=complementary]') || $(el).closest('main,article,[role=main]').length === 0) return false;
  const size = ctx.sizeAlone(el);
  return size !== undefined && size.text - size.link >= CALLOUT_PROSE;
}

export const chromeLandmarks: TreeRule = {
  id: 'chrome-landmarks',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: 'drops landmarks that are chrome wherever they appear: nav, aside, footer, forms, menus, toolbars, dialogs, breadcrumbs; an aside of prose inside the content stays',
  apply(ctx) {
    const doomed = ctx.select(CHROME).filter((el) => !isElement(el) || !isCallout(el, ctx.$, ctx));
    for (const el of doomed) ctx.remove(el);
  },
};
