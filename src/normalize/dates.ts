/**
 * Dates in page text are rendered differently by the server and by a browser ("February 24, 2025" vs
 * "24 February 2025"), so every date is rewritten to one canonical form: ISO 8601 (YYYY-MM-DD), which cannot be
 * misread in any locale. Relative times ("Updated over a week ago") are read in relative-time.ts.
 */

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};
const MONTH = '(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const DAY = '(\\d{1,2})(?:st|nd|rd|th)?';
const YEAR = '(\\d{4})';

// Edges by letters and digits, not \b: a date set in emphasis ("_March 3, 2026_") ends at an underscore.
const MONTH_FIRST = new RegExp(`(?<![\\p{L}\\p{N}])${MONTH}\\s+${DAY},?\\s+${YEAR}(?![\\p{L}\\p{N}])`, 'giu');
const DAY_FIRST = new RegExp(`(?<![\\p{L}\\p{N}])${DAY}\\s+(?:of\\s+)?${MONTH},?\\s+${YEAR}(?![\\p{L}\\p{N}])`, 'giu');

function iso(year: string, month: number | undefined, day: string): string | undefined {
  const d = Number(day);
  if (!month || d < 1 || d > 31) return undefined;
  return `${year}-${String(month).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

// URLs often contain dates (/specification/2025-11-25/) that are part of a link target, not prose.
const URL_TOKEN = /\b(?:https?:\/\/|www\.|mailto:)\S+/gi;

function mapOutsideUrls(text: string, fn: (segment: string) => string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(URL_TOKEN)) {
    out += fn(text.slice(last, m.index)) + m[0];
    last = m.index + m[0].length;
  }
  return out + fn(text.slice(last));
}

/** Rewrites every recognizable calendar date in prose to YYYY-MM-DD; URLs are left alone. */
export function canonicalizeDates(text: string): string {
  if (!/\d{4}/.test(text)) return text;
  return mapOutsideUrls(text, (s) =>
    s
      .replace(MONTH_FIRST, (all, m: string, d: string, y: string) => iso(y, MONTHS[m.toLowerCase()], d) ?? all)
      .replace(DAY_FIRST, (all, d: string, m: string, y: string) => iso(y, MONTHS[m.toLowerCase()], d) ?? all),
  );
}

/** Parses one date (ISO, ISO timestamp, "Month D, YYYY", "D Month YYYY") to YYYY-MM-DD. */
export function parseDate(text: string): string | undefined {
  const isoMatch = /^(\d{4})-(\d{2})-(\d{2})/.exec(text.trim());
  if (isoMatch) return `${isoMatch[1]}-${isoMatch[2]}-${isoMatch[3]}`;
  const canonical = canonicalizeDates(text);
  const m = /\b(\d{4}-\d{2}-\d{2})\b/.exec(canonical);
  return m?.[1];
}

