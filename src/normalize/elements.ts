import type { AnyNode, Element } from 'domhandler';
import { isElement } from './dom.ts';

/**
 * The page's elements in document order, as `$(selector)` walks them, for the rules that query the whole page: a
 * query is a filter over this list (queries.ts) instead of another walk of the tree, and most pages are queried by a
 * score of rules in a row. Built on first use; removals made through the run keep it current (a removed element's
 * subtree is one run of the list, struck out), so it must only be used where the tree changes by removals alone.
 */
export class ElementIndex {
  private all: Element[] = [];
  /** Where each element is in `all`, and where its subtree ends (exclusive). */
  private at = new Map<AnyNode, number>();
  private end: number[] = [];
  private dead: Uint8Array = new Uint8Array(0);
  private live: Element[] | undefined;
  private built = false;

  constructor(private readonly root: AnyNode) {}

  /** The attached elements, in document order. A fresh array after each removal: a caller may keep iterating it. */
  list(): readonly Element[] {
    if (!this.built) this.build();
    if (this.live === undefined) {
      const live: Element[] = [];
      for (let i = 0; i < this.all.length; i++) if (this.dead[i] === 0) live.push(this.all[i]!);
      this.live = live;
    }
    return this.live;
  }

  /** The elements a query matches, in document order. */
  select(matches: (el: Element) => boolean): Element[] {
    return this.list().filter(matches);
  }

  /** Call when a node is detached from the tree (before or after: only its place in the list is read). */
  removing(node: AnyNode): void {
    if (!this.built) return;
    const i = this.at.get(node);
    if (i === undefined || this.dead[i] === 1) return;
    this.dead.fill(1, i, this.end[i]);
    this.live = undefined;
  }

  private build(): void {
    const walk = (n: AnyNode): void => {
      if (!('children' in n)) return;
      for (const c of n.children) {
        if (!isElement(c)) {
          walk(c);
          continue;
        }
        const i = this.all.length;
        this.all.push(c);
        this.at.set(c, i);
        this.end.push(0);
        walk(c);
        this.end[i] = this.all.length;
      }
    };
    walk(this.root);
    this.dead = new Uint8Array(this.all.length);
    this.built = true;
  }
}
