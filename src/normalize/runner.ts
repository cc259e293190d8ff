import { load } from 'cheerio/slim';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { ExtractInput, Explanation, Extraction } from './types.ts';
import type { BlockRule, ContentRoot, Phase, Rule, RuleContext, TextRule } from './rule.ts';
import { RULES, rulesFingerprint } from './registry.ts';
import { runScan } from './scans.ts';
import { Sizes } from './sizes.ts';
import { ElementIndex } from './elements.ts';
import { BODY, TITLE, type Query } from './queries.ts';
import { Trace, clip, describeNode } from './trace.ts';
import { renderMarkdown, type TextPass } from './markdown.ts';
import { dateFromPageData, dateFromText } from './detect.ts';
import { remove, textOf } from './dom.ts';
import { plainUrl } from './urls.ts';
import { stripControls } from '../untrusted/index.ts';
import { StringMemo } from '../shared/memo.ts';
import { blockCutter } from '../shared/blocks.ts';

/**
 * Runs the registered rules over one page: restore → prune → root → chrome on the parsed tree, then the text rules
 * while the content root is rendered as Markdown. A document's `disable:` turns rules off. With `trace`, every
 * removal and decision is recorded under the rule that made it (`policywatch explain`).
 */

export interface RunOptions {
  /** The rule set (default: the registry). The unit harness runs one rule alone. */
  rules?: readonly Rule[];
  trace?: boolean;
}

export interface RunResult {
  extraction: Extraction;
  explanation?: Explanation;
}

// Scripts, styles and comments are cut with a scan before parsing: they are most of the bytes of a modern page (RSC
// payloads, __NEXT_DATA__), never content, and parsing them is the slow part. It cuts what
// /<(script|style|noscript|template|svg)\b[^>]*>[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->/gi would (src/shared/blocks.ts).
const INERT_BLOCKS = blockCutter(['script', 'style', 'noscript', 'template', 'svg'], { comments: 'alternative' });

function stripInert(html: string): string {
  return INERT_BLOCKS.cut(html, (m, tag) =>
    // React streaming slots are kept: the streamed-slots rule moves streamed content into them.
    tag?.toLowerCase() === 'template' && /^<template id="B:/i.test(m) ? m : '',
  );
}

export function runExtraction(input: ExtractInput, options: RunOptions = {}): RunResult {
  const all = options.rules ?? RULES;
  const disabled = new Set(input.doc.disable ?? []);
  const enabled = all.filter((r) => !disabled.has(r.id));
  const trace = options.trace ? new Trace(all, new Set(enabled.map((r) => r.id))) : undefined;
  const textRules = enabled.filter((r): r is TextRule => r.kind === 'text');
  const text = !trace && all === RULES ? rememberedTextPass(textRules) : textPass(textRules, trace);
  const result = input.format === 'text' ? extractText(input, text) : extractHtml(input, enabled, text, trace);
  // Control characters and bidi overrides (decoded from entities such as &#27;) never reach stored text.
  const extraction = result.extraction;
  extraction.markdown = stripControls(extraction.markdown);
  if (extraction.title !== undefined) extraction.title = stripControls(extraction.title);
  if (!trace) return { extraction };
  const explanation: Explanation = {
    extraction,
    rulesVersion: rulesFingerprint(all),
    format: input.format,
    ...(result.pageTitle !== undefined ? { pageTitle: result.pageTitle } : {}),
    pageChars: result.pageChars,
    root: {
      element: result.root ? describeNode(result.root) : '(none)',
      chars: result.rootChars,
      bySelector: result.content?.bySelector ?? false,
      selectorFallback: extraction.selectorFallback,
      ...(result.content?.title ? { orphanTitle: clip(textOf(result.content.title)) } : {}),
      steps: trace.list().filter((r) => r.phase === 'root').flatMap((r) => r.notes.map((note) => ({ rule: r.id, note }))),
    },
    ...(extraction.effectiveDate ? { effectiveDate: { date: extraction.effectiveDate, from: result.dateFrom ?? 'text' } } : {}),
    rules: trace.list(),
  };
  return { extraction, explanation };
}

interface Extracted {
  extraction: Extraction;
  pageTitle?: string;
  pageChars: number;
  root?: AnyNode;
  rootChars: number;
  content?: ContentRoot;
  dateFrom?: 'text' | 'page data';
}

