import { diffArrays } from 'diff';
import { clip } from '../sentences.ts';

/** Small wording helpers shared by the record, item and section diffs. */

export { clip };

export function quote(text: string, max = 80): string {
  return `'${clip(text, max)}'`;
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "a, b, c (+4 more)", cut to `max` characters. */
export function listOf(parts: readonly string[], max = 400): string {
  let out = '';
  let used = 0;
  for (const part of parts) {
    const next = out ? `${out}, ${part}` : part;
    const rest = parts.length - used - 1;
    if (used > 0 && next.length + (rest > 0 ? 12 : 0) > max) break;
    out = next;
    used++;
  }
  const rest = parts.length - used;
  return rest > 0 ? `${out} (+${rest} more)` : out;
}

/**
 * A column header as it reads inside a sentence: "Duration" → "duration", "URL" stays; a long header is cut at its
 * first comma or bracket ("Type of Personal Data processed, depending on…" → "type of personal data processed").
 */
export function fieldName(header: string): string {
  let name = header.split(/\s*[,;(]/u)[0] ?? header;
  const words = name.split(' ');
  if (words.length > 5) name = words.slice(0, 4).join(' ');
  return /^\p{Lu}[\p{L}\s-]*$/u.test(name) && !/\p{Lu}{2}/u.test(name) ? name.toLowerCase() : name;
}

export function count(n: number, noun: { singular: string; plural: string }): string {
  return `${n} ${n === 1 ? noun.singular : noun.plural}`;
}

export interface WordEdit {
  deleted: string;
  inserted: string;
}

/** A word as compared: case and the punctuation around it do not count. */
function bare(word: string): string {
  return word.toLowerCase().replace(/^[\p{P}\p{S}]+|[\p{P}\p{S}]+$/gu, '');
}

/**
 * The stretches of words that changed between two short texts (a list item, a table cell), in order. Two stretches
 * separated by one short word ("a", "of") are one edit; a change of case or punctuation alone is none.
 */
export function wordEdits(before: string, after: string): WordEdit[] {
  const a = before.split(/\s+/).filter(Boolean);
  const b = after.split(/\s+/).filter(Boolean);
  const parts = diffArrays(a, b, { comparator: (x, y) => bare(x) === bare(y) });
  const edits: Array<{ deleted: string[]; inserted: string[] }> = [];
  let current: { deleted: string[]; inserted: string[] } | undefined;
  let gap: string[] = [];
  for (const part of parts) {
    if (!part.added && !part.removed) {
      if (current && part.value.length === 1 && bare(part.value[0] ?? '').length <= 3) {
        gap = part.value;
        continue;
      }
      current = undefined;
      gap = [];
      continue;
    }
    if (!current) {
      current = { deleted: [], inserted: [] };
      edits.push(current);
    } else if (gap.length > 0) {
      current.deleted.push(...gap);
      current.inserted.push(...gap);
    }
    gap = [];
    if (part.removed) current.deleted.push(...part.value);
    else current.inserted.push(...part.value);
  }
  const trim = (words: string[]): string => words.join(' ').replace(/^[\s,;:]+|[\s,;:]+$/gu, '');
  return edits.map((e) => ({ deleted: trim(e.deleted), inserted: trim(e.inserted) })).filter((e) => bare(e.deleted) !== bare(e.inserted));
}

/** How an edit reads: "'a' → 'b'", "added 'b'", "removed 'a'". */
export function sayEdit(e: WordEdit, max = 60): string {
  if (e.deleted && e.inserted) return `${quote(e.deleted, max)} → ${quote(e.inserted, max)}`;
  return e.inserted ? `added ${quote(e.inserted, max)}` : `removed ${quote(e.deleted, max)}`;
}
