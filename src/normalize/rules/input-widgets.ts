import type { Element } from 'domhandler';
import type { TreeRule } from '../rule.ts';
import { hasTitle, isElement, tagName, textOf } from '../dom.ts';
import { INPUT_WIDGET_MAX, WIDGET_LINE_MAX } from '../thresholds.ts';
import { TEXT_FIELD } from '../queries.ts';

const SUBMIT = 'button,input[type=submit i],input[type=image i],[role=button]';
// What a widget's prompt never holds: contact details and dates belong to the policy ("Contact us at privacy@…").
const POLICY_DETAIL = /[\w.+-]+@[\w-]+\.[\w.-]+|\b(?:19|20)\d{2}\b/;

const PROSE_HOLDER = new Set(['li', 'td', 'th', 'dd', 'p', 'blockquote']);

/** A table or a list of records next to the block: the field filters them (a search over sub-processors). */
function besideRecords(el: Element): boolean {
  const records = (n: Element): boolean => {
    const tag = tagName(n);
    return tag === 'table' || n.attribs.role === 'table' || n.attribs.role === 'grid' || ((tag === 'ul' || tag === 'ol') && n.children.filter((c) => tagName(c) === 'li').length >= 3);
  };
  const siblings = el.parent ? (el.parent as Element).children ?? [] : [];
  return siblings.some((s) => s !== el && isElement(s) && records(s));
}

export const inputWidgets: TreeRule = {
  id: 'input-widgets',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: `drops the short block around a text box (an "ask a question" assistant, a search or subscribe box) with its prompt and buttons; a block naming an e-mail address or a year, and a bare filter box beside a table, keep their text`,
  apply(ctx) {
    const { $ } = ctx;
    for (const field of ctx.select(TEXT_FIELD)) {
      if (!field.parent) continue;
      let block: Element | undefined;
      for (let n: Element | null = field; n && isElement(n) && tagName(n) !== 'body' && tagName(n) !== 'html'; n = n.parent as Element | null) {
        const text = textOf(n);
        if (text.length > INPUT_WIDGET_MAX || (n !== field && hasTitle(n)) || POLICY_DETAIL.test(text) || $(n).find('table,[role=table],[role=grid]').length > 0) break;
        // The widget's parts are short lines (a label, a prompt, a disclaimer); a paragraph of prose beside it is the
        // document's, and so is a list item or a cell the box sits in.
        if (block && (PROSE_HOLDER.has(tagName(n)) || n.children.some((c) => c !== block && isElement(c) && textOf(c).length > WIDGET_LINE_MAX))) break;
        block = n;
        if (besideRecords(n)) {
          // A filter over the records beside it has no button of its own and no prompt to answer: only the field goes.
          if ($(n).find(SUBMIT).length === 0 && tagName(field) !== 'textarea') block = field;
          break;
        }
      }
      if (block && block !== field) ctx.remove(block, 'a text box with its prompt');
    }
  },
};
