import type { FailureInfo } from '../shared/failure.ts';
import type { ResponseRule, ResponseView } from './page.ts';
import { notDocument, type ResponseVerdict } from './verdict.ts';

/**
 * Challenge and interstitial pages are short. Genuine policies run to thousands of characters, so a marker
 * only counts on a page this small: a privacy policy that mentions "access denied" is never flagged.
 */
const TINY_TEXT = 1500;
/** "Access denied" pages say little else. */
const DENIED_TEXT_MAX = 600;
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

const statusNote = (page: ResponseView) => (page.status === 200 ? '' : ` (HTTP ${page.status})`);
const tiny = (page: ResponseView) => !page.textReaches(TINY_TEXT);
// CDNs serve their challenges with these statuses: there a marker counts whatever the page size.
const challengeStatus = (page: ResponseView) => page.status === 403 || page.status === 503;

/**
 * A bot check. Over plain HTTP a browser may still get through, so the page is undecided; a browser that meets
 * one is blocked for good.
 */
function botCheck(page: ResponseView, what: string): ResponseVerdict {
  const failure: FailureInfo = {
    reason: 'blocked',
    message: `${what}${statusNote(page)}: the site served a bot check instead of the document`,
    status: page.status,
  };
  return page.via === 'http' ? { kind: 'undecided', why: 'bot-block', failure } : notDocument(failure);
}

// Every rule that needs a small page compares the text length first: on a page of real size no marker is scanned.
export const WALL_RULES: readonly ResponseRule[] = [
  {
    id: 'cloudflare-header',
    description: 'Cloudflare says so in a header (cf-mitigated: challenge)',
    judge: (page) =>
      page.headers['cf-mitigated']?.toLowerCase() === 'challenge' ? botCheck(page, 'Cloudflare challenge (cf-mitigated)') : undefined,
  },
  {
    id: 'cloudflare-interstitial',
    description: 'a Cloudflare interstitial title ("Just a moment...") on a challenge status or a tiny page',
    judge: (page) =>
      CLOUDFLARE_TITLE.test(page.title()) && (challengeStatus(page) || tiny(page))
        ? botCheck(page, `Cloudflare interstitial "${page.title()}"`)
        : undefined,
  },
  {
    id: 'cloudflare-challenge',
    description: 'Cloudflare challenge markup on a challenge status or a tiny page',
    judge: (page) =>
      (challengeStatus(page) || tiny(page)) && CLOUDFLARE_MARKERS.test(page.html) ? botCheck(page, 'Cloudflare challenge page') : undefined,
  },
  {
    id: 'akamai-denied',
    description: 'a tiny Akamai "Access Denied" page with its reference number',
    judge: (page) =>
      tiny(page) && AKAMAI_REFERENCE.test(page.html) && (AKAMAI_TEXT.test(page.title()) || AKAMAI_TEXT.test(page.text()))
        ? botCheck(page, 'Akamai "Access Denied" page')
        : undefined,
  },
  {
    id: 'incapsula',
    description: 'a tiny Imperva/Incapsula block page',
    judge: (page) => (tiny(page) && INCAPSULA_MARKERS.test(page.html) ? botCheck(page, 'Imperva/Incapsula block page') : undefined),
  },
  {
    id: 'vendor-bot-check',
    description: 'a tiny page carrying a bot-check vendor (DataDome, PerimeterX, AWS WAF)',
    judge: (page) => {
      if (!tiny(page)) return undefined;
      const vendor = OTHER_VENDOR_MARKERS.find(([marker]) => marker.test(page.html))?.[1];
      return vendor ? botCheck(page, `${vendor} bot check`) : undefined;
    },
  },
  {
    id: 'block-page-title',
    description: 'a tiny page titled as a block ("Access denied", "Are you a robot?", "Security check")',
    judge: (page) => (tiny(page) && DENIED_TITLE.test(page.title()) ? botCheck(page, `Block page "${page.title()}"`) : undefined),
  },
  {
    id: 'access-denied',
    description: 'a very short page that opens with "Access denied" or "You have been blocked"',
    judge: (page) =>
      !page.textReaches(DENIED_TEXT_MAX) && DENIED_ANYWHERE.test(page.html) && DENIED_TEXT.test(page.text())
        ? botCheck(page, '"Access denied" page')
        : undefined,
  },
  {
    id: 'login-wall',
    description: 'a short page asking for a password, titled as a sign-in or saying little else',
    judge: (page) => {
      if (page.textReaches(LOGIN_WALL_TEXT) || !PASSWORD_FIELD.test(page.html)) return undefined;
      if (!LOGIN_TITLE.test(page.title()) && page.textReaches(DENIED_TEXT_MAX)) return undefined;
      // A browser would meet the same wall: never worth a fallback.
      return notDocument({
        reason: 'blocked',
        message: `Login wall${statusNote(page)}: the page asks for a password instead of showing the document`,
        status: page.status,
      });
    },
  },
];
