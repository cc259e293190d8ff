import type { Element } from 'domhandler';
import { hasTitle, textOf } from '../dom.ts';
import type { Size } from '../sizes.ts';

/**
 * The largest ancestor of `el` (itself included) that stays under `max` characters, holds no h1 and, when given,
 * whose text passes `test`. Shared by the rules of the controls scan.
 */
export function widestBlock(el: Element, size: (n: Element) => Size | undefined, max: number, test?: RegExp): Element | undefined {
  let best: Element | undefined;
  for (let n: Element | null = el; n && n.type === 'tag' && n.name !== 'body' && n.name !== 'html'; n = n.parent as Element | null) {
    // Sizes first: the text of an ancestor past the limit is never built.
    if ((size(n)?.text ?? 0) > max || hasTitle(n)) break;
    if (!test || test.test(textOf(n))) best = n;
  }
  return best;
}
