import type { Element } from 'domhandler';
import type { BlockRule } from '../rule.ts';
import { hasTitle, links, tagName, textOf, hasText, isElement } from '../dom.ts';
import { siteOf } from '../pagelinks.ts';
import { LINK_DENSE, LINK_FARM_MIN_LINKS, LINK_FARM_REST_MIN, LINK_FARM_REST_SHARE } from '../thresholds.ts';

/**
 * A list of links that is policy text rather than navigation: it is introduced by a sentence ending in a colon
 * ("We use these sub-processors:"), or most of its links lead to other sites (vendors, regulators), where site
 * navigation and article lists stay on the site.
 */
function isContentLinkList(el: Element, base: string | undefined): boolean {
  let prev = el.prev;
  while (prev && !isElement(prev) && !hasText(prev)) prev = prev.prev;
  if (prev && /:$/.test(textOf(prev)) && tagName(prev) !== 'a') return true;
  if (!base) return false;
  const home = siteOf(base, base);
  const targets = links(el).map((a) => a.attribs.href ?? '').filter((h) => /^(?:https?:)?\/\//i.test(h));
  const away = targets.filter((h) => siteOf(h, base) !== home).length;
  return away * 2 > links(el).length;
}

export const linkFarms: BlockRule = {
  id: 'link-farms',
  phase: 'chrome',
  kind: 'block',
  scan: 'blocks',
  version: 1,
  description: `drops blocks of at least ${LINK_FARM_MIN_LINKS} links and almost no other text (sidebars, article lists) when real text remains beside them; a list introduced by a colon or leading off-site is content`,
  judge(block, scan) {
    const size = scan.size(block);
    if (!size || size.text === 0 || size.link < size.text * LINK_DENSE || hasTitle(block)) return undefined;
    const count = links(block).length;
    if (count < LINK_FARM_MIN_LINKS || isContentLinkList(block, scan.url)) return undefined;
    const total = scan.size(scan.root)?.text ?? 0;
    if (total - size.text < Math.max(LINK_FARM_REST_MIN, total * LINK_FARM_REST_SHARE)) return undefined;
    return { remove: [block], why: `${count} links, ${Math.round((size.link / size.text) * 100)}% link text` };
  },
};
