import type { DocumentConfig } from '../config/schema.ts';
import type { BodyFormat } from '../fetch/types.ts';
import type { FailureInfo } from '../shared/failure.ts';

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
  /** Set when the page is not the document (challenge, login wall, error page, empty content). */
  notDocument?: FailureInfo;
}
