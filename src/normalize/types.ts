import type { DocumentConfig } from '../config/schema.ts';
import type { BodyFormat } from '../fetch/types.ts';

export interface ExtractInput {
  /** HTML, or plain text (PDF). */
  body: string;
  format: BodyFormat;
  /** The final URL: base for absolute links. */
  url: string;
  doc: Pick<DocumentConfig, 'id' | 'family' | 'select' | 'remove'>;
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
