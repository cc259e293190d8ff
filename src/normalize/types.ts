import type { BodyFormat } from '../fetch/types.ts';
import type { ExtractDoc } from './rule.ts';
import type { RuleTrace } from './trace.ts';

export type { ExtractDoc } from './rule.ts';

export interface ExtractInput {
  /** HTML, or plain text (PDF). */
  body: string;
  format: BodyFormat;
  /** The final URL: base for absolute links. */
  url: string;
  doc: ExtractDoc;
}

export interface Extraction {
  /**
   * The document's policy text as Markdown: headings, paragraphs, lists, tables and absolute link targets kept;
   * noise (ids, classes, tokens, relative times, chrome) dropped; dates canonical. Deterministic: the same input
   * gives byte-identical output.
   */
  markdown: string;
  title?: string;
  /** ISO date (YYYY-MM-DD) the page says it took effect or was last updated, from text or embedded page data. */
  effectiveDate?: string;
  /** The configured `select` matched nothing and the default content rules were used instead. */
  selectorFallback: boolean;
  /** What the gate (src/gate) reads to tell whether this is the document at all; extraction does not judge. */
  signals: PageSignals;
}

export interface PageSignals {
  /** The text of the whole page body, chrome removed (for a text body, the text itself). */
  pageText: string;
  /** The page's <title>, as written. */
  pageTitle: string | undefined;
  /** A content root was found and rendered to some text. */
  rootFound: boolean;
  /** The document configures `select` selectors. */
  selectorConfigured: boolean;
}

/** Why the extraction came out as it did: what `policywatch explain` prints. */
export interface Explanation {
  extraction: Extraction;
  /** The rules fingerprint the text was extracted with (RULES_VERSION). */
  rulesVersion: string;
  format: BodyFormat;
  /** The page's <title>. */
  pageTitle?: string;
  /** Characters of text on the page once the prune phase dropped the page chrome. */
  pageChars: number;
  root: {
    /** The chosen element, as `<tag#id.class>`. */
    element: string;
    /** Characters of text in the root before the chrome phase. */
    chars: number;
    bySelector: boolean;
    selectorFallback: boolean;
    /** The h1 rendered above a root that does not contain it. */
    orphanTitle?: string;
    /** The root rules' decisions, in order. */
    steps: { rule: string; note: string }[];
  };
  effectiveDate?: { date: string; from: 'text' | 'page data' };
  /** Every registered rule (disabled ones too), in the order they ran. */
  rules: RuleTrace[];
}
