import type { AnyNode } from 'domhandler';
import { isElement, measure, tagName, textOf } from './dom.ts';
import type { Phase, Rule } from './rule.ts';

/** What one rule did to one page: the record `policywatch explain` prints. */
export interface RuleTrace {
  id: string;
  phase: Phase;
  kind: Rule['kind'];
  description: string;
  version: number;
  /** False when the document's config disables the rule. */
  enabled: boolean;
  /** Blocks that had text, in the order they were removed; text clipped. */
  removed: Removal[];
  /** Characters of text removed in total. */
  removedChars: number;
  /** Elements removed, including those without text (images, empty wrappers). */
  removedElements: number;
  /** Text the rule rewrote (dates, relative times, link targets); clipped, duplicates folded. */
  rewritten: { before: string; after: string }[];
  /** Decisions (root rules). */
  notes: string[];
}

export interface Removal {
  /** The element, as `tag#id.class` (first class only). */
  element: string;
  text: string;
  chars: number;
  why?: string;
}

const CLIP = 160;
const MAX_REWRITES = 200;

export function clip(text: string, max = CLIP): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}

/** A short, readable name for an element: tag, id and first class. */
export function describeNode(node: AnyNode | undefined): string {
  if (!node) return '(none)';
  if (!isElement(node)) return node.type === 'root' ? '(document)' : `(${node.type})`;
  const id = node.attribs.id ? `#${node.attribs.id}` : '';
  const cls = (node.attribs.class ?? '').trim().split(/\s+/)[0];
  return clip(`<${tagName(node)}${id}${cls ? `.${cls}` : ''}>`, 60);
}

export class Trace {
  readonly rules = new Map<string, RuleTrace>();

  constructor(all: readonly Rule[], enabled: ReadonlySet<string>) {
    for (const r of all) {
      this.rules.set(r.id, {
        id: r.id, phase: r.phase, kind: r.kind, description: r.description, version: r.version, enabled: enabled.has(r.id),
        removed: [], removedChars: 0, removedElements: 0, rewritten: [], notes: [],
      });
    }
  }

  removed(ruleId: string, node: AnyNode, chars: number | undefined, why?: string): void {
    const t = this.rules.get(ruleId);
    if (!t) return;
    t.removedElements += 1;
    const size = chars ?? measure(node).get(node)?.text ?? 0;
    if (size === 0) return;
    t.removedChars += size;
    t.removed.push({ element: describeNode(node), text: clip(textOf(node)), chars: size, ...(why ? { why } : {}) });
  }

  rewrote(ruleId: string, before: string, after: string): void {
    const t = this.rules.get(ruleId);
    if (!t || before === after || t.rewritten.length >= MAX_REWRITES) return;
    const entry = { before: clip(before), after: clip(after) };
    if (!t.rewritten.some((r) => r.before === entry.before && r.after === entry.after)) t.rewritten.push(entry);
  }

  droppedLine(ruleId: string, line: string): void {
    const t = this.rules.get(ruleId);
    if (!t || line.trim() === '') return;
    t.removedChars += line.length;
    t.removed.push({ element: '(line)', text: clip(line), chars: line.length });
  }

  note(ruleId: string, text: string): void {
    this.rules.get(ruleId)?.notes.push(text);
  }

  list(): RuleTrace[] {
    return [...this.rules.values()];
  }
}
