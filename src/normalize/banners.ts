import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { Sizes } from './dom.ts';
import { hasTitle, headingCount, measure, remove, textOf } from './dom.ts';

/** Page chrome found by what it does rather than by its names: consent banners and dismissible bars. */

// A consent decision ("Accept all cookies", "Reject", "Got it"): what makes a block a consent banner rather than
// policy text about cookies, which never carries these buttons.
const CONSENT_ACTION = /^(?:accept|allow|agree|i agree|reject|deny|decline|refuse|got it|ok(?:ay)?|i understand|understood)\b/i;
const CONSENT_WORDS = /\bcookies?\b|\bconsent\b|\btracking technologies\b|\byour privacy choices\b/i;
const DISMISS = /^(?:close|dismiss|hide|[×✕✖x])(?:\s+(?:this\s+)?(?:banner|announcement|notification|message|bar|notice|alert))?$/i;
const PROSE = 'p,li,td,th,dd,dt,h1,h2,h3,h4,h5,h6,blockquote';
const CONSENT_MAX = 1500;
const BAR_MAX = 300;

function buttonLabel(el: Element): string {
  return (el.attribs['aria-label'] ?? '').trim() || textOf(el);
}

/**
 * The largest ancestor of `el` (itself included) that stays under `max` characters, holds no h1 and, when given,
 * whose text passes `test`.
 */
function widestBlock(el: Element, sizes: Sizes, max: number, test?: RegExp): Element | undefined {
  let best: Element | undefined;
  for (let n: Element | null = el; n && n.type === 'tag' && n.name !== 'body' && n.name !== 'html'; n = n.parent as Element | null) {
    // Sizes first: the text of an ancestor past the limit is never built.
    if ((sizes.get(n)?.text ?? 0) > max || hasTitle(n)) break;
    if (!test || test.test(textOf(n))) best = n;
  }
  return best;
}

/**
 * Consent banners and dismissible bars (announcements, toasts) found by what they do, not by their names: a banner
 * is the block around a consent decision button that talks about cookies; a bar is the short block around a close
 * button. Both are cut before the content root is chosen, since their text can tip it.
 */
export function dropBanners($: CheerioAPI): void {
  const doomed = new Set<AnyNode>();
  let sizes: Sizes | undefined;
  // Links that go somewhere are not buttons; scripted anchors (no target, "#") are.
  $('button,[role=button],a:not([href]),a[href="#"],a[href^="javascript:" i]').each((_, el) => {
    const label = buttonLabel(el);
    if (label.length > 40) return;
    const consent = CONSENT_ACTION.test(label);
    // A close button inside a paragraph, list item or cell closes a popover in the prose (a definition), not a bar.
    const dismiss = !consent && el.name !== 'a' && DISMISS.test(label) && $(el).closest(PROSE).length === 0;
    if (!consent && !dismiss) return;
    sizes ??= measure($.root()[0]!);
    const block = consent ? widestBlock(el, sizes, CONSENT_MAX, CONSENT_WORDS) : widestBlock(el, sizes, BAR_MAX);
    // A headed section inside the main content is the cookie policy's own text (its preference controls beside
    // it), not a banner laid over the page.
    if (consent && block && headingCount(block) > 0 && $(block).closest('main,article,[role=main]').length > 0) return;
    if (block && block !== el) doomed.add(block);
  });
  for (const n of doomed) remove(n);
  // Vendor consent frameworks, wherever they sit (named in ids and classes by the vendors themselves).
  $('[id^=onetrust i],[id^=CybotCookiebot],[class*=cookie-consent i],[id*=cookie-banner i],[class*=cookie-banner i],[id*=consent-banner i]')
    .filter((_, el) => !hasTitle(el))
    .remove();
}
