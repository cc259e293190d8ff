import type { CheerioAPI } from 'cheerio';
import { collapseSpaces } from '../shared/spaces.ts';
import type { AnyNode, Element, ParentNode } from 'domhandler';

/** Small helpers over the parsed tree; the walker uses raw nodes because cheerio wrappers are slow per node. */

export function isElement(node: AnyNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

export function tagName(node: AnyNode): string {
  return isElement(node) ? node.name.toLowerCase() : '';
}

export function attr(node: Element, name: string): string | undefined {
  return node.attribs[name];
}

export function children(node: AnyNode): AnyNode[] {
  return 'children' in node ? (node as ParentNode).children : [];
}

/** Plain text of a subtree, whitespace collapsed. */
export function textOf(node: AnyNode): string {
  const parts: string[] = [];
  collectText(node, parts);
  return collapseSpaces(parts.join(' ')).trim();
}

/** The texts of a subtree in document order; a plain function, not a closure per call: textOf runs on most elements. */
function collectText(n: AnyNode, parts: string[]): void {
  const type = n.type;
  if (type === 'text') parts.push((n as unknown as { data: string }).data);
  else if (type === 'tag' || type === 'root') {
    const kids = (n as ParentNode).children;
    for (let i = 0; i < kids.length; i++) collectText(kids[i]!, parts);
  }
}

/** Whether textOf(node) would be non-empty, without building the text: stops at the first text that is not all whitespace. */
export function hasText(node: AnyNode): boolean {
  if (node.type === 'text') return /\S/.test((node as unknown as { data: string }).data);
  if ((isElement(node) && node.type === 'tag') || node.type === 'root') {
    for (const c of children(node)) if (hasText(c)) return true;
  }
  return false;
}

/** JavaScript's \s, one UTF-16 unit at a time. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c >= 0x80 && (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff));
}

/** text.replace(/\s+/g, ' ').trim().length, without building the string: measure counts every text node of a page. */
export function collapsedLength(text: string): number {
  let length = 0;
  let gap = false;
  for (let i = 0; i < text.length; i++) {
    if (isSpace(text.charCodeAt(i))) gap = length > 0;
    else {
      length += gap ? 2 : 1;
      gap = false;
    }
  }
  return length;
}

/** Text lengths of every element of a subtree, in one pass: [all text, text inside links]. */
export function measure(root: AnyNode): Map<AnyNode, { text: number; link: number }> {
  const sizes = new Map<AnyNode, { text: number; link: number }>();
  // Only elements (and the root) have a size; a text node or a comment measured alone has none.
  if (isElement(root) || root.type === 'root') measureInto(root as ParentNode, false, sizes);
  return sizes;
}

/**
 * The size of an element (or the root) and of every element under it, into `sizes`. Text nodes are added to their
 * parent's size as they are met, not given a size object each: a page has tens of thousands of them.
 */
function measureInto(n: ParentNode, inLink: boolean, sizes: Map<AnyNode, { text: number; link: number }>): { text: number; link: number } {
  const link = inLink || tagName(n as AnyNode) === 'a';
  const size = { text: 0, link: 0 };
  const kids = n.children;
  for (let i = 0; i < kids.length; i++) {
    const c = kids[i]!;
    if (c.type === 'text') {
      const len = collapsedLength((c as unknown as { data: string }).data);
      size.text += len;
      if (link) size.link += len;
    } else if (isElement(c) || c.type === 'root') {
      const s = measureInto(c as ParentNode, link, sizes);
      size.text += s.text;
      size.link += s.link;
    }
  }
  sizes.set(n as AnyNode, size);
  return size;
}

export function contains(ancestor: AnyNode, node: AnyNode): boolean {
  for (let n: AnyNode | null = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

export function commonAncestor(a: AnyNode, b: AnyNode): AnyNode | undefined {
  const seen = new Set<AnyNode>();
  for (let n: AnyNode | null = a; n; n = n.parent) seen.add(n);
  for (let n: AnyNode | null = b; n; n = n.parent) if (seen.has(n)) return n;
  return undefined;
}

export function remove(node: AnyNode): void {
  const parent = node.parent;
  if (!parent) return;
  const i = parent.children.indexOf(node as never);
  if (i >= 0) parent.children.splice(i, 1);
  if (node.prev) node.prev.next = node.next;
  if (node.next) node.next.prev = node.prev;
  node.parent = null;
  node.prev = null;
  node.next = null;
}

export type Sizes = ReturnType<typeof measure>;

export function headingCount(el: AnyNode): number {
  let n = /^h[1-6]$/.test(tagName(el)) ? 1 : 0;
  for (const c of children(el)) n += headingCount(c);
  return n;
}

export function hasTitle(el: AnyNode): boolean {
  if (tagName(el) === 'h1') return true;
  return children(el).some(hasTitle);
}

export function firstHeadingText(el: AnyNode): string {
  if (/^h[1-6]$/.test(tagName(el))) return textOf(el);
  for (const c of children(el)) {
    const t = firstHeadingText(c);
    if (t) return t;
  }
  return '';
}

export function links(el: AnyNode, out: Element[] = []): Element[] {
  if (tagName(el) === 'a') out.push(el as Element);
  else for (const c of children(el)) if (isElement(c)) links(c, out);
  return out;
}

export function findFirst(el: AnyNode, test: (n: AnyNode) => boolean): AnyNode | undefined {
  if (test(el)) return el;
  for (const c of children(el)) {
    const found = findFirst(c, test);
    if (found) return found;
  }
  return undefined;
}

/** Elements matching a configured selector; an invalid selector matches nothing rather than failing the run. */
export function selectAll($: CheerioAPI, selector: string): AnyNode[] {
  try {
    return $(selector).toArray();
  } catch {
    return [];
  }
}

/**
 * The block is announced by the text just before it ending in a colon ("We use these sub-processors:", "such as:"):
 * it enumerates what that sentence or heading introduces. A colon after a short label (`minLength`) may only name it. Looks at the previous non-empty sibling, or the parent's
 * when the block opens its parent.
 */
export function introducedByColon(el: AnyNode, minLength = 0): boolean {
  let node: AnyNode | null = el;
  for (let depth = 0; node && depth < 3; depth++) {
    let prev: AnyNode | null = node.prev;
    while (prev && !hasText(prev)) prev = prev.prev;
    if (prev) {
      const text = textOf(prev);
      return /:$/.test(text) && text.length > minLength && tagName(prev) !== 'a';
    }
    node = node.parent;
  }
  return false;
}
