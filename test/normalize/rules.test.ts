import { describe, expect, it } from 'vitest';
import { dropRelativeTimes, extract, normalizeUrl } from '../../src/normalize/index.ts';
import type { ExtractInput } from '../../src/normalize/index.ts';

/**
 * Extraction end to end, through every rule: what the rules do together on small pages. Each rule alone is tested
 * from data in test/normalize/rules/<rule-id>.yaml (rule-cases.test.ts).
 */

const URL_BASE = 'https://www.example.com/legal/privacy';
const filler = 'This policy explains how we collect, use and share personal information when you use our services.';

function page(main: string, extra = ''): string {
  return `<!DOCTYPE html><html><head><title>Privacy Policy | Example</title></head><body>
<header><a href="/">Example</a><nav><a href="/a">Products</a><a href="/b">Pricing</a></nav></header>
<main><h1>Privacy Policy</h1><p>${filler}</p>${main}</main>${extra}
<footer><a href="/terms">Terms</a> © 2026 Example Inc.</footer></body></html>`;
}

function md(body: string, doc: Partial<ExtractInput['doc']> = {}): string {
  return extract({ body, format: 'html', url: URL_BASE, doc: { id: 'p', remove: [], ...doc } }).markdown;
}

describe('extraction rules', () => {
  it('drops scripts, styles, inline payloads, nonces, classes, ids and data attributes', () => {
    const a = md(page('<p class="x_1a" id="r1" data-k="1">Kept text.</p><script nonce="n1">var a=1</script>',
      '<script id="__NEXT_DATA__">{"a":1}</script><style>.x{}</style>'));
    const b = md(page('<p class="y_9z" id="r2" data-k="2">Kept text.</p><script nonce="n2">var b=2</script>',
      '<script>self.__next_f.push([1,"x"])</script>'));
    expect(a).toBe(b);
    expect(a).toContain('Kept text.');
    expect(a).not.toMatch(/var a|__NEXT|class|nonce/);
  });

  it('keeps headings, lists, tables and links as Markdown with absolute targets', () => {
    const out = md(page(`<h2>Sharing</h2><ul><li>One</li><li>Two<ol><li>Nested</li></ol></li></ul>
<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2 | 3</td></tr></table><p>See <a href="/cookies">our cookie notice</a>.</p>`));
    expect(out).toContain('## Sharing\n\n- One\n- Two\n  1. Nested');
    expect(out).toContain('| A | B |\n| --- | --- |\n| 1 | 2 \\| 3 |');
    expect(out).toContain('[our cookie notice](https://www.example.com/cookies)');
  });

  it('strips tracking parameters and rotating redirect tokens from links', () => {
    expect(normalizeUrl('/x?utm_source=a&utm_medium=b&id=7&gclid=z', URL_BASE)).toBe('https://www.example.com/x?id=7');
    expect(normalizeUrl('https://t.example.com/redirect/website.v1.0f8e2c4a-1b2c-4d5e-8f90-1a2b3c4d5e6f/https%3A%2F%2Fwww.example.com%2Fdpa', URL_BASE))
      .toBe('https://www.example.com/dpa');
    expect(normalizeUrl('https://t.example.com/redirect/website.v1.0f8e2c4a-1b2c-4d5e-8f90-1a2b3c4d5e6f/dpa', URL_BASE))
      .toBe('https://t.example.com/redirect/dpa');
    expect(normalizeUrl('#section-2', URL_BASE)).toBeUndefined();
    expect(normalizeUrl('javascript:void(0)', URL_BASE)).toBeUndefined();
  });

  it('drops relative times and <time> variants, keeping the absolute date as metadata', () => {
    expect(dropRelativeTimes('Updated over a week ago').trim()).toBe('');
    expect(dropRelativeTimes('Updated in the last hour').trim()).toBe('');
    const a = extract({ body: page('<p><span>Updated over a week ago</span></p><p><time datetime="2026-01-02">3 days ago</time></p>',
      '<script>{"lastUpdatedDate":"2026-01-02"}</script>'), format: 'html', url: URL_BASE, doc: { id: 'p', remove: [] } });
    const b = extract({ body: page('<p><span>Updated 2 weeks ago</span></p>'), format: 'html', url: URL_BASE, doc: { id: 'p', remove: [] } });
    expect(a.markdown).toBe(b.markdown);
    expect(a.markdown).not.toMatch(/ago|Updated/);
    expect(a.effectiveDate).toBe('2026-01-02');
  });

  it('turns a rule off for a document that disables it, and only that rule', () => {
    const body = page('<p><span>Updated over a week ago</span></p><p>Effective February 24, 2025</p>');
    expect(md(body)).not.toContain('ago');
    const kept = md(body, { disable: ['relative-times'] });
    expect(kept).toContain('Updated over a week ago');
    expect(kept).toContain('Effective 2025-02-24');
  });

  it('drops chrome: breadcrumbs, related articles, feedback, language pickers, cookie banners, copy buttons', () => {
    const out = md(page(`<nav aria-label="Breadcrumb"><a href="/">All Collections</a></nav>
<div><button>Copy for LLM</button></div>
<section><div>Related Articles</div><a href="/r1">Other article one</a><a href="/r2">Other article two</a></section>
<fieldset><legend>Did this answer your question?</legend><button>😞</button></fieldset>
<select aria-label="Change language"><option>English</option><option>Français</option></select>`,
    '<div class="cookie-banner">We use cookies. <a href="/cookies">Accept</a></div><aside class="sidebar"><a href="/x">Another page</a></aside>'));
    expect(out).toBe(`# Privacy Policy\n\n${filler}\n`);
  });

  it('reads content hidden from first view: accordions, tabs and paginated rows', () => {
    const out = md(page(`<details><summary>Retention</summary><p>We keep logs for 30 days.</p></details>
<div><button aria-expanded="false" aria-controls="p1">Deletion</button><div id="p1" hidden><p>Deleted within 30 days.</p></div></div>
<div role="tablist"><button role="tab" id="t1" aria-controls="tp1">Free</button><button role="tab" id="t2" aria-controls="tp2">Team</button></div>
<div role="tabpanel" id="tp1" aria-labelledby="t1"><p>Free plan text.</p></div><div role="tabpanel" id="tp2" aria-labelledby="t2" hidden><p>Team plan text.</p></div>
<table><tr><th>Name</th></tr><tr><td>Row one</td></tr><tr style="display:none"><td>Row two</td></tr></table>`));
    expect(out).toContain('**Retention**\n\nWe keep logs for 30 days.');
    expect(out).toContain('**Deletion**\n\nDeleted within 30 days.');
    expect(out).toContain('**Free**\n\nFree plan text.\n\n**Team**\n\nTeam plan text.');
    expect(out).toContain('| Row two |');
  });

  it('finds the main content without landmarks by text density', () => {
    const body = `<html><body><div class="top"><a href="/">Home</a> <a href="/b">Blog</a></div>
<div class="wrap"><div class="c"><h1>Terms</h1><p>${filler}</p><p>${filler} Second paragraph.</p></div></div>
<div class="bottom"><a href="/x">Careers</a></div></body></html>`;
    expect(md(body)).toBe(`# Terms\n\n${filler}\n\n${filler} Second paragraph.\n`);
  });

  it('uses the configured selector, applies remove, and falls back to the defaults when select matches nothing', () => {
    const body = page('<div class="policy"><p>Selected text that is long enough to count as the whole document for this test, with more words.</p><p class="ad">Advert</p></div>');
    const chosen = extract({ body, format: 'html', url: URL_BASE, doc: { id: 'p', select: ['.policy'], remove: ['.ad'] } });
    expect(chosen.markdown).toBe('Selected text that is long enough to count as the whole document for this test, with more words.\n');
    expect(chosen.selectorFallback).toBe(false);
    const fallback = extract({ body, format: 'html', url: URL_BASE, doc: { id: 'p', select: ['#missing'], remove: [] } });
    expect(fallback.selectorFallback).toBe(true);
    expect(fallback.markdown).toContain('# Privacy Policy');
  });

  it('detects the effective date from text and from embedded page data', () => {
    const fromText = extract({ body: page('<p>Last updated: March 3, 2026</p>'), format: 'html', url: URL_BASE, doc: { id: 'p', remove: [] } });
    expect(fromText.effectiveDate).toBe('2026-03-03');
    const fromData = extract({ body: page('', '<script>self.__next_f.push([1,"{\\"_updatedAt\\":\\"2026-05-01T00:00:00Z\\",\\"effectiveDate\\":\\"2025-02-24T08:00:00.000Z\\"}"])</script>'),
      format: 'html', url: URL_BASE, doc: { id: 'p', remove: [] } });
    expect(fromData.effectiveDate).toBe('2025-02-24');
  });

  it('turns plain text (PDF) into paragraphs', () => {
    const text = 'Data Processing Addendum\n\nEffective  February 24, 2025.\nThis   addendum\napplies to customers.\n\n\n1. Definitions apply throughout.';
    const out = extract({ body: text, format: 'text', url: 'https://example.com/dpa.pdf', doc: { id: 'p', remove: [] } });
    expect(out.markdown).toBe('Data Processing Addendum\n\nEffective 2025-02-24. This addendum applies to customers.\n\n1. Definitions apply throughout.\n');
    expect(out.effectiveDate).toBe('2025-02-24');
  });

  it('treats an invalid configured selector as matching nothing', () => {
    const out = extract({ body: page(`<p>${filler}</p>`), format: 'html', url: URL_BASE, doc: { id: 'p', select: ['div[[['], remove: ['<<'] } });
    expect(out.selectorFallback).toBe(true);
    expect(out.markdown).toContain('# Privacy Policy');
  });

  it('keeps the title when a layout moves the h1 out of the content container', () => {
    const article = `<p>${filler}</p><p>${filler} More words here to make the article longer than its sidebar.</p>`;
    const inside = `<html><body><main><h1>Data retention</h1>${article}</main></body></html>`;
    const near = `<html><body><div><div class="hero"><h1>Data retention</h1><p>Updated over a week ago</p></div>
<main>${article}</main></div></body></html>`;
    expect(md(near)).toBe(md(inside));
    const promo = 'Claude helps you think, write and build. Try it free on web, desktop and mobile. '.repeat(5);
    const far = `<html><body><div><div class="hero"><h1>Data retention</h1><p>${promo}</p></div>
<main>${article}</main></div></body></html>`;
    expect(md(far)).toBe(md(inside));
  });
});

