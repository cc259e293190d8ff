/**
 * Characters that change what a reader sees without being text: terminal control sequences, C0 and C1 controls,
 * bidirectional overrides ("Trojan Source" reordering) and invisible characters that hide or split words. One
 * definition, from which both the extraction stage and every output take their sets.
 */

// Character classes, written once. Each is the body of a regular-expression character class.
/** C0 controls except tab (U+0009) and line feed (U+000A). Carriage return is here: alone it overwrites a line. */
const C0 = '\\u0000-\\u0008\\u000b-\\u001f';
/** DEL and the C1 controls (U+0080-U+009F), among them the 8-bit CSI (U+009B) and OSC (U+009D). */
const DEL_C1 = '\\u007f-\\u009f';
/** Left-to-right and right-to-left marks, embeddings, overrides and isolates. */
const BIDI = '\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069';
/** The Arabic letter mark, a bidi mark the extraction set predates. */
const ALM = '\\u061c';
/**
 * Invisible characters: soft hyphen, combining grapheme joiner, Hangul fillers, zero-width space, word joiner,
 * invisible operators, byte-order mark, Mongolian vowel separator, interlinear annotation marks. Zero-width (non-)joiners are handled apart: scripts and emoji need them.
 */
const INVISIBLE_CHARS = '\\u00ad\\u115f\\u1160\\u180e\\u200b\\u2060-\\u2064\\u3164\\ufeff\\uffa0\\ufff9-\\ufffb';
/** Unicode "tag" characters (U+E0000-U+E007F): invisible copies of ASCII, used to smuggle hidden text. */
const TAGS = '\\u{e0000}-\\u{e007f}';

/**
 * The set the extraction stage strips from stored text (C0 but tab and newline, DEL, C1, bidi controls). Stored
 * Markdown depends on it byte for byte: changing it changes every snapshot, so it stays as it is.
 */
const EXTRACTION = new RegExp(`[${C0}${DEL_C1}${BIDI}]`, 'g');

/**
 * Invisible characters the text layers fold away: the extractor drops them inside text nodes, and the plain-text
 * layer before comparing wordings. A global pattern: use it with replace(), not test().
 */
export const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;

/**
 * Terminal escape sequences, 7-bit and 8-bit: CSI (ESC [ … final), OSC (ESC ] … BEL or ST, e.g. OSC 8 hyperlinks),
 * DCS/SOS/PM/APC strings (ESC P/X/^/_ … ST) and two-character escapes. Removed whole, so no "[31m" debris is left.
 * A string sequence is removed only up to its terminator on the same line: an unterminated one loses its introducer
 * (a control character) and keeps the text after it, which is more than a terminal would show but loses no words.
 */
const ESCAPE_SEQUENCE = new RegExp(
  [
    '(?:\\u001b\\[|\\u009b)[\\u0030-\\u003f]*[\\u0020-\\u002f]*[\\u0040-\\u007e]?',
    '(?:\\u001b[\\]PX^_]|[\\u009d\\u0090\\u0098\\u009e\\u009f])[^\\u0007\\u001b\\u009c\\n]{0,4096}(?:\\u0007|\\u001b\\\\|\\u009c)',
    '\\u001b[\\u0020-\\u002f]*[\\u0030-\\u007e]?',
  ].join('|'),
  'g',
);

/** Controls, bidi controls and invisible characters in output (not in stored text, whose set is frozen). */
// The combining grapheme joiner (U+034F) stands outside the class: inside one, a combining mark reads as joined to
// the character before it.
const OUTPUT_UNSAFE = new RegExp(`[${C0}${DEL_C1}${BIDI}${ALM}${INVISIBLE_CHARS}${TAGS}]|\\u034f`, 'gu');
/**
 * Zero-width joiner and non-joiner are kept only between two letters of a script that shapes with them (Arabic,
 * Indic scripts) or inside an emoji sequence; between Latin letters, digits or punctuation they only hide things
 * (a split token, a reference that looks like "#1" but is not).
 */
const JOINER = /(?<![\p{L}\p{M}\p{Extended_Pictographic}\p{Emoji_Modifier}]\ufe0f?)[\u200c\u200d]|[\u200c\u200d](?![\p{L}\p{M}\p{Extended_Pictographic}])|(?<=\p{Script=Latin})[\u200c\u200d]|[\u200c\u200d](?=\p{Script=Latin})/gu;

/**
 * The extraction stage's strip: control characters and bidi controls out, tab and newline kept. Frozen: stored
 * Markdown is byte-identical under it (see EXTRACTION).
 */
export function stripControls(text: string): string {
  return text.replace(EXTRACTION, '');
}

export interface SanitizeOptions {
  /** Keep line breaks and tabs (default). Without, every run of whitespace becomes one space: one line of output. */
  lines?: boolean;
}

/**
 * Untrusted text made inert for any destination: escape sequences removed whole, controls, bidi controls and
 * invisible characters dropped, line breaks normalized to "\n" (a lone carriage return would overwrite a line).
 * The words a reader sees are left as they are.
 */
export function sanitize(text: string, options: SanitizeOptions = {}): string {
  const inert = text
    .replace(ESCAPE_SEQUENCE, '')
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(OUTPUT_UNSAFE, '');
  // JOINER's Unicode property classes cost ~2 ms to compile, in every run that prints a line: only text with a joiner
  // needs it.
  const clean = /[\u200c\u200d]/.test(inert) ? inert.replace(JOINER, '') : inert;
  return options.lines === false ? clean.replace(/\s+/g, ' ').trim() : clean;
}

/** One line: sanitized, whitespace folded, cut to `max` characters with an ellipsis. */
export function oneLine(text: string, max = Infinity): string {
  return truncate(sanitize(text, { lines: false }), max);
}

/** Cuts at a character boundary that does not split a surrogate pair, with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end) + '…';
}
