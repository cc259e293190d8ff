import { htmlText } from '../untrusted/index.ts';
import type { Follow } from '../notify/email/subscribers/schema.ts';
import { STATUS_PAGE_CSS } from '../status/index.ts';

/**
 * serve's HTML pages: plain forms that work without JavaScript, one external stylesheet (the CSP allows no inline
 * style or script), labels on every control, landmarks, visible focus, and a layout that fits a 320 px screen.
 * Every piece of text from config or pages is escaped here.
 */

export const SITE_CSS = `${STATUS_PAGE_CSS}
.skip { position: absolute; left: -999rem; }
.skip:focus { left: 1rem; top: 0.5rem; background: var(--bg); padding: 0.5rem; z-index: 1; }
a:focus-visible, button:focus-visible, input:focus-visible, summary:focus-visible, textarea:focus-visible {
  outline: 3px solid #0969da; outline-offset: 2px; }
form { margin: 1rem 0; }
label { display: block; font-weight: 600; margin: 0.75rem 0 0.25rem; }
input[type="email"] { width: 100%; max-width: 28rem; font: inherit; padding: 0.55rem 0.6rem; border: 1px solid var(--muted);
  border-radius: 6px; background: var(--bg); color: var(--fg); }
fieldset { border: 1px solid var(--line); border-radius: 6px; margin: 1rem 0; padding: 0.5rem 0.9rem 0.8rem; min-width: 0; }
legend { font-weight: 600; padding: 0 0.3rem; }
.choice { display: flex; gap: 0.5rem; align-items: flex-start; margin: 0.45rem 0; font-weight: normal; }
.choice input { margin-top: 0.3rem; width: 1.1rem; height: 1.1rem; flex: none; }
.choices { columns: 2 16rem; column-gap: 1.5rem; }
.choices .choice { break-inside: avoid; }
button { font: inherit; font-weight: 600; padding: 0.6rem 1.1rem; border-radius: 6px; border: 1px solid #1f6feb;
  background: #0969da; color: #fff; cursor: pointer; min-height: 2.75rem; }
button.secondary { background: var(--bg); color: var(--fg); border-color: var(--muted); }
.hint { color: var(--muted); font-size: 0.9rem; margin: 0.25rem 0; }
.error { border: 1px solid var(--bad); border-left-width: 4px; border-radius: 6px; padding: 0.5rem 0.8rem; margin: 1rem 0; }
.notice { border: 1px solid var(--ok); border-left-width: 4px; border-radius: 6px; padding: 0.5rem 0.8rem; margin: 1rem 0; }
.trap { position: absolute; left: -999rem; width: 1px; height: 1px; overflow: hidden; }
pre { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: 0.75rem; overflow-x: auto;
  font-size: 0.85rem; white-space: pre-wrap; overflow-wrap: anywhere; }
body > footer { margin: 2rem max(1rem, calc((100% - 50rem) / 2)) 1rem; }
details { margin: 1rem 0; }
summary { cursor: pointer; font-weight: 600; }
`;

export type Section = 'status' | 'subscribe' | 'feeds' | 'none';

export interface SiteInfo {
  title: string;
  guideUrl?: string;
}

export function siteNav(current: Section) {
  return [
    { href: '/', label: 'Status', current: current === 'status' },
    { href: '/subscribe', label: 'Get email alerts', current: current === 'subscribe' },
    { href: '/feed.xml', label: 'Atom feed', current: current === 'feeds' },
  ];
}

