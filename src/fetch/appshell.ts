import { visibleText } from './html-text.ts';

/** Below this much visible text a page with a script-mounted root is an empty shell, not a document. */
const SHELL_TEXT = 300;
const ROOT_ELEMENT =
  /<(div|main|section)\b[^>]*\bid\s*=\s*["']?(root|app|__next|__nuxt|___gatsby|svelte|application|main-app|react-root)\b|<app-root\b|\bdata-reactroot\b|\bng-version\b/i;
const NOSCRIPT_JS = /<noscript\b[^>]*>[\s\S]*?(enable|turn on|requires?)\s+javascript/i;
const SCRIPT_TAG = /<script\b/i;

/**
 * True when the HTML is clearly an app shell rendered client-side: almost no text, scripts, and a mount point
 * (or a noscript plea). Worth one retry in the browser.
 */
export function looksClientRendered(html: string): boolean {
  if (!SCRIPT_TAG.test(html)) return false;
  if (!ROOT_ELEMENT.test(html) && !NOSCRIPT_JS.test(html)) return false;
  return visibleText(html).length < SHELL_TEXT;
}
