import type { Element } from 'domhandler';
import { classTokens, type ClassToken } from './classes.ts';

/**
 * How an element is hidden from a reader, read from the markup alone (no stylesheet is loaded): the attributes,
 * inline styles and the generic class names that frameworks and design systems give these techniques.
 */

// "Visually hidden" utilities: read by screen readers, never shown (sr-only, visually-hidden, screen-reader-text,
// element-invisible, a11y-hidden …), also inside CSS-module names ("VisuallyHidden_root__x1").
const VISUALLY_HIDDEN_NAME =
  /^(?:[a-z0-9]+[-_])*(?:sr-?only|sr-?text|visually-?hidden|hidden-?visually|hide-?visually|screen-?reader(?:-?(?:only|text))?|screenreader-?(?:only|text)|assistive-?text|a11y-?(?:hidden|only|text)|element-?invisible|reader-?only|offscreen)(?:[-_]+[a-z0-9]*)*$/i;
// A variant that shows the element again at some screen size ("md:not-sr-only") makes it visible to many readers;
// one that shows it on keyboard focus only ("focus:not-sr-only", the skip link) does not.
const INTERACTION_VARIANT = /^(?:focus|focus-within|focus-visible|active|hover|group-focus|peer-focus)/i;

/**
 * What the class tokens say, by parsed class attribute: classTokens hands every element with the same attribute the
 * same frozen tokens, so each attribute is judged once.
 */
const hidesVisually = new WeakMap<readonly ClassToken[], boolean>();

function classesHideVisually(tokens: readonly ClassToken[]): boolean {
  if (tokens.length === 0) return false;
  let verdict = hidesVisually.get(tokens);
  if (verdict === undefined) {
    const hidden = tokens.some((t) => t.variants.length === 0 && VISUALLY_HIDDEN_NAME.test(t.name));
    const shownAgain = tokens.some((t) => t.variants.length > 0 && /^not-sr-only$/i.test(t.name) && !t.variants.every((v) => INTERACTION_VARIANT.test(v)));
    verdict = hidden && !shownAgain;
    hidesVisually.set(tokens, verdict);
  }
  return verdict;
}

function style(el: Element): string {
  return (el.attribs.style ?? '').toLowerCase().replace(/\s+/g, '');
}

/** Hidden from sight but kept for screen readers: the "Opens in new tab" after a link, a visually hidden label. */
export function isVisuallyHidden(el: Element): boolean {
  if (classesHideVisually(classTokens(el))) return true;
  const s = style(el);
  if (!s) return false;
  // The clip technique (clip: rect(0 0 0 0), clip-path: inset(50%)), a one-pixel box, or a box moved off screen.
  if (/(?:^|;)clip:rect\(/.test(s) || /clip-path:inset\((?:50|100)%\)/.test(s)) return true;
  const px = (prop: string): number | undefined => {
    const m = new RegExp(`(?:^|;)${prop}:(-?\\d+(?:\\.\\d+)?)(?:px)?(?:;|$|!)`).exec(s);
    return m ? Number(m[1]) : undefined;
  };
  const w = px('width');
  const h = px('height');
  if (w !== undefined && h !== undefined && w <= 1 && h <= 1 && /overflow:hidden/.test(s)) return true;
  const offscreen = ['left', 'top', 'text-indent'].some((p) => (px(p) ?? 0) <= -999);
  return offscreen && /position:(?:absolute|fixed)/.test(s);
}

// Responsive display utilities that show an element a bare "hidden" class hides below some screen size.
const SHOWN_AT_SIZE = /^(?:block|inline|inline-block|flex|inline-flex|grid|inline-grid|table|table-row|table-cell|table-row-group|contents|list-item|d-(?:block|inline|inline-block|flex|inline-flex|grid|table|table-row|table-cell))$/i;

/** Not rendered at all: the hidden attribute, display:none or visibility:hidden, or a plain "hidden" utility. */
export function isHidden(el: Element): boolean {
  if (el.attribs.hidden !== undefined) return true;
  const s = style(el);
  if (/(?:^|;)display:none/.test(s) || /(?:^|;)visibility:hidden/.test(s)) return true;
  const tokens = classTokens(el);
  if (!tokens.some((t) => t.variants.length === 0 && /^(?:hidden|d-none|is-hidden|invisible)$/i.test(t.name))) return false;
  return !tokens.some((t) => t.variants.length > 0 && !t.variants.every((v) => INTERACTION_VARIANT.test(v)) && SHOWN_AT_SIZE.test(t.name));
}

/** The element or one of its ancestors is hidden or visually hidden. */
export function withinHidden(el: Element): boolean {
  for (let n: Element | null = el; n && n.type === 'tag'; n = n.parent as Element | null) if (isHidden(n) || isVisuallyHidden(n)) return true;
  return false;
}
