import type { AnyNode } from 'domhandler';
import type { BlockRule } from '../rule.ts';
import { headingCount, isElement, tagName } from '../dom.ts';
import { LINK_DENSE, WIDGET_CLIMB_SLACK } from '../thresholds.ts';

// Text of widgets that sit inside content containers: the phrase names the widget.
const WIDGET_PHRASE =
  /^(?:related articles?|related (?:posts|pages|resources|content)|you (?:might|may) also like|more in this (?:collection|section)|did this answer your question\??|was this (?:page|article|answer)? ?helpful\??|how helpful was this(?: article)?\??|rate this (?:page|article)|(?:table of )?contents|on this page|in this article|copy for llm|copy page|copy as markdown|view as markdown|open in (?:chatgpt|claude)|suggest edits?|raise issue|edit this page|edit on github|ask ai|copy|copied!?|skip to (?:main )?content|skip to footer|share this (?:page|article)|(?:page )?\d+ (?:of|\/) \d+(?: pages)?|showing \d+(?: (?:to|-|–) \d+)? of \d+(?: \w+)?|\d+ ?[-–] ?\d+ of \d+(?: \w+)?)$/i;

export const widgetPhrases: BlockRule = {
  id: 'widget-phrases',
  phase: 'chrome',
  kind: 'block',
  scan: 'small-blocks',
  // 2: "Contents" alone labels a table of contents too.
  version: 2,
  description: 'drops a block whose whole text names a widget (Related articles, Was this helpful?, On this page, Copy page, Page 2 of 5…) with the containers that add only links, and a link list that follows its label; never climbs out of a list item or over a heading',
  judge(block, scan) {
    if (!WIDGET_PHRASE.test(scan.text(block))) return undefined;
    const ownText = (n: AnyNode): number => {
      const s = scan.size(n);
      return s ? s.text - s.link : 0;
    };
    // Climb while the container adds only links (the related list) or nothing (the feedback buttons). Never into a
    // container with headings of its own (the widget sits beside the title, it does not own it), nor out of a list
    // item (its siblings are other items of a list, not the widget's buttons).
    let node: AnyNode = block;
    while (node.parent && node.parent !== scan.root && tagName(node) !== 'li' && ownText(node.parent) <= ownText(block) + WIDGET_CLIMB_SLACK && headingCount(node.parent) <= headingCount(node)) node = node.parent;
    const remove: AnyNode[] = [node];
    // A heading-style label ("Related articles") may be followed by its list as siblings, not wrapped with it.
    for (let next = node.next; next; next = next.next) {
      if (!isElement(next)) continue;
      const s = scan.size(next);
      if (!s || /^h[1-6]$/.test(tagName(next)) || s.link < s.text * LINK_DENSE) break;
      remove.push(next);
    }
    // Say which phrase when what goes is more than the phrase itself.
    return remove.length === 1 && node === block ? { remove } : { remove, why: `with its widget phrase "${scan.text(block).slice(0, 40)}"` };
  },
};
