import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeResponse, RESPONSE_RULES, type ResponseEvidence } from '../../src/gate/index.ts';
import { viewOf } from '../../src/gate/page.ts';

/**
 * The response rules, from data: each row is one response and what the gate must say of it, and which rule says it
 * (the first rule that applies decides).
 */

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '../fixtures/pages', name), 'utf8');

const policy = (extra: string, title = 'Privacy Policy | Example') => `<html><head><title>${title}</title>
<script src="/cdn-cgi/challenge-platform/scripts/jsd/main.js"></script>
<script src="/_Incapsula_Resource?SWJIYLWA=719d34d31c8e3a6e6fffd425f7e032f3"></script></head>
<body><nav><a href="/login">Log in</a></nav><main><h1>Privacy Policy</h1>
${'<p>We collect the information you give us when you create an account and use our services. '.repeat(30)}</p>
${extra}</main></body></html>`;

const CF_INTERSTITIAL = '<html><head><title>Just a moment...</title></head><body><script>window._cf_chl_opt={}</script></body></html>';
const AKAMAI = `<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY><H1>Access Denied</H1>
  You don't have permission to access "http&#58;&#47;&#47;www&#46;example&#46;com&#47;" on this server.<P>
  Reference&#32;&#35;18&#46;1c2d3e4f&#46;1700000000&#46;abcdef</BODY></HTML>`;
const LOGIN = `<html><head><title>Sign in - Example</title></head><body><form action="/session">
  <input name="email"><input type="password" name="password"><button>Sign in</button></form></body></html>`;
const SHELL = '<html><body><div id="root"></div><script src="/main.js"></script></body></html>';

type Expected = 'document' | 'bot-block' | 'blocked' | 'app-shell';
interface Row extends Partial<ResponseEvidence> {
  name: string;
  html: string;
  expected: Expected;
  /** The rule that decides (none for a document). */
  rule?: string;
  message?: RegExp;
}

