/**
 * Why a fetch did not yield the document. Typed, so that decisions (retry, alert, fall back to the browser)
 * never depend on message text.
 */
export const FAILURE_REASONS = [
  'blocked', // bot challenge, interstitial, "Access denied" served with 200, login wall
  'selector-missing', // the configured and the default content selectors found nothing
  'empty', // main content empty or drastically shrunken
  'error-page', // the site's application-error page instead of the document
  'http-status', // a non-2xx status after retries
  'timeout',
  'network', // DNS, connection refused or reset, truncated body
  'too-large',
  'unsupported-type',
  'redirect-refused', // loop, too many, non-http(s) scheme, private address
  'browser-unavailable',
  'internal', // a damaged record or a bug while processing this document; the others go on
] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface FailureInfo {
  reason: FailureReason;
  /** One line, secret-free, fit for an issue. */
  message: string;
  status?: number;
}
