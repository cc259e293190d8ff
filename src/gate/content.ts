import { APP_ERROR, leadLine, namesError, wordCountUpTo } from './error-page.ts';
import { DOCUMENT, notDocument, type Verdict } from './verdict.ts';

/** What extraction saw: the gate's evidence about the content (src/normalize computes it, the gate judges it). */
export interface ContentEvidence {
  /** The extracted document text (Markdown). */
  markdown: string;
  /** The text of the whole page body, chrome removed; where an application-error message would stand. */
  pageText: string;
  /** The page's <title>. */
  pageTitle: string | undefined;
  /** A content root was found and rendered to some text. */
  rootFound: boolean;
  /** The document configures `select` selectors. */
  selectorConfigured: boolean;
}

const MIN_WORDS = 25;
// An error page says little beyond its error; a real document that mentions errors says a great deal more.
const ERROR_PAGE_MAX_WORDS = 150;

/** Is the extracted content the document: not an error page, not empty? */
export function judgeContent(input: ContentEvidence): Verdict {
  if (APP_ERROR.test(input.pageText)) {
    return notDocument({ reason: 'error-page', message: "the page is the site's application-error page, not the document" });
  }
  // Only compared with these two bounds, and shown below the lower one.
  const words = wordCountUpTo(input.markdown, Math.max(MIN_WORDS, ERROR_PAGE_MAX_WORDS));
  if (words < ERROR_PAGE_MAX_WORDS) {
    const named = [input.pageTitle?.trim() ?? '', leadLine(input.markdown)].find((t) => t && namesError(t));
    if (named) return notDocument({ reason: 'error-page', message: `the page is an error page ("${named.slice(0, 80)}")` });
  }
  if (!input.rootFound) {
    return notDocument(
      input.selectorConfigured
        ? { reason: 'selector-missing', message: 'neither the configured selectors nor the default content rules found content' }
        : { reason: 'empty', message: 'the page has no content' },
    );
  }
  if (words < MIN_WORDS) return notDocument({ reason: 'empty', message: `the main content is nearly empty (${words} words)` });
  return DOCUMENT;
}
