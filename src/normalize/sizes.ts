import type { AnyNode } from 'domhandler';
import { children, isElement, measure, tagName } from './dom.ts';

export interface Size {
  /** Characters of text (each text node trimmed, whitespace collapsed). */
  text: number;
  /** Of which inside links. */
  link: number;
}

/**
 * Text sizes of every element under a scope, measured in one pass the first time they are asked for, then kept
 * current as nodes are removed (each removal subtracts the node's size from its ancestors), so a phase measures its
 * tree once however many rules read it. The values are exactly what a fresh measure() would give.
 */
export class Sizes {
  private map: Map<AnyNode, Size> | undefined;
  /** A text node was removed after the measure: the map is no longer what a fresh measure gives. */
  private textRemoved = false;

  constructor(readonly scope: AnyNode) {}

  /**
   * Sizes under `scope`, taken from `outer`'s current sizes when it measured them: the values a fresh measure of
   * `scope` gives, without reading the text again. Not when a link encloses `scope` (outer counts its text as link
   * text, a fresh measure would not), nor after a text node was removed (outer's sizes still count it), nor when an
   * element under it was never measured: then it is measured afresh.
   */
  static within(outer: Sizes, scope: AnyNode): Sizes {
    const sizes = new Sizes(scope);
    const measured = outer.map;
    if (!measured || outer.textRemoved || !outer.contains(scope)) return sizes;
    for (let n = scope.parent; n; n = n.parent) if (tagName(n) === 'a') return sizes;
    const map = new Map<AnyNode, Size>();
    const copy = (n: AnyNode): boolean => {
      for (const c of children(n)) if ((isElement(c) || c.type === 'root') && !copy(c)) return false;
      const size = measured.get(n);
      if (size === undefined) return false;
      map.set(n, size);
      return true;
    };
    if (copy(scope)) sizes.map = map;
    return sizes;
  }

  get(node: AnyNode): Size | undefined {
    this.map ??= measure(this.scope);
    return this.map.get(node);
  }

  /** The node's sizes when they are already measured (for traces: never triggers a measure). */
  peek(node: AnyNode): Size | undefined {
    return this.map?.get(node);
  }

  /** Sizes of the node on its own: equal to get() unless a link encloses it. */
  alone(node: AnyNode): Size | undefined {
    for (let n = node.parent; n; n = n.parent) if (tagName(n) === 'a') return measure(node).get(node);
    return this.contains(node) ? this.get(node) : measure(node).get(node);
  }

  contains(node: AnyNode): boolean {
    for (let n: AnyNode | null = node; n; n = n.parent) if (n === this.scope) return true;
    return false;
  }

  /** Call before detaching an attached node. */
  removing(node: AnyNode): void {
    const map = this.map;
    const size = map?.get(node);
    // A text node has no size of its own: its ancestors keep counting it, and within() must measure afresh.
    if (map && node.type === 'text') this.textRemoved = true;
    if (!map || !size || (size.text === 0 && size.link === 0)) return;
    for (let n = node.parent; n; n = n.parent) {
      const s = map.get(n);
      if (s) map.set(n, { text: s.text - size.text, link: s.link - size.link });
      if (n === this.scope) break;
    }
  }
}
