import type { ExtractInput, Explanation, Extraction } from './types.ts';
import { runExtraction, type RunOptions } from './runner.ts';

/**
 * The extraction stage: raw HTML (or PDF text) → the document's policy text as canonical Markdown.
 *
 * Extraction is a registry of named rules (registry.ts, one file each in rules/), run in phases (runner.ts):
 * restore (Cloudflare e-mail, tab panels, streamed React slots) → prune the page's chrome before the content root
 * is chosen (configured `remove`, pickers, consent banners, dismissible bars, inert elements, site headers,
 * landmarks, buttons) → choose the content root (`select`, else landmark, text dominance, widened to the h1) →
 * drop chrome inside it (named chrome, link farms, worded widgets, pagers, agent blocks, breadcrumbs) → render
 * Markdown with the text rules (canonical dates, no relative times, stable link targets). Classes, ids, data
 * attributes and nonces never reach the output. A document turns rules off with `disable: [rule-id]`.
 */
export type { ExtractInput, Extraction, Explanation, ExtractDoc, PageSignals } from './types.ts';
export type { Rule, Phase, RuleContext, ScanContext, Verdict } from './rule.ts';
export type { RuleTrace, Removal } from './trace.ts';
export { PHASES } from './rule.ts';
export { RULES, RULE_IDS, PIPELINE_VERSION, rulesFingerprint } from './registry.ts';
export { canonicalizeDates } from './dates.ts';
export { dropRelativeTimes, isRelativeTime } from './relative-time.ts';
export { normalizeUrl, decodeCfEmail } from './urls.ts';

export { RULES_VERSION } from './version.ts';

/** Extracts the document's text as canonical Markdown. Pure and deterministic. */
export function extract(input: ExtractInput): Extraction {
  return runExtraction(input).extraction;
}

/** Extracts and says why: what each rule removed or rewrote, how the content root was chosen (`policywatch explain`). */
export function explain(input: ExtractInput, options: Pick<RunOptions, 'rules'> = {}): Explanation {
  return runExtraction(input, { ...options, trace: true }).explanation!;
}
