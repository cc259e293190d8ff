import type { AnyNode, Element } from 'domhandler';
import type { BlockRule } from '../rule.ts';
import type { Size } from '../sizes.ts';
import { classNames } from '../classes.ts';
import { children, hasTitle, isElement, tagName, textOf } from '../dom.ts';
import { BLOCK_PROSE, NAMED_CHROME_MAX_SHARE, SECTION_PROSE } from '../thresholds.ts';

// Chrome recognized by the words its authors name it with (class, id or test id).
const CHROME_NAME =
  /(?:^|[\s_-])(?:cookie|cookies|consent|onetrust|gdpr|sidebar|side-?bar|side-?nav|breadcrumbs?|toc|table-?of-?contents|related|feedback|share|social|lang(?:uage)?-?(?:picker|selector|switcher|menu)|skip-?links?|announcement|banner|pagination|pager|prev-?next)(?:$|[\s_-])/i;
const HEADING = /^h[1-6]$/;

function chromeName(el: Element): string | undefined {
  const names = `${classNames(el).join(' ')} ${el.attribs.id ?? ''} ${el.attribs['data-testid'] ?? ''}`;
  return names.length > 2 ? CHROME_NAME.exec(names)?.[0]?.replace(/^[\s_-]+|[\s_-]+$/g, '') : undefined;
}

/**
 * Whether a block named like chrome reads as the document's own text: a heading (policies anchor sections with ids
 * such as "cookies", "sharing" or "social-media"), a headed section with prose of its own, or a block with a
 * paragraph's worth of prose. Widgets carry links, buttons and a short label, not prose.
 */
export function readsAsDocument(el: Element, size: Size): boolean {
  if (HEADING.test(tagName(el))) return true;
  let headingText = 0;
  const walk = (n: AnyNode): void => {
    for (const c of children(n)) {
      if (!isElement(c)) continue;
      if (HEADING.test(tagName(c))) headingText += textOf(c).length;
      else walk(c);
    }
  };
  walk(el);
  const prose = size.text - size.link - headingText;
  return headingText > 0 ? prose >= SECTION_PROSE : prose >= BLOCK_PROSE;
}

export const namedChrome: BlockRule = {
  id: 'named-chrome',
  phase: 'chrome',
  kind: 'block',
  scan: 'blocks',
  // 2: class tokens with a variant prefix ("toc-visible:md:col-start-2") or an arbitrary value style, they do not name.
  version: 2,
  description: `drops blocks named like chrome by class (variant-prefixed utilities do not name), id or test id (cookie, sidebar, breadcrumb, toc, related, share, pager…) under ${NAMED_CHROME_MAX_SHARE * 100}% of the root, unless they read as the document (a heading, a headed section or a paragraph of prose) or hold the h1`,
  judge(block, scan) {
    const name = chromeName(block);
    if (!name) return undefined;
    const size = scan.size(block);
    const total = scan.size(scan.root)?.text ?? 0;
    if ((size?.text ?? 0) >= total * NAMED_CHROME_MAX_SHARE || readsAsDocument(block, size ?? { text: 0, link: 0 }) || hasTitle(block)) return undefined;
    return { remove: [block], why: `named "${name}"` };
  },
};
