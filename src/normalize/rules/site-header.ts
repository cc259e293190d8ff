import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { TreeRule } from '../rule.ts';
import { HEADERS } from '../queries.ts';

// A breadcrumb trail above the title belongs to the document's header, not to the site's banner.
const BREADCRUMB = '[aria-label*=breadcrumb i],[class*=breadcrumb i],[id*=breadcrumb i]';

/**
 * A <header> is the site's banner unless it is the document's own header: it holds the h1 and either sits inside
 * the main content or carries no navigation or search.
 */
function isSiteHeader(el: Element, $: CheerioAPI): boolean {
  const $el = $(el);
  const inContent = $el.closest('main,article,[role=main]').length > 0;
  const navigates = $el.find('nav,form,[role=navigation],[role=search]').not(BREADCRUMB).length > 0;
  // A header inside the content that does not navigate heads a section of the document ("Summary of changes").
  if ($el.find('h1').length === 0) return !inContent || navigates || $el.find('h2,h3,h4,h5,h6').length === 0;
  return !inContent && navigates;
}

export const siteHeader: TreeRule = {
  id: 'site-header',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: "drops the site's banner (<header>, role=banner); keeps the document's own header (its h1, or a section header inside the content)",
  apply(ctx) {
    // One by one: whether a header navigates depends on the headers already gone.
    for (const el of ctx.select(HEADERS)) if (isSiteHeader(el, ctx.$)) ctx.remove(el);
  },
};