function extractText(input: ExtractInput, text: TextPass): Extracted {
  const paragraphs = input.body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => text.line(p.replace(/[^\S\n]+/g, ' ').replace(/\s*\n\s*/g, ' ').trim()))
    .filter(Boolean);
  const markdown = paragraphs.length ? `${paragraphs.join('\n\n')}\n` : '';
  const effectiveDate = dateFromText(markdown);
  const extraction: Extraction = {
    markdown,
    title: paragraphs[0]?.slice(0, 200),
    ...(effectiveDate ? { effectiveDate } : {}),
    selectorFallback: false,
    signals: { pageText: markdown, pageTitle: undefined, rootFound: markdown.length > 0, selectorConfigured: false },
  };
  return { extraction, pageChars: markdown.length, rootChars: markdown.length };
}

/** The shared state of one page's run; each rule gets a RuleContext view of it. */
class PageRun {
  sizes: Sizes;
  scope: AnyNode;
  readonly content: ContentRoot = { bySelector: false, selectorFallback: false };
  /** Built again after each rule of the restore phase, whose rules may rewrite the tree by other means than remove(). */
  private elements: ElementIndex;

  constructor(
    readonly $: CheerioAPI,
    readonly input: ExtractInput,
    readonly trace: Trace | undefined,
  ) {
    this.scope = $.root()[0]!;
    this.sizes = new Sizes(this.scope);
    this.elements = new ElementIndex(this.scope);
  }

  select(query: Query): Element[] {
    return this.elements.select(query.matches);
  }

  /** A fresh measure for a phase: over the page, or over the content root (read off the page's current sizes). */
  rescope(scope: AnyNode, fromCurrent = false): void {
    this.sizes = fromCurrent ? Sizes.within(this.sizes, scope) : new Sizes(scope);
    this.scope = scope;
  }

  remove(rule: string, node: AnyNode, why?: string): void {
    if (this.sizes.contains(node)) {
      this.trace?.removed(rule, node, this.sizes.peek(node)?.text, why);
      this.sizes.removing(node);
    }
    this.elements.removing(node);
    remove(node);
  }

  context(rule: Rule): RuleContext {
    return {
      $: this.$,
      url: this.input.url,
      doc: this.input.doc,
      scope: this.scope,
      content: this.content,
      select: (query) => this.select(query),
      size: (n) => this.sizes.get(n),
      sizeAlone: (n) => this.sizes.alone(n),
      remove: (n, why) => this.remove(rule.id, n, why),
      note: (text) => this.trace?.note(rule.id, text()),
    };
  }

  /** Runs one phase's rules in order; neighbouring block rules of one scan share it. */
  runPhase(phase: Phase, rules: readonly Rule[]): void {
    const inPhase = rules.filter((r) => r.phase === phase);
    for (let i = 0; i < inPhase.length; i++) {
      const rule = inPhase[i]!;
      if (rule.kind === 'tree') {
        rule.apply(this.context(rule));
        if (phase === 'restore') this.elements = new ElementIndex(this.$.root()[0]!);
      } else if (rule.kind === 'block') {
        const group: BlockRule[] = [rule];
        while (i + 1 < inPhase.length && inPhase[i + 1]!.kind === 'block' && (inPhase[i + 1] as BlockRule).scan === rule.scan) group.push(inPhase[++i] as BlockRule);
        const claims = runScan(rule.scan, group, { $: this.$, url: this.input.url, root: this.scope, sizes: this.sizes, select: (query) => this.select(query) });
        for (const claim of claims) this.remove(claim.rule, claim.node, claim.why);
      }
    }
  }
}

