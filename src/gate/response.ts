import { APP_SHELL_RULE } from './app-shell.ts';
import { viewOf, type ResponseRule } from './page.ts';
import { DOCUMENT, type ResponseVerdict } from './verdict.ts';
import { WALL_RULES } from './walls.ts';

/** What a fetcher holds about one response. */
export interface ResponseEvidence {
  status: number;
  headers: Record<string, string>;
  /** The decoded HTML (for an error status, the part of the body that was read). */
  html: string;
  /** Who produced the HTML: plain HTTP (scripts not run) or a browser (scripts run). */
  via: 'http' | 'browser';
}

/** In order: the first rule that applies decides. */
export const RESPONSE_RULES: readonly ResponseRule[] = [...WALL_RULES, APP_SHELL_RULE];

/**
 * Is this response the document, as far as the response alone can tell: a bot check or interstitial, a login wall,
 * an empty client-side shell? Fetchers call it once per response they produce (plain HTTP, browser, archive); the
 * verdict travels with the page. Pure: status, headers and HTML in, verdict out.
 */
export function judgeResponse(input: ResponseEvidence): ResponseVerdict {
  // 429 is rate limiting, which retries handle: never a verdict on the page.
  if (input.status === 429) return DOCUMENT;
  const page = viewOf(input);
  for (const rule of RESPONSE_RULES) {
    const verdict = rule.judge(page);
    if (verdict) return verdict;
  }
  return DOCUMENT;
}
