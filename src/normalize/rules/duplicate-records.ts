import type { AnyNode, Element } from 'domhandler';
import type { TreeRule } from '../rule.ts';
import { children, commonAncestor, contains, isElement, tagName, textOf } from '../dom.ts';
import { isHidden, isVisuallyHidden } from '../visibility.ts';
import { RECORDS_MIN_ROWS, RECORDS_MIN_TEXT } from '../thresholds.ts';
import { HIDING_CANDIDATES, RECORD_VIEWS } from '../queries.ts';

/**
 * A paginated table or list shown beside a hidden copy of all its records (a trust portal's "1-10 of 17 results"
 * over a hidden full list kept for search engines and screen readers): the records are read once, from the full
 * list. What the visible page shows depends on which page the script turned to; the full list does not.
 */

const CELL = new Set(['td', 'th']);
// Panels of the page's own tabs are separate parts of the document, never copies of each other.
const PANEL = '[role=tabpanel]';

/** The view is shown where the hidden copy is hidden: nothing hides it below their common container (both may sit in a closed panel). */
function shownBeside(view: Element, copy: Element): boolean {
  const common = commonAncestor(view, copy);
  for (let n: AnyNode | null = view; n && n !== common; n = n.parent) if (isElement(n) && (isHidden(n) || isVisuallyHidden(n))) return false;
  return true;
}

/** The hidden block lies in the view's tab panel, or neither is in a panel. */
function samePanel(el: Element, panel: Element | undefined): boolean {
  for (let n: Element | null = el; n && isElement(n); n = n.parent as Element | null) if (n.attribs.role === 'tabpanel') return n === panel;
  return panel === undefined || contains(panel, el);
}

function fold(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The records of a table (its rows with data cells) or a list (its items), each as the words of its cells. */
function records(el: Element): string[][] {
  const out: string[][] = [];
  if (tagName(el) === 'ul' || tagName(el) === 'ol') {
    for (const li of children(el)) if (tagName(li) === 'li') out.push([fold(textOf(li))]);
    return out;
  }
  const walk = (n: Element): void => {
    for (const c of children(n)) {
      if (!isElement(c)) continue;
      if (tagName(c) === 'tr' || c.attribs.role === 'row') {
        const cells = children(c).filter((x): x is Element => isElement(x) && (CELL.has(tagName(x)) || /cell/.test(x.attribs.role ?? '')));
        if (cells.length && !cells.every((x) => tagName(x) === 'th' || x.attribs.role === 'columnheader')) out.push(cells.map((x) => fold(textOf(x))));
      } else if (tagName(c) !== 'table') walk(c);
    }
  };
  walk(el);
  return out;
}

export const duplicateRecords: TreeRule = {
  id: 'duplicate-records',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: `reads records once: a visible table or list every record of which is also in a hidden full list on the page (a paginated view beside the full list) goes, the full list stays; tab panels and tables with no hidden copy are left alone`,
  apply(ctx) {
    const { $ } = ctx;
    // Hidden blocks holding records, each read as one text (nested ones too: a closed panel may hold a view and its copy).
    const hidden: { el: Element; text: string }[] = [];
    for (const el of ctx.select(HIDING_CANDIDATES)) {
      if (!(isHidden(el) || isVisuallyHidden(el))) continue;
      if ($(el).find('tr,li,[role=row]').length < RECORDS_MIN_ROWS && children(el).filter(isElement).length < RECORDS_MIN_ROWS) continue;
      hidden.push({ el, text: ` ${fold(textOf(el))} ` });
    }
    if (!hidden.length) return;
    for (const view of ctx.select(RECORD_VIEWS)) {
      if (!view.parent) continue;
      const rows = records(view).filter((r) => r.some(Boolean));
      // Enough records, and enough words in them, that finding them all elsewhere is no accident.
      if (rows.length < RECORDS_MIN_ROWS || rows.flat().join(' ').length < RECORDS_MIN_TEXT) continue;
      // A copy in another of the page's tab panels is that panel's own text.
      const panel = $(view).closest(PANEL)[0] as Element | undefined;
      const full = hidden.find((h) => !contains(h.el, view) && !contains(view, h.el) && shownBeside(view, h.el) && samePanel(h.el, panel) && rows.every((r) => r.every((cell) => !cell || h.text.includes(` ${cell} `))));
      if (full) ctx.remove(view, `${rows.length} records also in the hidden full list`);
    }
  },
};
