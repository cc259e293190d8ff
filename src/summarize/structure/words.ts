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
