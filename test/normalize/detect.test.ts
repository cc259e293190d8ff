import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extract } from '../../src/normalize/index.ts';
import type { Extraction } from '../../src/normalize/index.ts';

/**
 * Not-the-document detection across the kinds of error pages these sites serve with a 200: framework error pages,
 * server and CDN error pages, client-side error boundaries inside the full site chrome, maintenance pages and empty
 * app shells. And the converse: real documents that merely talk about errors.
 */

const URL = 'https://www.anthropic.com/legal/privacy';
const header = `<header><a href="/">Anthropic</a><nav><ul>${Array.from({ length: 8 }, (_, i) => `<li><a href="/p${i}">Product ${i}</a></li>`).join('')}</ul></nav></header>`;
const footer = `<footer>${Array.from({ length: 5 }, (_, j) => `<div><h3>Section ${j}</h3><ul>${Array.from({ length: 10 }, (_, i) => `<li><a href="/f${j}${i}">Footer link number ${i} in ${j}</a></li>`).join('')}</ul></div>`).join('')}<p>© 2026 Anthropic PBC. All rights reserved.</p></footer>`;
const site = (title: string, main: string): string => `<html><head><title>${title}</title></head><body>${header}${main}${footer}</body></html>`;

function run(body: string): Extraction {
  return extract({ body, format: 'html', url: URL, doc: { id: 'p', remove: [] } });
}

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

describe('not-the-document detection', () => {
  for (const [name, body] of Object.entries(ERROR_PAGES)) {
    it(`flags ${name}`, () => {
      const result = run(body);
      expect(result.notDocument, result.markdown).toBeDefined();
      expect(['error-page', 'empty']).toContain(result.notDocument?.reason);
    });
  }

  it('names error pages that say what they are as error pages, not as empty pages', () => {
    for (const name of ['Cloudflare 502 (site name before the status)', '"Something went wrong" error boundary inside the site chrome, document title kept', 'maintenance page', 'maintenance page inside the site chrome']) {
      expect(run(ERROR_PAGES[name]!).notDocument?.reason, name).toBe('error-page');
    }
  });

  for (const [name, body] of Object.entries(DOCUMENTS)) {
    it(`does not flag ${name}`, () => {
      const result = run(body);
      expect(result.notDocument, result.markdown).toBeUndefined();
      expect(result.markdown.length).toBeGreaterThan(200);
    });
  }
});