export function layout(site: SiteInfo, page: { title: string; section: Section; body: string }): string {
  const nav = siteNav(page.section)
    .map((n) => `<li><a href="${n.href}"${n.current ? ' aria-current="page"' : ''}>${htmlText(n.label)}</a></li>`)
    .join('');
  const guide = site.guideUrl ? ` · <a href="${htmlText(site.guideUrl)}">The guide</a>` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${htmlText(page.title)} · ${htmlText(site.title)}</title>
<link rel="stylesheet" href="/assets/site.css">
<link rel="alternate" type="application/atom+xml" title="${htmlText(site.title)}: all alerts" href="/feed.xml">
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site-nav"><nav aria-label="Site"><ul>${nav}</ul></nav></header>
<main id="main">
${page.body}
</main>
<footer><p>${htmlText(site.title)}${guide} · <a href="/claims.json">claims.json</a> · <a href="/feed.xml">Atom feed</a></p></footer>
</body>
</html>
`;
}

export interface FollowOptions {
  documents: readonly { id: string; title: string }[];
  topics: readonly string[];
}

const checked = (on: boolean) => (on ? ' checked' : '');

function followFields(options: FollowOptions, follow: Follow): string {
  const some = follow.kind === 'some';
  const docs = options.documents
    .map(
      (d) =>
        `<label class="choice"><input type="checkbox" name="doc" value="${htmlText(d.id)}"${checked(some && follow.docs.includes(d.id))}><span>${htmlText(d.title)}</span></label>`,
    )
    .join('');
  const topics = options.topics
    .map((t) => `<label class="choice"><input type="checkbox" name="topic" value="${htmlText(t)}"${checked(some && (follow.topics as string[]).includes(t))}><span>${htmlText(t)}</span></label>`)
    .join('');
  return `<fieldset>
<legend>What to hear about</legend>
<label class="choice"><input type="radio" name="follow" value="all"${checked(!some)}><span>Every change to every page we watch</span></label>
<label class="choice"><input type="radio" name="follow" value="some"${checked(some)}><span>Only the pages and topics I tick below</span></label>
</fieldset>
<details${some ? ' open' : ''}>
<summary>Pages and topics</summary>
<fieldset><legend>Pages</legend><div class="choices">${docs}</div></fieldset>
<fieldset><legend>Topics</legend><div class="choices">${topics}</div></fieldset>
</details>`;
}

export function subscribePage(
  site: SiteInfo,
  input: { formToken: string; options: FollowOptions; publicUrl: string; error?: string; email?: string; follow?: Follow },
): string {
  const snippet = `<form method="post" action="${input.publicUrl}/subscribe">
  <label for="policywatch-email">Get one email when these policies change</label>
  <input id="policywatch-email" name="email" type="email" required autocomplete="email">
  <input name="website" tabindex="-1" autocomplete="off" aria-hidden="true" hidden>
  <button type="submit">Notify me</button>
</form>`;
  const error = input.error ? `<div class="error" role="alert"><p>${htmlText(input.error)}</p></div>` : '';
  return layout(site, {
    title: 'Get email alerts',
    section: 'subscribe',
    body: `<h1>Get an email when a policy changes</h1>
<p>We watch the privacy policies, terms and help pages the guide quotes. When one really changes, you get one email saying what changed. Nothing else, and you can leave with one click.</p>
${error}<form method="post" action="/subscribe" novalidate>
<input type="hidden" name="form" value="${htmlText(input.formToken)}">
<label for="email">Your email address</label>
<input id="email" name="email" type="email" required autocomplete="email" inputmode="email" aria-describedby="email-hint"${input.email ? ` value="${htmlText(input.email)}"` : ''}${input.error ? ' aria-invalid="true"' : ''}>
<p class="hint" id="email-hint">We send a confirmation link first. Nothing is sent until you confirm.</p>
<div class="trap" aria-hidden="true"><label for="website">Leave this empty</label><input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
${followFields(input.options, input.follow ?? { kind: 'all' })}
<button type="submit">Send me the confirmation link</button>
</form>
<section aria-labelledby="embed-heading">
<h2 id="embed-heading">Put this form on your own page</h2>
<p>A guide can paste this plain HTML form; it posts here and works without JavaScript. Its site must be listed in <code>serve.allowedOrigins</code>.</p>
<pre><code>${htmlText(snippet)}</code></pre>
</section>`,
  });
}

export function messagePage(site: SiteInfo, page: { title: string; lines: string[]; tone?: 'notice' | 'error'; extra?: string }): string {
  const box = page.tone ? `<div class="${page.tone}"${page.tone === 'error' ? ' role="alert"' : ''}>` : '<div>';
  return layout(site, {
    title: page.title,
    section: 'none',
    body: `<h1>${htmlText(page.title)}</h1>\n${box}${page.lines.map((l) => `<p>${htmlText(l)}</p>`).join('')}</div>\n${page.extra ?? ''}`,
  });
}

export function unsubscribePage(site: SiteInfo, token: string): string {
  const action = `/unsubscribe?token=${encodeURIComponent(token)}`;
  return layout(site, {
    title: 'Unsubscribe',
    section: 'none',
    body: `<h1>Stop the email alerts?</h1>
<p>Press the button and this address gets no more alerts. Nothing else is needed.</p>
<form method="post" action="${htmlText(action)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>
<p class="hint">Only want some of them? <a href="/preferences?token=${htmlText(encodeURIComponent(token))}">Choose what you follow</a> instead.</p>`,
  });
}

export function preferencesPage(site: SiteInfo, input: { token: string; formToken: string; follow: Follow; options: FollowOptions; saved?: boolean; error?: string }): string {
  const action = `/preferences?token=${encodeURIComponent(input.token)}`;
  const saved = input.saved ? '<div class="notice" role="status"><p>Saved. The next alerts follow these choices.</p></div>' : '';
  const error = input.error ? `<div class="error" role="alert"><p>${htmlText(input.error)}</p></div>` : '';
  return layout(site, {
    title: 'Your alert choices',
    section: 'none',
    body: `<h1>Choose what you hear about</h1>
${saved}${error}<form method="post" action="${htmlText(action)}">
<input type="hidden" name="form" value="${htmlText(input.formToken)}">
${followFields(input.options, input.follow)}
<button type="submit">Save my choices</button>
</form>
<p class="hint">Or <a href="/unsubscribe?token=${htmlText(encodeURIComponent(input.token))}">stop all alerts</a>.</p>`,
  });
}
