import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeContent, type Verdict } from '../../src/gate/index.ts';
import { extract, type ExtractInput } from '../../src/normalize/index.ts';

/**
 * The content rules, judged on what extraction saw, across the kinds of error pages these sites serve with a 200: framework error pages,
 * server and CDN error pages, client-side error boundaries inside the full site chrome, maintenance pages and empty
 * app shells. And the converse: real documents that merely talk about errors.
 */

const URL = 'https://www.anthropic.com/legal/privacy';
const header = `<header><a href="/">Anthropic</a><nav><ul>${Array.from({ length: 8 }, (_, i) => `<li><a href="/p${i}">Product ${i}</a></li>`).join('')}</ul></nav></header>`;
const footer = `<footer>${Array.from({ length: 5 }, (_, j) => `<div><h3>Section ${j}</h3><ul>${Array.from({ length: 10 }, (_, i) => `<li><a href="/f${j}${i}">Footer link number ${i} in ${j}</a></li>`).join('')}</ul></div>`).join('')}<p>© 2026 Anthropic PBC. All rights reserved.</p></footer>`;
const site = (title: string, main: string): string => `<html><head><title>${title}</title></head><body>${header}${main}${footer}</body></html>`;

function judged(body: string, input: Partial<ExtractInput> = {}): { verdict: Verdict; markdown: string } {
  const extraction = extract({ body, format: 'html', url: URL, doc: { id: 'p', remove: [] }, ...input });
  return { verdict: judgeContent({ ...extraction.signals, markdown: extraction.markdown }), markdown: extraction.markdown };
}

const reasonOf = (verdict: Verdict) => (verdict.kind === 'not-document' ? verdict.failure.reason : verdict.kind);

const ERROR_PAGES: Record<string, string> = {
  'Next.js client-side application error': readFileSync(join(import.meta.dirname, '../fixtures/pages/next-app-error.html'), 'utf8'),
  'Next.js server-side application error with a digest':
    '<html><head><title>Privacy Policy \\ Anthropic</title></head><body><div id="__next"><h2>Application error: a server-side exception has occurred (see the server logs for more information).</h2><p>Digest: 2354867812</p></div></body></html>',
  'Next.js 500 page': '<!DOCTYPE html><html><head><title>500: Internal Server Error</title></head><body><div id="__next"><div><h1 class="next-error-h1">500</h1><div><h2>Internal Server Error<!-- -->.</h2></div></div></div></body></html>',
  'nginx 500': '<html><head><title>500 Internal Server Error</title></head><body><center><h1>500 Internal Server Error</h1></center><hr><center>nginx</center></body></html>',
  'Cloudflare 502 (site name before the status)': `<html><head><title>anthropic.com | 502: Bad gateway</title></head><body><div id="cf-wrapper"><h1><span>Bad gateway</span> <span>Error code 502</span></h1><div>Visit <a href="https://www.cloudflare.com/5xx-error-landing">cloudflare.com</a> for more information.</div><div><h2>What happened?</h2><p>The web server reported a bad gateway error.</p><h2>What can I do?</h2><p>Please try again in a few minutes.</p></div><p>Cloudflare Ray ID: <strong>8a1b2c3d4e5f6a7b</strong> • Performance &amp; security by Cloudflare</p></div></body></html>`,
  '"Something went wrong" error boundary inside the site chrome, document title kept': site('Privacy Policy \\ Anthropic', `<main><h1>Something went wrong</h1><p>We're having trouble loading this page. Please try again later, or contact support if the problem continues for more than a few minutes.</p><button>Try again</button></main>`),
  '"Oops! Something went wrong." without a main landmark': site('Claude Help Center', '<div><h2>Oops! Something went wrong.</h2><p>Please refresh the page.</p></div>'),
  'help-center article not found': site('Claude Help Center', `<main><section><h1>We couldn't find the page you were looking for</h1><p>The article may have been moved or deleted. <a href="/en/">Go to the Help Center</a></p></section></main>`),
  '404 inside the site chrome': site('Page not found \\ Anthropic', '<main><h1>404</h1><p>This page could not be found.</p><a href="/">Back home</a></main>'),
  'maintenance page': `<html><head><title>Down for maintenance</title></head><body><div><h1>We&rsquo;ll be back soon!</h1><p>Sorry for the inconvenience. We&rsquo;re performing some maintenance at the moment. If you need to you can always contact us, otherwise we&rsquo;ll be back online shortly. We apologise for any trouble this causes you and thank you for your patience.</p><p>&mdash; The Team</p></div></body></html>`,
  'maintenance page inside the site chrome': site('Anthropic', '<main><h1>Scheduled maintenance</h1><p>Our site is currently undergoing scheduled maintenance to improve your experience. We expect to be back within a few hours. Thank you for your patience while we complete this work on our systems.</p></main>'),
  'empty Next.js app shell': '<!DOCTYPE html><html><head><title>Anthropic</title></head><body><div id="__next"></div><script src="/_next/static/chunks/main.js"></script></body></html>',
  'app shell showing a loading spinner': '<html><head><title>Trust Center</title></head><body><div id="root"><div role="progressbar" aria-label="Loading"></div><p>Loading…</p></div></body></html>',
  'empty React app shell': readFileSync(join(import.meta.dirname, '../fixtures/pages/app-shell.html'), 'utf8'),
};

