import type { Element } from 'domhandler';
import type { TreeRule } from '../rule.ts';
import { isElement, tagName, textOf } from '../dom.ts';
import { classNames } from '../classes.ts';
import { ICON_CANDIDATES } from '../queries.ts';

// An icon font draws a glyph for a ligature name: the element's text is one lowercase word or snake_case name
// ("open_in_new", "chevron_right", "expand_more"), which a reader never sees as a word.
const LIGATURE = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const LIGATURE_MAX = 40;
// Icon fonts name themselves (material-icons, material-symbols-outlined, icon, Icon_root__x, glyphicon).
const ICON_CLASS = /(?:^|[-_])(?:material|icons?|symbols?|glyph(?:icon)?s?)(?:$|[-_])/i;
// Code and identifiers are words of the policy (a cookie named "session_id").
const CODE = new Set(['code', 'kbd', 'samp', 'pre', 'var']);

function looksLikeIcon(el: Element): boolean {
  if (el.attribs['aria-hidden'] === 'true') return true;
  return classNames(el).some((c) => ICON_CLASS.test(c));
}

/** The element is the only thing in a table cell: a status icon (check, close) stands for the cell's value there. */
function isCellValue(el: Element): boolean {
  for (let n = el.parent; n && isElement(n); n = n.parent) {
    const tag = tagName(n);
    if (tag === 'td' || tag === 'th' || n.attribs.role === 'cell' || n.attribs.role === 'gridcell') return textOf(n) === textOf(el);
    if (tag === 'tr' || tag === 'table' || textOf(n) !== textOf(el)) return false;
  }
  return false;
}

function inCode(el: Element): boolean {
  for (let n: Element | null = el; n && isElement(n); n = n.parent as Element | null) if (CODE.has(tagName(n))) return true;
  return false;
}

export const iconLigatures: TreeRule = {
  id: 'icon-ligatures',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: 'drops icon-font ligature words (open_in_new, chevron_right, expand_more): an aria-hidden or icon-font element whose text is one lowercase snake_case word; code, and an icon that is a table cell\'s only value, stay',
  apply(ctx) {
    for (const el of ctx.select(ICON_CANDIDATES)) {
      // Leaf elements only: the ligature is the element's own text.
      if (el.children.some(isElement)) continue;
      const text = textOf(el);
      if (!text || text.length > LIGATURE_MAX || !LIGATURE.test(text) || !looksLikeIcon(el)) continue;
      if (inCode(el) || isCellValue(el)) continue;
      ctx.remove(el, `icon "${text}"`);
    }
  },
};
