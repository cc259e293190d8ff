import type { BlockRule } from '../rule.ts';
import { links, tagName, textOf } from '../dom.ts';
import { LINK_DENSE, PREV_NEXT_MAX } from '../thresholds.ts';

// Links that page through a series: "Previous …" then "Next …", or one link with an arrow ("Next: Terms →").
const PREV = /^(?:[←‹«]\s*)?(?:previous|prev|older|newer)\b/i;
const NEXT = /^(?:next|newer|older)\b/i;
const ARROW = /^[←‹«]|[→›»]$/;

export const prevNext: BlockRule = {
  id: 'prev-next',
  phase: 'chrome',
  kind: 'block',
  scan: 'small-blocks',
  version: 1,
  description: 'drops a short block of one or two links worded as steps through a series (Previous … / Next …, or one link with an arrow); a lone "Previous Version" link stays',
  judge(block, scan) {
    const s = scan.size(block);
    if (!s || s.text >= PREV_NEXT_MAX || tagName(block) === 'a' || s.link < s.text * LINK_DENSE) return undefined;
    const texts = links(block).map(textOf);
    if (texts.length === 2) return PREV.test(texts[0] ?? '') && NEXT.test(texts[1] ?? '') ? { remove: [block] } : undefined;
    const one = texts.length === 1 ? (texts[0] ?? '') : '';
    return ARROW.test(one) && (PREV.test(one) || NEXT.test(one)) ? { remove: [block] } : undefined;
  },
};