const sentence = 'We process personal data to provide, maintain and improve the Services, and we keep it only as long as needed for those purposes.';
const DOCUMENTS: Record<string, string> = {
  'a long policy that mentions errors, "not found", outages and maintenance': site('Privacy Policy \\ Anthropic', `<main><h1>Privacy Policy</h1>
<p>${sentence} If you find an error in your personal data, you can ask us to correct it.</p>
<h2>Something went wrong with your request?</h2><p>If a record you ask for is not found, we will tell you within 30 days. ${sentence}</p>
<p>Logs of application errors and "500 Internal Server Error" responses are kept for 30 days. We may suspend the Services during scheduled maintenance. ${sentence}</p>
<p>${sentence} ${sentence} ${sentence}</p></main>`),
  'a short help article about an error message': site('Why do I see "Something went wrong"? | Claude Help Center', `<main><h1>Why do I see "Something went wrong"?</h1><p>This message appears when Claude cannot finish a reply, for example after a network interruption or when the service is busy. Wait a moment and try again. If it keeps happening, check the status page or contact support with the time it happened.</p></main>`),
  'a short article titled "Error messages"': site('Error messages | Claude Help Center', `<main><h1>Understanding error messages</h1><p>Claude shows an error message when a request cannot be completed. The message names the cause, for example a usage limit or a file that is too large, and says what you can do next. Most errors clear on their own after a short wait.</p></main>`),
};

describe('content rules', () => {
  for (const [name, body] of Object.entries(ERROR_PAGES)) {
    it(`flags ${name}`, () => {
      const { verdict, markdown } = judged(body);
      expect(['error-page', 'empty'], markdown).toContain(reasonOf(verdict));
    });
  }

  it('names error pages that say what they are as error pages, not as empty pages', () => {
    for (const name of [
      'Next.js client-side application error',
      'Cloudflare 502 (site name before the status)',
      '"Something went wrong" error boundary inside the site chrome, document title kept',
      'maintenance page',
      'maintenance page inside the site chrome',
    ]) {
      expect(reasonOf(judged(ERROR_PAGES[name]!).verdict), name).toBe('error-page');
    }
    expect(judged(ERROR_PAGES['Cloudflare 502 (site name before the status)']!).verdict).toMatchObject({
      failure: { message: 'the page is an error page ("anthropic.com | 502: Bad gateway")' },
    });
  });

  it('tells a near-empty page, a titled 404 and a policy apart', () => {
    const filler = 'This policy explains how we collect, use and share personal information when you use our services.';
    const page = (lead: string, main: string) => site('Privacy Policy | Example', `<main><h1>Privacy Policy</h1><p>${lead}</p>${main}</main>`);
    expect(reasonOf(judged(page('Short.', '')).verdict)).toBe('empty');
    expect(reasonOf(judged('<html><head><title>404 - Page not found</title></head><body><main><h1>Page not found</h1><p>Sorry.</p></main></body></html>').verdict)).toBe('error-page');
    expect(reasonOf(judged(page(filler, `<p>${filler}</p>`)).verdict)).toBe('document');
  });

  it('calls an empty app shell empty', () => {
    expect(reasonOf(judged(ERROR_PAGES['empty React app shell']!).verdict)).toBe('empty');
  });

  for (const [name, body] of Object.entries(DOCUMENTS)) {
    it(`does not flag ${name}`, () => {
      const { verdict, markdown } = judged(body);
      expect(verdict.kind, markdown).toBe('document');
      expect(markdown.length).toBeGreaterThan(200);
    });
  }
});

describe('content rules from extraction signals', () => {
  const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
  const base = { markdown: `# Privacy Policy\n\n${words(40)}\n`, pageText: words(40), pageTitle: 'Privacy Policy', rootFound: true, selectorConfigured: false };
  it.each([
    ['a policy of some length', {}, 'document'],
    ['no content root', { rootFound: false, markdown: '' }, 'empty'],
    ['no content root where selectors are configured', { rootFound: false, markdown: '', selectorConfigured: true }, 'selector-missing'],
    ['fewer than 25 words', { markdown: words(24) }, 'empty'],
    ['25 words', { markdown: words(25) }, 'document'],
    ['the application-error message anywhere on the page', { pageText: `${words(400)} Application error: a client-side exception has occurred` }, 'error-page'],
    ['an error title over little text', { pageTitle: '404 - Page not found' }, 'error-page'],
    ['an error title over a long text (a policy titled oddly is still the policy)', { pageTitle: 'Not found', markdown: words(150) }, 'document'],
    ['an error heading', { markdown: `# Something went wrong\n\n${words(40)}` }, 'error-page'],
    ['a question about an error', { markdown: `# Why do I see "Something went wrong"?\n\n${words(40)}` }, 'document'],
  ] as const)('%s', (_name, change, expected) => {
    expect(reasonOf(judgeContent({ ...base, ...change }))).toBe(expected);
  });

  it('judges a text body (PDF) by its words', () => {
    const short = extract({ body: 'Data Processing Addendum\n\nShort.', format: 'text', url: 'https://example.com/dpa.pdf', doc: { id: 'p', remove: [] } });
    expect(reasonOf(judgeContent({ ...short.signals, markdown: short.markdown }))).toBe('empty');
    const empty = extract({ body: '  \n', format: 'text', url: 'https://example.com/dpa.pdf', doc: { id: 'p', remove: [] } });
    expect(judgeContent({ ...empty.signals, markdown: empty.markdown })).toMatchObject({ failure: { reason: 'empty', message: 'the page has no content' } });
  });

  it('reports a selector that matches nothing, when the default rules find nothing either', () => {
    const { verdict } = judged('<html><body><div></div></body></html>', { doc: { id: 'p', select: ['#missing'], remove: [] } });
    expect(reasonOf(verdict)).toBe('selector-missing');
  });
});