const ROWS: Row[] = [
  { name: 'Cloudflare says so in a header', status: 403, headers: { 'CF-Mitigated': 'challenge' }, html: '', expected: 'bot-block', rule: 'cloudflare-header' },
  { name: 'Cloudflare interstitial served with 503', status: 503, html: CF_INTERSTITIAL, expected: 'bot-block', rule: 'cloudflare-interstitial', message: /^Cloudflare interstitial "Just a moment\.\.\." \(HTTP 503\)/ },
  { name: 'Cloudflare interstitial served with 200', html: CF_INTERSTITIAL, expected: 'bot-block', rule: 'cloudflare-interstitial' },
  { name: 'Cloudflare challenge markup on a 403, whatever the size', status: 403, html: policy('<div id="challenge-error-text">Enable JavaScript</div>', 'Example'), expected: 'bot-block', rule: 'cloudflare-challenge' },
  { name: 'the same challenge markup inside a full policy served with 200', html: policy('<div id="challenge-error-text">Enable JavaScript</div>'), expected: 'document' },
  { name: 'Akamai "Access Denied" with its reference', status: 403, html: AKAMAI.replace('&#35;', '#').replace(/&#46;/g, '.'), expected: 'bot-block', rule: 'akamai-denied' },
  { name: 'Akamai with entity-encoded dots: the title alone on a tiny page says it', html: AKAMAI, expected: 'bot-block', rule: 'block-page-title' },
  {
    name: 'Imperva/Incapsula block page',
    html: `<html><head><META NAME="robots" CONTENT="noindex,nofollow"></head><body>
      <iframe id="main-iframe" src="/_Incapsula_Resource?CWUDNSAI=9&xinfo=1" frameborder=0>
      Request unsuccessful. Incapsula incident ID: 123-456</iframe></body></html>`,
    expected: 'bot-block',
    rule: 'incapsula',
  },
  { name: 'DataDome check', html: '<html><body><script src="https://ct.captcha-delivery.com/c.js"></script><p>Please enable JS.</p></body></html>', expected: 'bot-block', rule: 'vendor-bot-check', message: /^DataDome bot check/ },
  { name: 'PerimeterX check', html: '<html><body><div id="px-captcha"></div></body></html>', expected: 'bot-block', rule: 'vendor-bot-check', message: /^PerimeterX/ },
  { name: 'a page titled "Are you a robot?"', html: '<html><head><title>Are you a robot?</title></head><body><p>Press and hold.</p></body></html>', expected: 'bot-block', rule: 'block-page-title' },
  { name: 'a generic "Access denied" page served with 200', html: '<html><body><h1>Access denied</h1><p>Your request was blocked.</p></body></html>', expected: 'bot-block', rule: 'access-denied' },
  { name: 'a login wall', html: LOGIN, expected: 'blocked', rule: 'login-wall', message: /^Login wall: the page asks for a password/ },
  { name: 'a login wall served with 401', status: 401, html: LOGIN, expected: 'blocked', rule: 'login-wall', message: /^Login wall \(HTTP 401\)/ },
  {
    name: 'a genuine policy that mentions access denied, log in and passwords',
    headers: { server: 'cloudflare' },
    html: policy(`<p>If access is denied, you may appeal. Access denied requests are logged.</p>
      <p>Log in to your account to download your data. Never share your password.</p>
      <form><input type="password" name="pw"></form>`),
    expected: 'document',
  },
  {
    name: 'a short, genuine help article about signing in',
    html: `<html><head><title>How to sign in</title></head><body><main><h1>How to sign in</h1>
      <p>Open the app and choose Sign in. Enter the email address you registered with.</p></main></body></html>`,
    expected: 'document',
  },
  { name: '429 is rate limiting, left to the retries', status: 429, html: '<html><head><title>Just a moment...</title></head><body></body></html>', expected: 'document' },
  { name: 'a plain 404 page is an error status, not a verdict', status: 404, html: '<html><head><title>404 Not Found</title></head><body><h1>Not Found</h1></body></html>', expected: 'document' },
  { name: 'an empty app shell', html: SHELL, expected: 'app-shell', rule: 'app-shell' },
  { name: 'a shell that pleads for JavaScript', html: '<body><noscript>Please enable JavaScript to continue.</noscript><script>boot()</script></body>', expected: 'app-shell', rule: 'app-shell' },
  { name: 'the React shell fixture', html: fixture('app-shell.html'), expected: 'app-shell', rule: 'app-shell' },
  {
    name: 'a server-rendered page with a root div and scripts',
    html: `<html><body><div id="root"><main><h1>Privacy</h1>${'<p>We process personal data lawfully.</p>'.repeat(20)}</main></div><script src="/hydrate.js"></script></body></html>`,
    expected: 'document',
  },
  { name: 'a mount point without scripts', html: '<html><body><div id="root"></div></body></html>', expected: 'document' },
  { name: 'the Next.js application-error page: an error, not a shell (the content rules name it)', html: fixture('next-app-error.html'), expected: 'document' },
  { name: 'a shell titled as a 404', html: SHELL.replace('<body>', '<head><title>404: This page could not be found</title></head><body>'), expected: 'document' },
  { name: 'a shell whose only heading names an error', html: SHELL.replace('<div id="root"></div>', '<div id="root"><h1>Page not found</h1></div>'), expected: 'document' },
  { name: 'a shell on an error status is an error status', status: 500, html: SHELL, expected: 'document' },
];

const BROWSER_ROWS: Row[] = [
  { name: 'a Cloudflare interstitial the browser met too', html: CF_INTERSTITIAL, expected: 'blocked', rule: 'cloudflare-interstitial' },
  { name: 'a login wall', html: LOGIN, expected: 'blocked', rule: 'login-wall' },
  { name: 'what still looks like a shell after the scripts ran (extraction finds it empty)', html: SHELL, expected: 'document' },
];

function evidence(row: Row, via: 'http' | 'browser'): ResponseEvidence {
  return { status: row.status ?? 200, headers: row.headers ?? {}, html: row.html, via };
}

function kindOf(verdict: ReturnType<typeof judgeResponse>): Expected {
  if (verdict.kind === 'undecided') return verdict.why;
  return verdict.kind === 'document' ? 'document' : 'blocked';
}

function firstRule(input: ResponseEvidence): string | undefined {
  if (input.status === 429) return undefined;
  const view = viewOf(input);
  return RESPONSE_RULES.find((rule) => rule.judge(view) !== undefined)?.id;
}

describe.each([
  ['plain HTTP', 'http', ROWS],
  ['a browser', 'browser', BROWSER_ROWS],
] as const)('response rules over %s', (_label, via, rows) => {
  it.each(rows.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const input = evidence(row, via);
    const verdict = judgeResponse(input);
    expect(kindOf(verdict)).toBe(row.expected);
    expect(firstRule(input)).toBe(row.rule);
    if (verdict.kind === 'not-document' || (verdict.kind === 'undecided' && verdict.why === 'bot-block')) {
      expect(verdict.failure).toMatchObject({ reason: 'blocked', status: input.status });
      if (row.message) expect(verdict.failure.message).toMatch(row.message);
    }
  });
});

describe('response rules', () => {
  it('have unique ids, a description each, and a row of their own above', () => {
    const ids = RESPONSE_RULES.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of RESPONSE_RULES) expect(rule.description.length).toBeGreaterThan(10);
    const decided = new Set([...ROWS, ...BROWSER_ROWS].map((row) => row.rule));
    expect(ids.filter((id) => !decided.has(id))).toEqual([]);
  });

  it('read header names in any case', () => {
    expect(judgeResponse({ status: 200, headers: { 'cf-mitigated': 'Challenge' }, html: '', via: 'http' }).kind).toBe('undecided');
    expect(judgeResponse({ status: 200, headers: { 'CF-MITIGATED': 'challenge' }, html: '', via: 'http' }).kind).toBe('undecided');
  });
});
