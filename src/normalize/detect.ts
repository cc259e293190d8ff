import type { FailureInfo } from '../shared/failure.ts';
import { parseDate } from './dates.ts';

/** Content-level checks: is this the document at all, and when did it take effect. */

const APP_ERROR = /application error: a (?:client|server)-side exception has occurred/i;
// What error pages call themselves, in the title or as the first heading of their content. An HTTP status counts
// wherever it stands ("anthropic.com | 502: Bad gateway"), when error words go with it.
const STATUS_WORDS =
  'error|not found|bad gateway|bad request|forbidden|unauthori[sz]ed|service unavailable|gateway time-?out|internal server error|too many requests';
const ERROR_NAME = new RegExp(
  [
    String.raw`^(?:error\s*)?[45]\d\d\b`,
    String.raw`\b[45]\d\d\s*[:|\-–—]?\s*(?:${STATUS_WORDS})\b`,
    String.raw`\b(?:${STATUS_WORDS})\s*[:|\-–—]?\s*(?:code\s*)?[45]\d\d\b`,
    String.raw`\b(?:page|article|content|document) (?:could )?not (?:be )?found\b`,
    String.raw`^not found\b`,
    String.raw`\binternal server error\b`,
    String.raw`\bsomething went wrong\b`,
    String.raw`^oops\b`,
    String.raw`\ban? (?:unexpected )?error (?:has )?occurred\b`,
    String.raw`\b(?:couldn['’]t|could not|can['’]t|cannot) find (?:the|this|that) (?:page|article)\b`,
    String.raw`\b(?:page|article) (?:you (?:were|are) looking for|(?:does not|doesn['’]t) exist|(?:is|isn['’]t|is not) (?:no longer )?available)\b`,
    String.raw`\b(?:down for|under(?:going)?(?: scheduled)?|scheduled) maintenance\b`,
    String.raw`\bwe['’]ll be (?:right )?back\b`,
    String.raw`^service (?:temporarily )?unavailable\b`,
    String.raw`^error$`,
  ].join('|'),
  'i',
);
const MIN_WORDS = 25;
// An error page says little beyond its error; a real document that mentions errors says a great deal more.
const ERROR_PAGE_MAX_WORDS = 150;

// A help article about an error ("Why do I see 'Something went wrong'?") is a document, not an error page.
const ABOUT_AN_ERROR = /\?\s*$|^(?:why|how|what|when|where|can|troubleshoot|fix|resolv|understand|about|if)\b/i;

/** True when a title or heading is an error page's name: a short phrase, not a question about an error. */
function namesError(text: string): boolean {
  return text
    .split(/\s+[|\\–—]\s+|\s+[-:]\s+/)
    .some((part) => {
      const p = part.trim();
      return p.length > 0 && wordCount(p) <= 10 && !ABOUT_AN_ERROR.test(p) && ERROR_NAME.test(p);
    });
}

/** The first heading of the content, or its first line when it has no heading. */
function leadLine(markdown: string): string {
  const lines = markdown.split('\n').filter((l) => l.trim());
  const heading = lines.find((l) => /^#{1,6}\s/.test(l));
  return (heading ?? lines[0] ?? '').replace(/^#{1,6}\s+/, '').slice(0, 300);
}

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
  if (words < ERROR_PAGE_MAX_WORDS) {
    const named = [input.title?.trim() ?? '', leadLine(input.markdown)].find((t) => t && namesError(t));
    if (named) return { reason: 'error-page', message: `the page is an error page ("${named.slice(0, 80)}")` };
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
