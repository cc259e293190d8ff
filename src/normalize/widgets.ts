import type { AnyNode } from 'domhandler';
import type { Sizes } from './dom.ts';
import { children, findFirst, firstHeadingText, hasTitle, headingCount, isElement, links, measure, remove, tagName, textOf } from './dom.ts';

/**
 * Widgets that sit inside the content container (related articles, feedback, pagers, copy buttons, breadcrumbs,
 * agent blocks), found by their words and their shape, never by one site's class names.
 */

// Text of widgets that sit inside content containers: the phrase names the widget.
const WIDGET_PHRASE =
  /^(?:related articles?|related (?:posts|pages|resources|content)|you (?:might|may) also like|more in this (?:collection|section)|did this answer your question\??|was this (?:page|article|answer)? ?helpful\??|how helpful was this(?: article)?\??|rate this (?:page|article)|table of contents|on this page|in this article|copy for llm|copy page|copy as markdown|view as markdown|open in (?:chatgpt|claude)|suggest edits?|raise issue|edit this page|edit on github|ask ai|copy|copied!?|skip to (?:main )?content|skip to footer|share this (?:page|article)|(?:page )?\d+ (?:of|\/) \d+(?: pages)?|showing \d+(?: (?:to|-|–) \d+)? of \d+(?: \w+)?|\d+ ?[-–] ?\d+ of \d+(?: \w+)?)$/i;
// Links that page through a series: "Previous …" then "Next …", or one link with an arrow ("Next: Terms →").
const PREV = /^(?:[←‹«]\s*)?(?:previous|prev|older|newer)\b/i;
const NEXT = /^(?:next|newer|older)\b/i;
const ARROW = /^[←‹«]|[→›»]$/;
// Blocks written for crawlers and agents (Mintlify's documentation index and agent instructions).
const AGENT_BLOCK =
  /^(?:>\s*)?(?:#+\s*)?(?:documentation index\b|(?:instructions|note|notes) (?:for|to) (?:ai )?(?:agents|llms|assistants)\b|agent instructions\b|for (?:ai )?agents\b|llm instructions\b)/i;

// What makes an agent block one: it points the agent to a machine-readable copy of the site (llms.txt, a .md page).
// A policy section titled "For AI agents" states rules for agents and points nowhere like that.
const AGENT_POINTER = /\bllms(?:-full)?\.txt\b|https?:\/\/\S+\.(?:md|txt)\b/i;

/**
 * A block of one or two links and nothing else, worded as steps through a series. A lone "Previous Version" link
 * beside an effective date is not one: a single step needs an arrow.
 */
function isPrevNext(el: AnyNode, sizes: Sizes): boolean {
  const s = sizes.get(el);
  if (tagName(el) === 'a' || !s || s.link < s.text * 0.85) return false;
  const texts = links(el).map(textOf);
  if (texts.length === 2) return PREV.test(texts[0] ?? '') && NEXT.test(texts[1] ?? '');
  const one = texts.length === 1 ? (texts[0] ?? '') : '';
  return ARROW.test(one) && (PREV.test(one) || NEXT.test(one));
}

/**
 * A breadcrumb trail above the title: a short block of links (the last crumb may be plain text) before the h1.
 * Nothing a reader takes for policy text comes before the document's title and is made of links.
 */
export function dropTitleCrumbs(root: AnyNode): void {
  const h1 = findFirst(root, (n) => tagName(n) === 'h1' && textOf(n).length > 0);
  if (!h1) return;
  const doomed: AnyNode[] = [];
  for (let n: AnyNode | null = h1; n && n !== root; n = n.parent) {
    for (let p = n.prev; p; p = p.prev) {
      if (!isElement(p)) continue;
      // Each sibling is measured once, on its own: together they are at most the root.
      const s = measure(p).get(p);
      if (!s || s.text === 0 || s.text > 200 || s.link < s.text * 0.5 || links(p).length < 2) continue;
      if (!/[.:;!?]$/.test(textOf(p))) doomed.push(p);
    }
  }
  for (const n of doomed) remove(n);
}

/** Widgets inside content (related articles, feedback, table of contents, agent blocks), found by their words. */
export function dropWidgets(root: AnyNode): void {
  const sizes = measure(root);
  const doomed = new Set<AnyNode>();
  const ownText = (n: AnyNode): number => {
    const s = sizes.get(n);
    return s ? s.text - s.link : 0;
  };
  const walk = (n: AnyNode): void => {
    for (const c of children(n)) {
      // Tables are content whatever their cells say ("2 of 3", "Copy").
      if (!isElement(c) || tagName(c) === 'table') continue;
      const size = sizes.get(c)?.text ?? 0;
      if (size > 0 && size < 2000) {
        const text = textOf(c);
        if (WIDGET_PHRASE.test(text)) {
          // Climb while the container adds only links (the related list) or nothing (the feedback buttons).
          let node: AnyNode = c;
          // Never into a container with headings of its own: the widget sits beside the title, it does not own it.
          // Nor out of a list item: its siblings are other items of a list, not the widget's buttons.
          while (node.parent && node.parent !== root && tagName(node) !== 'li' && ownText(node.parent) <= ownText(c) + 30 && headingCount(node.parent) <= headingCount(node)) node = node.parent;
          doomed.add(node);
          // A heading-style label ("Related articles") may be followed by its list as siblings, not wrapped with it.
          for (let next = node.next; next; next = next.next) {
            if (!isElement(next)) continue;
            const s = sizes.get(next);
            if (!s || /^h[1-6]$/.test(tagName(next)) || s.link < s.text * 0.85) break;
            doomed.add(next);
          }
          continue;
        }
        if (size < 200 && isPrevNext(c, sizes)) {
          doomed.add(c);
          continue;
        }
        // Small blocks only: the page's content container also starts with this text when the block is its first child.
        if (size < 1500 && AGENT_BLOCK.test(text) && AGENT_POINTER.test(text) && (!hasTitle(c) || AGENT_BLOCK.test(firstHeadingText(c))) && headingCount(c) <= 1) {
          doomed.add(c);
          continue;
        }
      }
      walk(c);
    }
  };
  walk(root);
  for (const n of doomed) remove(n);
}