describe('generality rules found by the noise-robustness suite', () => {
  it('strips session ids, unwraps nested tracking redirects, and decodes Cloudflare links that carry a query', () => {
    expect(normalizeUrl('/legal/terms;jsessionid=A1B2C3?utm_source=x', URL_BASE)).toBe('https://www.example.com/legal/terms');
    expect(normalizeUrl('/x?id=7&PHPSESSID=abc&sessionid=9', URL_BASE)).toBe('https://www.example.com/x?id=7');
    const inner = 'https://links.example.com/redirect/website.v1.0f8e2c4a-1b2c-4d5e-8f90-1a2b3c4d5e6f/https%3A%2F%2Fwww.example.com%2Fdpa';
    expect(normalizeUrl(`https://t.example.net/redirect/website.v1.1a2b3c4d-0000-4000-8000-000000000000/${encodeURIComponent(inner)}`, URL_BASE))
      .toBe('https://www.example.com/dpa');
    expect(normalizeUrl('/cdn-cgi/l/email-protection?utm_source=x#4226322d02273a232f322e276c212d2f', URL_BASE)).toBe('mailto:dpo@example.com');
  });

  it('drops a dismissible announcement bar before choosing the content root', () => {
    const body = `<html><body><div><p>Introducing our newest model. <a href="/news">Read more</a></p><button aria-label="Dismiss">×</button></div>
<div><div><h2>Subprocessors</h2><p>${filler}</p><p>${filler} More.</p></div><div><span>Powered by Vendor</span></div></div></body></html>`;
    const out = md(body);
    expect(out).not.toMatch(/Introducing|Powered by/);
    expect(out).toContain('## Subprocessors');
  });

});

