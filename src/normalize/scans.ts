import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { BlockRule, ScanContext, ScanName } from './rule.ts';
import type { Sizes } from './sizes.ts';
import { children, isElement, tagName, textOf } from './dom.ts';
import { CONTROL_LABEL_MAX, WIDGET_MAX } from './thresholds.ts';
import { CONTROLS, type Query } from './queries.ts';

/**
 * Scans offer candidates to the block rules that share them, in registry order: the first rule that claims a
 * candidate decides (remove or keep), and later rules never see it. Sizes are those measured when the scan began;
 * removals happen when it ends, so no rule's verdict depends on another's removals within the scan.
 */

export interface Claim {
  rule: string;
  node: AnyNode;
  why?: string;
}

interface ScanEnv {
  $: CheerioAPI;
  url: string;
  root: AnyNode;
  sizes: Sizes;
  select(query: Query): Element[];
}


function label(el: Element): string {
  return (el.attribs['aria-label'] ?? '').trim() || textOf(el);
}

export function runScan(scan: ScanName, rules: readonly BlockRule[], env: ScanEnv): Claim[] {
  const claims: Claim[] = [];
  const claimed = new Set<AnyNode>();
  let textNode: Element | undefined;
  let textValue = '';
  const text = (el: Element): string => {
    if (el !== textNode) {
      textNode = el;
      textValue = scan === 'controls' ? label(el) : textOf(el);
    }
    return textValue;
  };
  const ctx: ScanContext = { $: env.$, url: env.url, root: env.root, size: (n) => env.sizes.get(n), text };
  /** True when a rule claimed the candidate. */
  const offer = (candidate: Element): boolean => {
    for (const rule of rules) {
      const verdict = rule.judge(candidate, ctx);
      if (verdict === undefined) continue;
      if (verdict !== 'keep') {
        for (const node of verdict.remove) {
          if (claimed.has(node)) continue;
          claimed.add(node);
          claims.push({ rule: rule.id, node, ...(verdict.why ? { why: verdict.why } : {}) });
        }
      }
      return true;
    }
    return false;
  };

  if (scan === 'controls') {
    for (const el of env.select(CONTROLS)) if (text(el).length <= CONTROL_LABEL_MAX) offer(el);
    return claims;
  }
  const walk = (n: AnyNode): void => {
    for (const c of children(n)) {
      // Tables are content whatever their cells say ("2 of 3", "Copy") or link to.
      if (!isElement(c) || tagName(c) === 'table') continue;
      if (scan === 'small-blocks') {
        const size = env.sizes.get(c)?.text ?? 0;
        if (size > 0 && size < WIDGET_MAX && offer(c)) continue;
      } else if (offer(c)) continue;
      walk(c);
    }
  };
  walk(env.root);
  return claims;
}
