/**
 * Page text is untrusted. Everything that came from a page passes through here before it reaches an issue:
 * no HTML, no pings, no issue links, no Markdown that hides or fakes content, no forged markers.
 */

const ZWJ = '\u200D';

/** Tokens that look like credentials never reach an issue, even if a page (or a message) happens to carry one. */
const SECRET_PATTERNS = [
  /\bgh[pousr]_[A-Za-z0-9]{20,}\b/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}\b/g,
  /\b(?:xox[abprs]|sk|pk|rk)[-_][A-Za-z0-9_-]{20,}\b/g,
  /\bAKIA[0-9A-Z]{16}\b/g,
];

export function redactSecrets(text: string): string {
  let out = text;
  for (const pattern of SECRET_PATTERNS) out = out.replace(pattern, '[redacted]');
  return out;
}

/** Removes HTML comments, script/style elements and tags. Repeats until stable, so nested leftovers cannot reassemble a tag. */
export function stripHtml(text: string): string {
  let out = text;
  for (let i = 0; i < 5; i++) {
    const next = out
      .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
      .replace(/<(script|style|iframe|object|template)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, '')
      .replace(/<\/?[A-Za-z][\w:-]*(?:\s[^<>]*)?\/?>/g, '')
      .replace(/<![A-Za-z[][^<>]*>/g, '')
      .replace(/<\?[^<>]*\?>/g, '');
    if (next === out) break;
    out = next;
  }
  // Whatever is left cannot open a comment, so page text can never forge one of our markers.
  return out.replace(/<!--/g, `<!${ZWJ}--`);
}

/**
 * Stops @mentions, #123 / GH-123 references and URL autolinks from pinging people or cross-referencing issues.
 * A zero-width joiner is invisible, keeps the text readable, and breaks GitHub's matching.
 */
export function neutralizeReferences(text: string): string {
  return text
    .replace(/@(?=[\w-])/g, `@${ZWJ}`)
    .replace(/#(?=\d)/g, `#${ZWJ}`)
    .replace(/\bGH-(?=\d)/gi, (m) => `${m.slice(0, 2)}${ZWJ}-`)
    .replace(/:\/\//g, `:${ZWJ}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWJ}.`);
}

/** C0 controls except tab and newline, DEL, and bidi overrides/isolates (they can disguise text). */
function isControl(code: number): boolean {
  return (code < 0x20 && code !== 0x09 && code !== 0x0a) || code === 0x7f || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
}

/** Untrusted text made safe in any position: secrets, HTML, references. Markdown escaping is separate. */
export function sanitize(text: string): string {
  // Control characters (except tab/newline) can confuse renderers and terminals.
  const clean = [...text.replace(/\r\n?/g, '\n')].filter((ch) => !isControl(ch.codePointAt(0) ?? 0)).join('');
  return neutralizeReferences(stripHtml(redactSecrets(clean)));
}

/** Escapes the characters that make Markdown (and GitHub's HTML filter) do anything but print text. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#!|~&$]/g, '\\$&');
}

/** Untrusted text for a single line of Markdown prose. */
export function inline(text: string, max = 1000): string {
  return escapeMarkdown(truncate(sanitize(text).replace(/\s+/g, ' ').trim(), max));
}

/** Plain text for an issue title: GitHub renders little there, but mentions and references must still not work. */
export function plainTitle(text: string, max = 250): string {
  return truncate(sanitize(text).replace(/\s+/g, ' ').trim(), max);
}

/** A code span that shows `text` literally, whatever backticks it contains. */
export function codeSpan(text: string, max = 500): string {
  const body = truncate(sanitize(text).replace(/\s+/g, ' ').trim(), max);
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run inside, so the text cannot close it early. */
export function fencedBlock(text: string, info = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

/** Cuts at a character boundary that does not split a surrogate pair, with an ellipsis. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end) + '…';
}
