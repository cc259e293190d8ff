import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { Size } from './sizes.ts';
import type { Query } from './queries.ts';

/**
 * An extraction rule is a named unit: an id (used in config `disable:`, in traces and in the rules fingerprint), a
 * phase, a one-line description, an explicit version and one function. The runner (runner.ts) runs the phases in
 * order; within a phase, rules run in registry order (registry.ts).
 *
 * Phases:
 *  - restore: undo obfuscation and streaming tricks so the tree reads like the rendered page;
 *  - prune:   drop page chrome anywhere on the page, before the content root is chosen (its text could tip it);
 *  - root:    choose the content root;
 *  - chrome:  drop chrome and widgets inside the content root;
 *  - text:    rewrite text and link targets while the root is rendered as Markdown.
 */
export const PHASES = ['restore', 'prune', 'root', 'chrome', 'text'] as const;
export type Phase = (typeof PHASES)[number];

interface RuleInfo {
  /** Lowercase words and dashes; stable: documents name it in `disable:`. */
  id: string;
  phase: Phase;
  /** One line a maintainer reads in `policywatch explain`: what the rule removes or rewrites, and what it keeps. */
  description: string;
  /**
   * Bump whenever the rule's output changes for any page. The rules fingerprint is derived from every rule's id
   * and version, and stored snapshots are re-extracted when it changes.
   */
  version: number;
}

/** A rule that works on the whole tree once: the page (restore, prune, root) or the content root (chrome). */
export interface TreeRule extends RuleInfo {
  kind: 'tree';
  phase: 'restore' | 'prune' | 'root' | 'chrome';
  apply(ctx: RuleContext): void;
}

/**
 * A rule that judges candidates during a scan it shares with the other block rules of that scan (scans.ts). Each
 * candidate is offered to the judges in registry order; the first that claims it decides, sizes are the ones
 * measured when the scan began, and what is claimed is removed when the scan ends.
 */
export interface BlockRule extends RuleInfo {
  kind: 'block';
  phase: 'prune' | 'chrome';
  scan: ScanName;
  judge(candidate: Element, scan: ScanContext): Verdict;
}

/** A rule applied while the content is rendered as Markdown. */
export interface TextRule extends RuleInfo {
  kind: 'text';
  phase: 'text';
  /** Rewrites one finished line of prose (also headings, cells and link texts). */
  line?(text: string): string;
  /** A whole line (or a <time> element's text) that is dropped. */
  dropsLine?(text: string): boolean;
  /** The stable form of a link target; undefined when it leads nowhere a reader can follow. */
  href?(href: string, base: string): string | undefined;
}

export type Rule = TreeRule | BlockRule | TextRule;

/**
 * - 'controls': button-like controls of the whole page (buttons, scripted anchors) with a short label (prune);
 * - 'blocks': every element of the content root, tables skipped, claimed blocks not entered (chrome);
 * - 'small-blocks': the same walk, judging only blocks of 1 to 1,999 characters of text (chrome).
 */
export type ScanName = 'controls' | 'blocks' | 'small-blocks';

/** undefined: not this rule's; 'keep': claimed and kept (no later judge sees it); remove: these nodes go. */
export type Verdict = undefined | 'keep' | { remove: AnyNode[]; why?: string };

export interface ExtractDoc {
  id: string;
  /** CSS selectors of the main content. */
  select?: readonly string[] | undefined;
  /** CSS selectors dropped before anything else. */
  remove?: readonly string[] | undefined;
  /** Rule ids turned off for this document. */
  disable?: readonly string[] | undefined;
}

/** What the root phase decided. */
export interface ContentRoot {
  node?: AnyNode;
  /** Set by a configured selector: the default root rules leave it alone. */
  bySelector: boolean;
  /** The configured `select` matched nothing. */
  selectorFallback: boolean;
  /** The page's h1 when it sits outside the root and widening would add too much: rendered above the root. */
  title?: AnyNode;
}

export interface RuleContext {
  $: CheerioAPI;
  /** The page's final URL: base for links and for telling this site from others. */
  url: string;
  doc: ExtractDoc;
  /** The page's body (restore, prune, root) or the content root (chrome). */
  scope: AnyNode;
  content: ContentRoot;
  /** Text sizes under `scope`, measured once per phase scope and kept current by remove(). */
  size(node: AnyNode): Size | undefined;
  /** The node's sizes measured on its own (links outside it do not count). */
  sizeAlone(node: AnyNode): Size | undefined;
  /**
   * The page's elements a query matches, in document order: what `$(query.css)` returns, from a list of the page's
   * elements the run keeps, instead of another walk of the tree. remove() keeps the list current; a rule of the
   * restore phase, which changes the tree by other means too, sees the page as it was when the rule began: it asks
   * before its changes, or for elements its changes never add.
   */
  select(query: Query): Element[];
  /** Detaches a node and records it in the trace under this rule. */
  remove(node: AnyNode, why?: string): void;
  /** Records a decision (root rules) in the trace; the text is only built when a trace is kept. */
  note(text: () => string): void;
}

export interface ScanContext {
  $: CheerioAPI;
  url: string;
  /** The content root (chrome scans) or the page (controls). */
  root: AnyNode;
  /** Sizes as measured when the scan began. */
  size(node: AnyNode): Size | undefined;
  /** The candidate's text, whitespace collapsed (computed once per candidate). */
  text(node: Element): string;
}