function extractHtml(input: ExtractInput, rules: readonly Rule[], text: TextPass, trace: Trace | undefined): Extracted {
  const $ = load(stripInert(input.body), { xml: { xmlMode: false, decodeEntities: true } });
  const run = new PageRun($, input, trace);
  run.runPhase('restore', rules);
  const titleElement = run.select(TITLE)[0];
  const pageTitle = titleElement ? textOf(titleElement) || undefined : undefined;
  // Restore rewrote the tree; from here on only removals, which keep the measure current.
  run.rescope($.root()[0]!);
  run.runPhase('prune', rules);
  const body = run.select(BODY)[0] ?? $.root()[0]!;
  const pageText = textOf(body);
  run.runPhase('root', rules);
  const root = run.content.node ?? body;
  const orphanTitle = run.content.title;
  const rootChars = trace ? (run.sizes.contains(root) ? run.sizes.get(root)?.text ?? 0 : new Sizes(root).get(root)?.text ?? 0) : 0;
  // Only removals since the page was measured: the root's sizes are the page's current ones.
  run.rescope(root, true);
  run.runPhase('chrome', rules);

  const rendered = renderMarkdown(root, { base: input.url, text });
  const titleText = orphanTitle ? textOf(orphanTitle) : undefined;
  const markdown = titleText && rendered ? `# ${titleText}\n\n${rendered}` : rendered;
  const h1 = $(root).find('h1').first();
  const title = titleText || (h1.length ? textOf(h1[0]!) : undefined) || pageTitle?.replace(/\s+[|\\–—-]\s+[^|\\–—-]+$/, '');
  const selectorConfigured = (input.doc.select ?? []).length > 0;
  const fromText = dateFromText(markdown);
  const effectiveDate = fromText ?? dateFromPageData(input.body);
  const extraction: Extraction = {
    markdown,
    ...(title ? { title } : {}),
    ...(effectiveDate ? { effectiveDate } : {}),
    selectorFallback: run.content.selectorFallback,
    signals: { pageText, pageTitle, rootFound: markdown.length > 0, selectorConfigured },
  };
  return {
    extraction,
    ...(pageTitle !== undefined ? { pageTitle } : {}),
    pageChars: pageText.length,
    root,
    rootChars,
    content: run.content,
    ...(effectiveDate ? { dateFrom: fromText ? ('text' as const) : ('page data' as const) } : {}),
  };
}

/** The enabled text rules composed into what the renderer calls; with a trace, each change is recorded. */
function textPass(rules: readonly TextRule[], trace: Trace | undefined): TextPass {
  const liners = rules.filter((r) => r.line);
  const droppers = rules.filter((r) => r.dropsLine);
  const linker = rules.findLast((r) => r.href);
  return {
    line(value) {
      let t = value;
      for (const rule of liners) {
        const next = rule.line!(t);
        if (trace && next !== t) trace.rewrote(rule.id, ...changedPart(t, next));
        t = next;
      }
      return t;
    },
    dropsLine(value) {
      const rule = droppers.find((r) => r.dropsLine!(value));
      if (rule && trace) trace.droppedLine(rule.id, value);
      return rule !== undefined;
    },
    href(href, base) {
      if (!linker) return plainUrl(href, base);
      const out = linker.href!(href, base);
      if (trace) {
        const plain = plainUrl(href, base);
        if (plain !== out) trace.rewrote(linker.id, plain ?? href.trim(), out ?? '(no target)');
      }
      return out;
    },
  };
}

/**
 * The registry's text rules are pure functions of a line, and a page repeats lines (labels, link texts), as do the
 * versions of a page a replay reads one after another: what the composed rules make of a line is remembered, per set
 * of enabled text rules (a document's `disable:` may drop some). Bounded pure memos (StringMemo), a few rule sets;
 * not with a trace (each change is recorded) nor with a rule set a caller passes (a test's spy sees every line).
 */
const rememberedPasses = new Map<string, { line: StringMemo<string>; drops: StringMemo<boolean> }>();
const REMEMBERED_PASSES_MAX = 8;
const REMEMBERED_LINE_CHARS = 400_000;

function rememberedTextPass(rules: readonly TextRule[]): TextPass {
  const plain = textPass(rules, undefined);
  const key = rules.map((r) => r.id).join(' ');
  let memo = rememberedPasses.get(key);
  if (!memo) {
    if (rememberedPasses.size >= REMEMBERED_PASSES_MAX) rememberedPasses.clear();
    memo = { line: new StringMemo((t) => plain.line(t), REMEMBERED_LINE_CHARS), drops: new StringMemo((t) => plain.dropsLine(t), REMEMBERED_LINE_CHARS) };
    rememberedPasses.set(key, memo);
  }
  const { line, drops } = memo;
  return { line: (t) => line.get(t), dropsLine: (t) => drops.get(t), href: plain.href };
}

/** The part of a line a rewrite changed, with a little context on each side. */
function changedPart(before: string, after: string): [string, string] {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  const from = Math.max(0, start - 24);
  const cut = (s: string): string => `${from > 0 ? '…' : ''}${s.slice(from, s.length - Math.max(0, end - 24))}${end > 24 ? '…' : ''}`;
  return [cut(before), cut(after)];
}
