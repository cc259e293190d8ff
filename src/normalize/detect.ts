import type { FailureInfo } from '../shared/failure.ts';
import { parseDate } from './dates.ts';

/** Content-level checks: is this the document at all, and when did it take effect. */

const APP_ERROR = /application error: a (?:client|server)-side exception has occurred/i;
const ERROR_TITLE =
  /^(?:404|500|502|503)\b|\b(?:page|article) (?:could )?not (?:be )?found\b|^not found\b|internal server error|something went wrong|^error$/i;
const MIN_WORDS = 25;

export function wordCount(markdown: string): number {
  return markdown.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

export function detectNotDocument(input: {
  pageText: string;
  markdown: string;
  title: string | undefined;
  rootFound: boolean;
  selectorConfigured: boolean;
}): FailureInfo | undefined {
  if (APP_ERROR.test(input.pageText)) {
    return { reason: 'error-page', message: 'the page is the site\'s application-error page, not the document' };
  }
  const words = wordCount(input.markdown);
  if (words < 120 && input.title && ERROR_TITLE.test(input.title.trim())) {
    return { reason: 'error-page', message: `the page is an error page ("${input.title.slice(0, 80)}")` };
  }
  if (!input.rootFound) {
    return input.selectorConfigured
      ? { reason: 'selector-missing', message: 'neither the configured selectors nor the default content rules found content' }
      : { reason: 'empty', message: 'the page has no content' };
  }
  if (words < MIN_WORDS) return { reason: 'empty', message: `the main content is nearly empty (${words} words)` };
  return undefined;
}

// Keys that pages use in embedded data for the policy's own date (not CMS bookkeeping like _updatedAt).
const DATE_KEYS =
  /\\?"(effectiveDate|effective_date|lastUpdatedISO|lastUpdatedDate|lastUpdatedAt|dateModified|datePublished)\\?"\s*:\s*\\?"(\d{4}-\d{2}-\d{2})/g;
const KEY_RANK = ['effectiveDate', 'effective_date', 'lastUpdatedDate', 'lastUpdatedISO', 'lastUpdatedAt', 'dateModified', 'datePublished'];

export function dateFromPageData(rawHtml: string): string | undefined {
  let best: { rank: number; date: string } | undefined;
  for (const m of rawHtml.matchAll(DATE_KEYS)) {
    const rank = KEY_RANK.indexOf(m[1] ?? '');
    if (m[2] && (!best || rank < best.rank)) best = { rank, date: m[2] };
  }
  return best?.date;
}

const DATE_LINE =
  /\b(?:effective(?:\s+date)?|(?:last\s+)?(?:updated|revised|modified)(?:\s+on)?|version\s+date)\b[^\n\d]{0,20}?(\d{4}-\d{2}-\d{2})/i;

/** The effective or last-updated date stated in the text (dates are already canonical there). */
export function dateFromText(markdown: string): string | undefined {
  const m = DATE_LINE.exec(markdown.slice(0, 4000));
  return m?.[1] ? parseDate(m[1]) : undefined;
}
