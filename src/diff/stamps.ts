/**
 * Date stamps of a document: "Updated: 2026-04-01", "Last updated 2025-12-17", "**Effective Date** 2026-01-05",
 * "This policy was last revised on 2026-01-05.", a date alone on its line. Templates print, move and drop them
 * while the policy stays the same, and help centers bump them on every republish. Dates are canonical (YYYY-MM-DD)
 * by the time text gets here; numeric and month-year forms are read too.
 *
 *   stamp = [subject of up to four words] label {label} [":" | "-"] ["on" | "as of" | "from" | "since"] date
 *
 * Only the stamp is set aside, never the rest of its line: "Effective 2026-01-01, we no longer sell data" keeps
 * ", we no longer sell data".
 */

import { StringMemo } from '../shared/memo.ts';

const ISO = '\\d{4}-\\d{2}-\\d{2}';
const MONTH = '(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\\.?';
const DATE = `(?:${ISO}|\\d{1,2}[./]\\d{1,2}[./]\\d{2,4}|\\d{4}/\\d{1,2}/\\d{1,2}|${MONTH}\\s+(?:\\d{1,2},?\\s+)?\\d{4}|\\d{1,2}\\.?\\s+${MONTH}\\s+\\d{4})`;

const EFFECTIVE = 'effective(?:\\s+date)?|(?:in|into|takes|take|comes?\\s+into)\\s+effect|valid|applicable|gültig|vigente|en\\s+vigueur|in\\s+vigore';
const UPDATED =
  '(?:last\\s+|latest\\s+|date\\s+(?:of\\s+)?(?:last\\s+)?)?(?:updated?|modified|revised|revision|reviewed|changed?|published|posted|issued|released?|amended)|version(?:\\s+date)?|date|stand|aktualisiert|mis\\s+à\\s+jour|actualizado|última\\s+actualización|atualizado|aggiornato';
const LABEL = `(?:${EFFECTIVE}|${UPDATED})`;
// Between label and date: a colon or dash, emphasis marks ("**Last updated:** 2025-07-08"), a preposition.
const CONNECTOR = '[*_]*(?:\\s*[:–—-][*_]*\\s*|\\s+)[*_]*(?:(?:on|as\\s+of|from|since|am|le|el|em|il)\\s+)?';
const STAMP_BODY = `(${LABEL})(?:[\\s*_:]*(?:${LABEL}))*${CONNECTOR}(${DATE})`;
// A stamp stands alone: it starts its line (after heading, quote, list or emphasis marks) or follows a separator or
// an opening bracket, and it ends its line or is followed by one ("Effective 2025-08-28 [Previous version](…)").
// Prose that opens with a stamp ("Effective 2026-01-01, we no longer …") is a sentence and stays whole.
const STAMP = new RegExp(`(?<=^[\\s#>*_-]*|[·•|(]\\s*[*_]*)${STAMP_BODY}\\.?(?=[\\s*_]*(?:$|[·•|;([)]))`, 'giu');
// A sentence that is a stamp and nothing else: "This policy was last updated on 2026-01-05."
const STAMP_SENTENCE = new RegExp(`^[\\s#>*_-]*(?:[\\p{L}'’]+\\s+){1,4}?${STAMP_BODY}\\.?[\\s*_]*$`, 'iu');
const BARE_DATE = new RegExp(`^\\s*${DATE}\\.?\\s*$`, 'iu');
const EFFECTIVE_WORD = new RegExp(`\\b(?:${EFFECTIVE})\\b`, 'iu');
// What a line holds once its stamps are gone, when it held nothing else: emphasis, brackets, separators, headings.
const LEFTOVER = /^[\s#*_()[\]·•|,;:.–—-]*$/;
// A label on a line of its own, its date on the next ("**Effective Date**", then "2026-01-05").
const LABEL_LINE = new RegExp(`^[\\s#>*_-]*(?:${LABEL})(?:[\\s*_:]*(?:${LABEL}))*[\\s*_:]*$`, 'iu');
// Byline separators left at an edge, or doubled, where a stamp segment was.
const loose = (s: string): string => s.replace(/\s*[·•|]\s*(?=\s*[·•|])/g, '').replace(/^[\s·•|]+|[\s·•|]+$/g, '').replace(/\s{2,}/g, ' ');

export interface Stamps {
  /** The text with every stamp set aside; a line that held only stamps is gone. */
  text: string;
  /** The dates of stamps labelled effective (the date the policy applies from), in order. */
  effective: readonly string[];
  /** Every stamped date, bare dates included. */
  dates: readonly string[];
}

// Each version of a page is read twice in a replay (as the new version, then as the old one): a pure memo, bounded
// (StringMemo) to a few pages; the results are frozen, since every caller of the same text shares one.
const stampsOf = new StringMemo((markdown: string): Readonly<Stamps> => {
  const { text, effective, dates } = findStamps(markdown);
  return Object.freeze({ text, effective: Object.freeze(effective), dates: Object.freeze(dates) });
}, 400_000);

/** Sets aside the date stamps of a Markdown text. */
export function setAsideStamps(markdown: string): Readonly<Stamps> {
  return stampsOf.get(markdown);
}

function findStamps(markdown: string): { text: string; effective: string[]; dates: string[] } {
  const effective: string[] = [];
  const dates: string[] = [];
  const lines: string[] = [];
  const note = (stamp: string, date: string): void => {
    dates.push(date);
    if (EFFECTIVE_WORD.test(stamp)) effective.push(date);
  };
  const all = markdown.split('\n');
  const isBareDate = (line: string | undefined): boolean => line !== undefined && BARE_DATE.test(line.replace(/[#*_]/g, ''));
  for (let i = 0; i < all.length; i++) {
    const line = all[i]!;
    if (isBareDate(line)) {
      note('', line.replace(/[#*_]/g, '').trim());
      continue;
    }
    // A label whose date stands on the next line (after a blank one, in Markdown).
    const next = all[i + 1] === '' ? i + 2 : i + 1;
    if (LABEL_LINE.test(line) && isBareDate(all[next])) {
      note(line, all[next]!.replace(/[#*_]/g, '').trim());
      i = next;
      continue;
    }
    // Every stamp holds a date, and every date a digit: most lines of a policy are prose the patterns need not scan.
    if (!/\d/.test(line)) {
      lines.push(line);
      continue;
    }
    const found: [string, string][] = [];
    const rest = line.replace(STAMP, (stamp: string, _label: string, date: string) => {
      found.push([stamp, date]);
      return '';
    });
    if (rest !== line && LEFTOVER.test(rest)) {
      for (const [stamp, date] of found) note(stamp, date);
      continue;
    }
    const sentence = STAMP_SENTENCE.exec(line);
    if (sentence) {
      note(sentence[0], sentence[2]!);
      continue;
    }
    for (const [stamp, date] of found) note(stamp, date);
    lines.push(rest === line ? line : loose(rest));
  }
  return { text: lines.join('\n').replace(/\n{3,}/g, '\n\n').trim(), effective, dates };
}
