/**
 * Escaping for the places a run report goes. Titles come from config, but headlines and failure messages carry
 * page text, which is untrusted: it must not start a workflow command, break a table, or smuggle in links or HTML.
 */

/** Control characters (other than tab) and Unicode line/paragraph separators, which some renderers treat as breaks. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/g;

/** Collapses text to one line without control characters, capped in length. */
export function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\r\n|\r|\n/g, ' ').replace(CONTROL, '').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/**
 * Workflow-command message data: %, CR and LF are percent-encoded (the runner decodes them), so the text always
 * stays on the command's own line and can never begin a second `::command::`.
 */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property values additionally encode the ":" and "," that delimit properties. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/**
 * Inline Markdown text, safe in a table cell: one line, HTML neutralized, Markdown punctuation backslash-escaped
 * (no links, images, emphasis or code spans can be formed), and "@" kept from becoming a mention.
 */
export function escapeMarkdown(text: string, max = 300): string {
  return oneLine(text, max)
    .replace(/[&<>"]/g, (c) => HTML[c] ?? c)
    .replace(/[\\`*_{}[\]()#+\-.!|~]/g, (c) => `\\${c}`)
    .replace(/@/g, '@\u200b');
}

/** A Markdown link when the URL is plain http(s), else the escaped text alone. */
export function markdownLink(text: string, url: string | undefined): string {
  const label = escapeMarkdown(text);
  if (!url) return label;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return label;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return label;
  const href = parsed.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `[${label}](${href})`;
}
