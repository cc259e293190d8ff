import type { FailureInfo } from '../shared/failure.ts';
import { pageTitle, visibleText } from './html-text.ts';

export interface ChallengeInput {
  status: number;
  headers: Record<string, string>;
  html: string;
}

/**
 * Challenge and interstitial pages are short. Genuine policies run to thousands of characters, so a marker
 * only counts on a page this small: a privacy policy that mentions "access denied" is never flagged.
 */
const TINY_TEXT = 1500;
/** Login walls carry a form and some chrome, but still far less than a policy. */
const LOGIN_WALL_TEXT = 3000;

const CLOUDFLARE_TITLE = /^(just a moment\.*|attention required! \| cloudflare|please wait\.*)$|used cloudflare to restrict access/i;
// cf_chl_opt and friends appear only on challenge pages; the jsd beacon Cloudflare injects into normal
// pages (/cdn-cgi/challenge-platform/scripts/jsd/) is deliberately not a marker.
const CLOUDFLARE_MARKERS = /cf_chl_opt|cf-chl-|cf_chl_|challenge-error-text|cf-browser-verification|cf-challenge-running/i;
const AKAMAI_REFERENCE = /Reference\s*(?:&#32;|\s)*#\s*\d+\.[0-9a-f]+\.\d+/i;
const AKAMAI_TEXT = /you don'?t have permission to access|access denied/i;
const INCAPSULA_MARKERS = /_Incapsula_Resource|Incapsula incident ID|incapsula\.com\/incapsula/i;
const OTHER_VENDOR_MARKERS: Array<[RegExp, string]> = [
  [/captcha-delivery\.com|datadome/i, 'DataDome'],
  [/px-captcha|_pxAppId|perimeterx/i, 'PerimeterX'],
  [/awswaf|aws-waf-token/i, 'AWS WAF'],
];
const DENIED_TITLE =
  /^(access denied|access to this page has been denied\.?|403 forbidden|forbidden|request blocked|request unsuccessful\.?|blocked|are you a robot\??|verify you are (?:a )?human|human verification|security check|captcha|bot protection|unusual traffic)\b/i;
const DENIED_TEXT = /^(access denied|access forbidden|forbidden|request blocked|you have been blocked|sorry, you have been blocked)\b/i;
const DENIED_ANYWHERE = /access denied|access forbidden|forbidden|request blocked|been blocked/i;
const PASSWORD_FIELD = /<input\b[^>]*\btype\s*=\s*["']?password\b/i;
const LOGIN_TITLE = /\b(sign|log)[\s-]?in\b|\blogin\b|\bauthenticat/i;

function lowerKeys(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers)) out[key.toLowerCase()] = value;
  return out;
}

/**
 * Recognizes bot challenges, interstitials, "Access denied" pages served with any status, and login walls.
 * Pure: the replay path calls it on stored HTML with status 200. 429 is rate limiting, handled by retries,
 * so it is never reported here.
 */
export function detectChallenge(input: ChallengeInput): FailureInfo | undefined {
  const { status, html } = input;
  if (status === 429) return undefined;
  const headers = lowerKeys(input.headers);
  const statusNote = status === 200 ? '' : ` (HTTP ${status})`;
  const blocked = (what: string): FailureInfo => ({
    reason: 'blocked',
    message: `${what}${statusNote}: the site served a bot check instead of the document`,
    ...(status === 200 ? {} : { status }),
  });

  if (headers['cf-mitigated']?.toLowerCase() === 'challenge') return blocked('Cloudflare challenge (cf-mitigated)');

  const title = pageTitle(html);
  // Stripping a page to its text costs several copies of it: done only once some marker asks for it.
  let cachedText: string | undefined;
  const text = () => (cachedText ??= visibleText(html));
  const tiny = () => text().length < TINY_TEXT;
  const errorStatus = status === 403 || status === 503;

  if (CLOUDFLARE_TITLE.test(title) && (errorStatus || tiny())) return blocked(`Cloudflare interstitial "${title}"`);
  if (CLOUDFLARE_MARKERS.test(html) && (errorStatus || tiny())) return blocked('Cloudflare challenge page');
  if (AKAMAI_REFERENCE.test(html) && tiny() && (AKAMAI_TEXT.test(title) || AKAMAI_TEXT.test(text()))) {
    return blocked('Akamai "Access Denied" page');
  }
  if (INCAPSULA_MARKERS.test(html) && tiny()) return blocked('Imperva/Incapsula block page');
  for (const [marker, vendor] of OTHER_VENDOR_MARKERS) {
    if (marker.test(html) && tiny()) return blocked(`${vendor} bot check`);
  }
  if (DENIED_TITLE.test(title) && tiny()) return blocked(`Block page "${title}"`);
  if (DENIED_ANYWHERE.test(html) && text().length < 600 && DENIED_TEXT.test(text())) return blocked('"Access denied" page');
  if (PASSWORD_FIELD.test(html) && text().length < LOGIN_WALL_TEXT && (LOGIN_TITLE.test(title) || text().length < 600)) {
    return {
      reason: 'blocked',
      message: `Login wall${statusNote}: the page asks for a password instead of showing the document`,
      ...(status === 200 ? {} : { status }),
    };
  }
  return undefined;
}
