import { APP_ERROR, namesError } from './error-page.ts';
import { firstHeading, type ResponseRule, type ResponseView } from './page.ts';

/** Below this much visible text a page with a script-mounted root is an empty shell, not a document. */
const SHELL_TEXT = 300;
const ROOT_ELEMENT =
  /<(div|main|section)\b[^>]*\bid\s*=\s*["']?(root|app|__next|__nuxt|___gatsby|svelte|application|main-app|react-root)\b|<app-root\b|\bdata-reactroot\b|\bng-version\b/i;
const NOSCRIPT_JS = /<noscript\b[^>]*>[\s\S]*?(enable|turn on|requires?)\s+javascript/i;
const SCRIPT_TAG = /<script\b/i;

/** A small page that says it is an error (a crashed render, a 404 shell) is not waiting for JavaScript. */
function declaresError(page: ResponseView): boolean {
  return APP_ERROR.test(page.text()) || namesError(page.title()) || namesError(firstHeading(page.html));
}

/**
 * An app shell rendered client-side: almost no text, scripts, and a mount point (or a noscript plea). Plain HTTP
 * cannot tell what it holds; a browser can, once. Read only over plain HTTP: a browser already ran the scripts.
 */
export const APP_SHELL_RULE: ResponseRule = {
  id: 'app-shell',
  description: 'a client-rendered shell: scripts, a mount point or a noscript plea, almost no text, no error named',
  judge: (page) => {
    if (page.via !== 'http' || page.status < 200 || page.status >= 300) return undefined;
    if (page.textReaches(SHELL_TEXT) || !SCRIPT_TAG.test(page.html)) return undefined;
    if (!ROOT_ELEMENT.test(page.html) && !NOSCRIPT_JS.test(page.html)) return undefined;
    return declaresError(page) ? undefined : { kind: 'undecided', why: 'app-shell' };
  },
};
