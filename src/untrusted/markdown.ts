import { redactSecrets, type Redactor } from './redact.ts';
import { sanitize, truncate } from './sanitize.ts';

/**
 * GitHub-flavoured Markdown: issues, comments, issue drafts in the outbox, the job summary and commit messages (which
 * GitHub renders with references). Page text must not ping anyone, reference an issue, form a link, inject HTML or
 * forge one of our hidden markers.
 */

/**
 * A zero-width joiner breaks GitHub's matching of "@name", "#1", "GH-1", "owner/repo#1" and autolinks while the text
 * reads the same. A backslash would not do: GitHub removes it while rendering and then links what is left. The
 * entity &#35; would not either: it is decoded before references are matched, and it is garbage where Markdown is
 * shown raw (commit messages, titles, e-mail previews).
 */
const ZWJ = '\u200D';

/** Removes HTML comments, script-like elements and tags. Repeats until stable, so leftovers cannot reassemble a tag. */
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

/** Stops @mentions, #123 / GH-123 / owner/repo#123 references and URL autolinks from pinging or linking. */
export function neutralizeReferences(text: string): string {
  return text
    .replace(/@(?=[\w-])/g, `@${ZWJ}`)
    .replace(/#(?=\d)/g, `#${ZWJ}`)
    .replace(/\bGH-(?=\d)/gi, (m) => `${m.slice(0, 2)}${ZWJ}-`)
    .replace(/:\/\//g, `:${ZWJ}//`)
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}${ZWJ}.`);
}

/**
 * Untrusted text, line breaks kept, safe wherever GitHub shows it, including inside a code block: controls gone,
 * secrets redacted, HTML removed, references broken. Markdown punctuation is left alone (see markdownInline).
 */
export function markdownText(text: string, redact: Redactor = redactSecrets): string {
  return neutralizeReferences(stripHtml(redact(sanitize(text))));
}

/**
 * Backslash-escapes what makes Markdown (and GitHub's HTML filter and math) do anything but print text. A heading
 * or list marker matters only where a line starts, so "#", "+", "-" and "1." are escaped there alone.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]<>()!|~&$]/g, '\\$&')
    .replace(/^[#+-]/, '\\$&')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/**
 * One line of Markdown prose or a table cell (issues, comments, the job summary): safe text with Markdown escaped,
 * whitespace folded, at most `max` characters before escaping.
 */
export function markdownInline(text: string, max = 1000, redact: Redactor = redactSecrets): string {
  return escapeMarkdown(truncate(markdownText(text, redact).replace(/\s+/g, ' ').trim(), max));
}

/** Plain text GitHub renders with references only (issue titles, commit messages): safe, one line, not escaped. */
export function githubPlain(text: string, max = 250, redact: Redactor = redactSecrets): string {
  return truncate(markdownText(text, redact).replace(/\s+/g, ' ').trim(), max);
}

/** A code span that shows `text` literally, whatever backticks it contains. */
export function markdownCode(text: string, max = 500, redact: Redactor = redactSecrets): string {
  const body = githubPlain(text, max, redact);
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const ticks = '`'.repeat(longest + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${body}${pad}${ticks}`;
}

/** A fenced block whose fence is longer than any backtick run inside; `text` is already safe (markdownText). */
export function markdownFence(text: string, info = ''): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${text}\n${fence}`;
}

/** An http(s) URL fit for a Markdown link target (parentheses and angle brackets encoded), or undefined. */
export function markdownUrl(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined;
  return parsed.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

/** A Markdown link with an escaped label when the URL is plain http(s); the escaped label alone otherwise. */
export function markdownLink(label: string, url: string | undefined, max = 300): string {
  const text = markdownInline(label, max);
  const href = markdownUrl(url);
  return href ? `[${text}](${href})` : text;
}