describe('control characters from page text', () => {
  it('never reach the stored text or title, whether raw or entity-encoded', () => {
    const html = `<html><head><title>Terms&#27;]0;pwned&#7;</title></head><body><main><h1>Terms</h1>
      <p>Normal text \u202Eevil reordering\u202C and an escape &#27;[31mred&#27;[0m here, long enough to count as content for the extractor.</p>
      <p>A second paragraph so that the page has a real body of policy text in it, as documents do.</p></main></body></html>`;
    const result = extract({ body: html, format: 'html', url: 'https://example.com/t', doc: { id: 't', remove: [] } });
    expect(result.markdown).toContain('Normal text');
    // eslint-disable-next-line no-control-regex -- asserting that control characters are gone
    expect(result.markdown).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e]/);
    // eslint-disable-next-line no-control-regex -- asserting that control characters are gone
    expect(result.title ?? '').not.toMatch(/[\u0000-\u001f]/);
  });
});

/** Real policy text in shapes that look like chrome: every rule that drops blocks must leave these alone. */
describe('real content survives chrome rules', () => {
  const vendors = ['Amazon Web Services', 'Google Cloud Platform', 'Microsoft Azure', 'Stripe', 'Twilio', 'Zendesk', 'Salesforce'];
  const vendorLinks = vendors.map((v, i) => `<a href="https://vendor${i}.example.net/privacy">${v}</a>`);

  it('keeps a sub-processor list made only of links to the vendors', () => {
    const out = md(page(`<h2>Sub-processors</h2><p>We share personal data with the following sub-processors:</p>
<ul>${vendorLinks.map((a) => `<li>${a}</li>`).join('')}</ul><h2>Retention</h2><p>${filler}</p><p>${filler}</p>`));
    for (const v of vendors) expect(out).toContain(`[${v}]`);
  });

  it('keeps a sub-processor list of same-site links introduced by a sentence ending in a colon', () => {
    const same = vendors.map((v, i) => `<li><a href="/legal/subprocessors/${i}">${v}</a></li>`).join('');
    const out = md(page(`<h2>Sub-processors</h2><p>We use these sub-processors:</p><ul>${same}</ul><p>${filler}</p><p>${filler}</p>`));
    for (const v of vendors) expect(out).toContain(`[${v}]`);
  });

  it('keeps an inline sentence of vendor links', () => {
    const out = md(page(`<p>Sub-processors: ${vendorLinks.join(', ')}.</p><p>${filler}</p><p>${filler}</p>`));
    for (const v of vendors) expect(out).toContain(`[${v}]`);
  });

  it('keeps every section after a table of contents (the contents list itself may go)', () => {
    const names = ['Scope', 'Data we collect', 'How we use data', 'Sharing', 'Retention', 'Your rights', 'Contact'];
    const toc = `<ul>${names.map((n, i) => `<li><a href="#s${i}">${n}</a></li>`).join('')}</ul>`;
    const sections = names.map((n, i) => `<h2 id="s${i}">${n}</h2><p>Section ${i} says: ${filler}</p>`).join('');
    const out = md(page(`${toc}${sections}`));
    names.forEach((n, i) => {
      expect(out).toContain(`## ${n}`);
      expect(out).toContain(`Section ${i} says:`);
    });
  });

  it('keeps a cookie-policy paragraph about consent that carries a "Cookie settings" button', () => {
    const text = 'We use cookies only with your consent, and you can withdraw your consent at any time from the cookie settings.';
    const out = md(page(`<h2>Managing cookies</h2><p>${text} <button>Cookie settings</button></p><p>${filler}</p>`));
    expect(out).toContain(text);
    expect(out).toContain('## Managing cookies');
  });

  it('keeps a cookie-policy section inside the content that carries accept and reject buttons', () => {
    const text = 'Analytics cookies measure how the service is used; they are set only after you give consent.';
    const out = md(page(`<section><h2>Your cookie choices</h2><p>${text}</p><button>Accept analytics cookies</button> <button>Reject analytics cookies</button></section><p>${filler}</p>`));
    expect(out).toContain(text);
    expect(out).toContain('## Your cookie choices');
  });

  it('keeps sentences that start with "Updated" or use "ago" as a normal word', () => {
    const sentences = [
      'Updated terms apply to all accounts created after the effective date.',
      'We may keep the data you provided two years ago if the law requires it.',
      'Content you posted three years ago stays visible until you delete it.',
      'Accounts that were last active more than 2 years ago are deleted.',
    ];
    const out = md(page(sentences.map((s) => `<p>${s}</p>`).join('')));
    for (const s of sentences) expect(out).toContain(s);
    expect(dropRelativeTimes('the data you provided two years ago')).toBe('the data you provided two years ago');
    // A stamp on its own, or after a byline separator, still goes.
    expect(dropRelativeTimes('Written by Support · Updated 4 days ago')).toBe('Written by Support');
  });

  it('keeps all rows of a 40-row sub-processor table split into pages by script', () => {
    const rows = Array.from({ length: 40 }, (_, i) =>
      `<tr${i >= 10 ? ` hidden style="display:none" class="page-${Math.floor(i / 10) + 1}"` : ''}><td>Vendor ${i + 1}</td><td>Hosting</td><td>United States</td></tr>`).join('');
    const out = md(page(`<h2>Sub-processors</h2><table><thead><tr><th>Name</th><th>Purpose</th><th>Location</th></tr></thead><tbody>${rows}</tbody></table>
<div class="pagination"><button>Previous</button><span>Page 1 of 4</span><button>Next</button></div><p>${filler}</p>`));
    for (let i = 1; i <= 40; i++) expect(out).toContain(`| Vendor ${i} | Hosting | United States |`);
    expect(out).not.toContain('Page 1 of 4');
  });

  it('keeps all rows of a table whose pages are separate hidden tables', () => {
    const table = (from: number, hidden: boolean): string =>
      `<table${hidden ? ' hidden aria-hidden="true"' : ''}><tr><th>Name</th><th>Purpose</th></tr>${Array.from({ length: 10 }, (_, i) => `<tr><td>Vendor ${from + i}</td><td>Support</td></tr>`).join('')}</table>`;
    const out = md(page(`<h2>Sub-processors</h2>${table(1, false)}${table(11, true)}${table(21, true)}${table(31, true)}<p>${filler}</p>`));
    for (let i = 1; i <= 40; i++) expect(out).toContain(`| Vendor ${i} | Support |`);
  });

  it('keeps policy sections whose anchor ids or classes read like chrome names (cookies, share, related, social)', () => {
    const sections = [
      ['section id="cookies"', 'Cookies', 'We set cookies to keep you signed in and to remember your preferences for one year.'],
      ['div id="share"', 'How we share data', 'We share data with service providers that process it on our behalf and under contract.'],
      ['div class="related-parties"', 'Related parties', 'Our affiliates receive personal data under intra-group data transfer agreements.'],
    ];
    const out = md(page(`${sections.map(([tag, h, p]) => `<${tag}><h2>${h}</h2><p>${p}</p></${tag!.split(' ')[0]}>`).join('')}
<h2 id="social-media">Social media</h2><p>When you interact with our social media pages, the platform receives your data.</p>
<div class="sidebar-note"><p>Residents of the European Economic Area have additional rights under the GDPR, described in the section on your rights below, including the right to object to processing.</p></div>
<p>${filler}</p><p>${filler}</p><p>${filler}</p>`));
    for (const [, h, p] of sections) expect(out).toContain(`## ${h}\n\n${p}`);
    expect(out).toContain('## Social media');
    expect(out).toContain('Residents of the European Economic Area have additional rights');
  });

  it('keeps a policy section for AI agents (an agent block points to a machine-readable index; this one does not)', () => {
    const text = 'Agents that act on behalf of a user must identify themselves and follow these rules at all times.';
    const out = md(page(`<section><h2>For AI agents</h2><p>${text}</p></section><section><h2>Instructions for AI agents</h2><p>Agents must respect rate limits.</p></section>`));
    expect(out).toContain(`## For AI agents\n\n${text}`);
    expect(out).toContain('## Instructions for AI agents\n\nAgents must respect rate limits.');
  });

  it('keeps a prose callout in an <aside> and a section <header> inside the content', () => {
    const callout = 'we collect only the data we need to run the service, and we never sell it to anyone, including advertisers.';
    const out = md(page(`<aside><p><strong>In short:</strong> ${callout}</p></aside>
<header><h2>Summary of changes</h2><p>We changed retention periods and added a section about AI training data.</p></header>`,
    `<aside><h2>More help</h2><ul><li><a href="/a">Account</a></li><li><a href="/b">Billing</a></li></ul></aside>`));
    expect(out).toContain(`**In short:** ${callout}`);
    expect(out).toContain('## Summary of changes\n\nWe changed retention periods');
    expect(out).not.toContain('More help');
  });

  it('keeps tables and list items whose text reads like a widget phrase', () => {
    const out = md(page(`<table><tr><th>Data</th><th>Copies kept</th></tr><tr><td>Backups</td><td>2 of 3</td></tr><tr><td>Logs</td><td>Copy</td></tr></table>
<ul><li>Account data</li><li>Copy</li><li>Share</li></ul>`));
    expect(out).toContain('| Backups | 2 of 3 |\n| Logs | Copy |');
    expect(out).toContain('- Account data\n- Share');
  });

  it('keeps a sentence or list item that holds a popover with a close button (a definition, not a dismissible bar)', () => {
    const out = md(page(`<p>We process <span>personal data<span class="tip">Information about an identified person. <button aria-label="Close">×</button></span></span> only as described here.</p>
<ul><li>Updated terms for teams<button aria-label="Dismiss">x</button></li></ul>`));
    expect(out).toMatch(/We process personal data ?Information about an identified person\. only as described here\./);
    expect(out).toContain('- Updated terms for teams');
  });

  it('keeps an FAQ written as <details> elements, questions and answers', () => {
    const faq = [
      ['Do you sell personal data?', 'No. We do not sell personal data to third parties for money or other valuable consideration.'],
      ['How long do you keep chats?', 'We keep conversations for 30 days after you delete them, unless the law requires longer.'],
      ['Can I opt out of training?', 'Yes. You can turn off model training in your privacy settings at any time.'],
    ];
    const out = md(page(`<h2>FAQ</h2>${faq.map(([q, a]) => `<details><summary>${q}</summary><p>${a}</p></details>`).join('')}`));
    for (const [q, a] of faq) {
      expect(out).toContain(q);
      expect(out).toContain(a);
    }
  });
});
