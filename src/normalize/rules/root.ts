import type { AnyNode } from 'domhandler';
import type { RuleContext, TreeRule } from '../rule.ts';
import { children, commonAncestor, contains, isElement, selectAll, textOf } from '../dom.ts';
import { describeNode } from '../trace.ts';
import { DOMINANT_SHARE, LANDMARK_MIN_SHARE, NARROW_PROSE_MIN, WIDEN_MAX_EXTRA, WIDEN_MAX_GROWTH } from '../thresholds.ts';
import { BODY, H1, LANDMARKS } from '../queries.ts';

/**
 * The content root: the configured selectors, or by default the largest landmark (main, role=main, article),
 * narrowed while one child holds nearly all of its text, then widened again to include the page's h1.
 */

const body = (ctx: RuleContext): AnyNode => ctx.select(BODY)[0] ?? ctx.$.root()[0]!;
const textSize = (ctx: RuleContext, n: AnyNode): number => ctx.size(n)?.text ?? 0;
const share = (part: number, whole: number): string => (whole > 0 ? `${Math.round((part / whole) * 100)}%` : '0%');

export const rootSelector: TreeRule = {
  id: 'root-selector',
  phase: 'root',
  kind: 'tree',
  version: 1,
  description: "the document's `select` selectors (config) give the content root; when none matches, the default rules do",
  apply(ctx) {
    const selectors = ctx.doc.select ?? [];
    if (selectors.length === 0) return;
    const matched = selectors.flatMap((selector) => selectAll(ctx.$, selector));
    // Keep only outermost matches so that nested matches are not rendered twice.
    const outer = matched.filter((el) => !matched.some((o) => o !== el && contains(o, el)));
    if (outer.length === 1) {
      ctx.content.node = outer[0];
      ctx.note(() => `configured selector matched ${describeNode(outer[0])}`);
    } else if (outer.length > 1) {
      ctx.content.node = ctx.$('<div></div>').append(outer.map((el) => ctx.$(el).clone()[0]!))[0];
      ctx.note(() => `configured selectors matched ${outer.length} blocks, rendered in page order`);
    } else {
      ctx.content.selectorFallback = true;
      ctx.note(() => `configured selectors matched nothing (${selectors.join(', ')}): falling back to the default rules`);
      return;
    }
    ctx.content.bySelector = true;
  },
};

export const rootLandmark: TreeRule = {
  id: 'root-landmark',
  phase: 'root',
  kind: 'tree',
  version: 1,
  description: `starts from the largest landmark (main, role=main, article) holding at least ${LANDMARK_MIN_SHARE * 100}% of the page's text, else the body`,
  apply(ctx) {
    if (ctx.content.bySelector) return;
    const page = body(ctx);
    const pageText = textSize(ctx, page);
    let best: AnyNode = page;
    let bestSize = -1;
    for (const el of ctx.select(LANDMARKS)) {
      const size = textSize(ctx, el);
      if (size >= pageText * LANDMARK_MIN_SHARE && size > bestSize) {
        best = el;
        bestSize = size;
      }
    }
    ctx.content.node = best;
    ctx.note(() => best === page
      ? `no landmark holds ${LANDMARK_MIN_SHARE * 100}% of the page's text: starting from the body (${pageText} characters)`
      : `landmark ${describeNode(best)} holds ${share(bestSize, pageText)} of the page's text (${bestSize} of ${pageText} characters)`);
  },
};

/**
 * The document's own introduction above the block narrowing would go to: the siblings before it that read as prose
 * (a sentence, most of their text outside links), with their text outside links. Narrowing past NARROW_PROSE_MIN
 * characters of it would drop the document's opening ("These terms are a binding agreement between you and …")
 * beside a dominant list of sections; what narrowing sheds is links, labels and short lines. Siblings after the block
 * are not its introduction (a closing widget, a footer line).
 */
// Words ending in a full stop (also after a number, an abbreviation or a bracket, or a CJK full stop).
const SENTENCE = /\p{L}+\s+\S+\s+\S+.*?[\p{L}\p{N})][.!?](?:\s|$)|[\p{L}\p{N}]。/su;

function introBefore(ctx: RuleContext, parent: AnyNode, block: AnyNode): { text: number; first?: AnyNode } {
  let text = 0;
  let first: AnyNode | undefined;
  for (const c of children(parent)) {
    if (c === block) break;
    const s = isElement(c) ? ctx.size(c) : undefined;
    if (!s || s.link >= s.text * 0.5 || !SENTENCE.test(textOf(c))) continue;
    text += s.text - s.link;
    first ??= c;
  }
  return { text, first };
}

export const rootNarrow: TreeRule = {
  id: 'root-narrow',
  phase: 'root',
  kind: 'tree',
  // 2: never narrows past the document's introduction above the dominant block.
  version: 2,
  description: `narrows the root while one child holds at least ${DOMINANT_SHARE * 100}% of its text (text dominance), never past the prose before that child (${NARROW_PROSE_MIN}+ characters outside links, in sentences): the document's introduction`,
  apply(ctx) {
    if (ctx.content.bySelector) return;
    let node: AnyNode = ctx.content.node ?? body(ctx);
    for (;;) {
      const total = textSize(ctx, node);
      const dominant: AnyNode | undefined = children(node).find((c) => isElement(c) && textSize(ctx, c) >= total * DOMINANT_SHARE);
      if (!dominant || total === 0) break;
      const intro = introBefore(ctx, node, dominant);
      if (intro.text >= NARROW_PROSE_MIN) {
        ctx.note(() => `kept ${describeNode(node)}: narrowing to ${describeNode(dominant)} would drop the ${intro.text} characters of prose before it ("${textOf(intro.first!).slice(0, 60)}…")`);
        break;
      }
      ctx.note(() => `narrowed to ${describeNode(dominant)}: ${share(textSize(ctx, dominant), total)} of ${describeNode(node)}`);
      node = dominant;
    }
    ctx.content.node = node;
  },
};

export const rootWidenTitle: TreeRule = {
  id: 'root-widen-title',
  phase: 'root',
  kind: 'tree',
  version: 1,
  description: "widens the root to include the page's h1 when that adds little else; otherwise renders the h1 above the root",
  apply(ctx) {
    if (ctx.content.bySelector) return;
    const node = ctx.content.node ?? body(ctx);
    const h1 = ctx.select(H1).find((h) => textOf(h).length > 0);
    if (!h1 || contains(node, h1)) return;
    // A layout moving the h1 out of the content container must not change the Markdown.
    const widened = commonAncestor(node, h1);
    if (widened && textSize(ctx, widened) <= textSize(ctx, node) * WIDEN_MAX_GROWTH + WIDEN_MAX_EXTRA) {
      ctx.content.node = widened;
      ctx.note(() => `widened to ${describeNode(widened)} to include the h1 "${textOf(h1).slice(0, 80)}" (${textSize(ctx, widened)} characters, was ${textSize(ctx, node)})`);
    } else {
      ctx.content.node = node;
      ctx.content.title = h1;
      ctx.note(() => `the h1 "${textOf(h1).slice(0, 80)}" sits outside the root and widening would add too much: rendered above it`);
    }
  },
};
