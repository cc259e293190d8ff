import { parseDate } from './dates.ts';

/** When the document took effect, from its text or from data embedded in the page. */

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
