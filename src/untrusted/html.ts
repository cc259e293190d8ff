import { redactSecrets, type Redactor } from './redact.ts';
import { sanitize } from './sanitize.ts';

/** HTML: the HTML part of e-mails (and a status page later). Page text is shown, never interpreted. */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for element content and quoted attribute values. For text we wrote ourselves. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

/** Untrusted text for HTML element content or a quoted attribute: sanitized, secrets redacted, escaped. */
export function htmlText(text: string, redact: Redactor = redactSecrets): string {
  return escapeHtml(redact(sanitize(text)));
}

/** An http(s) URL for an href attribute, escaped; undefined for anything else (javascript:, data:, …). */
export function htmlUrl(url: string | undefined): string | undefined {
  const href = httpUrl(url);
  return href === undefined ? undefined : escapeHtml(href);
}

/** The URL, normalized, when it is plain http(s); undefined otherwise. */
export function httpUrl(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined;
}
