import { createHash } from 'node:crypto';
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { DateStyle, Perturbation } from './perturb.ts';
import { CHROME, CONTENT_CHROME, FOOTER_LINES } from './chrome-markup.ts';
import { articleBody, dom, elements, hash, hasDate, mapText, proseText, restyleDates, textNodes, titleHeading, uuid } from './perturb.ts';

/** Noise: what changes between two fetches of the same policy. classify() must say 'noise'. */

const ID_REFS = ['for', 'aria-labelledby', 'aria-controls', 'aria-describedby', 'aria-owns', 'aria-activedescendant'];

function rotateIds($: CheerioAPI, salt: string): void {
  // useId / react-select / CMS ids rotate per render, consistently within the page (references follow them);
  // ids written by hand ("pagination", "main-content") and React's streaming slots (S:0, B:0) do not.
  const generated = (v: string): boolean => !/^[SB]:/.test(v) && /\d|:/.test(v);
  const rename = (v: string): string => (generated(v) ? `${v.replace(/[:_-]?[a-z0-9]*\d[a-z0-9]*:?$/i, '')}-${hash(v, salt)}` : v);
  for (const el of elements($)) {
    for (const [name, value] of Object.entries(el.attribs)) {
      if (name === 'id') el.attribs[name] = rename(value);
      else if (ID_REFS.includes(name)) el.attribs[name] = value.split(/\s+/).map(rename).join(' ');
      else if (name === 'href' && value.startsWith('#') && value.length > 1) el.attribs[name] = `#${rename(value.slice(1))}`;
    }
  }
}

const rotateClassesHashed: Perturbation = {
  name: 'rotate hashed CSS-module class names, ids, data-* values and inline styles',
  apply: (html) =>
    dom(html, ($) => {
      for (const el of elements($)) {
        const a = el.attribs;
        if (a.class) a.class = a.class.split(/\s+/).filter(Boolean).map((c) => (/__[A-Za-z0-9_-]{3,}$/.test(c) ? c.replace(/__[A-Za-z0-9_-]{3,}$/, `__${hash(c, 'r1')}`) : /^css-[a-z0-9]+$/.test(c) ? `css-${hash(c, 'r1')}` : c)).join(' ');
        for (const name of Object.keys(a)) if (name.startsWith('data-') && !/^data-cfemail$/.test(name)) a[name] = hash(a[name] ?? '', 'd1');
        if (a.style) a.style = `${a.style};--r:${hash(a.style, 's')}`;
      }
      rotateIds($, 'i1');
    }),
};

const opaqueClasses: Perturbation = {
  name: 'every class name replaced by an opaque hash (styled-components/emotion template)',
  apply: (html) =>
    dom(html, ($) => {
      $('[class]').each((_, el) => {
        el.attribs.class = el.attribs.class!.split(/\s+/).filter(Boolean).map((c) => (c === '__cf_email__' ? c : `sc-${hash(c, 'o')}`)).join(' ');
      });
      $('[data-testid]').removeAttr('data-testid');
    }),
};

const scriptsAndMeta: Perturbation = {
  name: 'script/style contents, nonces, __NEXT_DATA__, RSC chunks, sentry meta, build hashes in asset URLs',
  apply: (html) =>
    dom(html, ($) => {
      $('script').each((_, el) => {
        if (el.attribs.nonce) el.attribs.nonce = hash(el.attribs.nonce, 'n');
        const $el = $(el);
        if (el.attribs.id === '__NEXT_DATA__') $el.text(JSON.stringify({ props: { pageProps: {} }, buildId: hash('b', 'x') }));
        else if (!el.attribs.src) $el.text(`self.__next_f.push([1,"${hash($el.text(), 'c')}:I[\\"chunk-${hash('a', 'c')}\\"]"])`);
      });
      $('style').each((_, el) => void $(el).text(`.x-${hash($(el).text(), 's')}{display:flex}`));
      $('[nonce]').each((_, el) => void (el.attribs.nonce = hash(el.attribs.nonce ?? '', 'n2')));
      for (const attr of ['src', 'href', 'srcset']) {
        for (const el of elements($)) {
          const value = el.attribs[attr];
          if (value === undefined) continue;
          el.attribs[attr] = value
            .replace(/([.-])([0-9a-f]{8,20})(?=\.(?:js|css|woff2?|png|svg|webp)\b)/gi, (_m, sep: string, h: string) => `${sep}${hash(h, 'bh').padEnd(h.length, '0').slice(0, h.length)}`)
            .replace(/([?&](?:v|dpl|ver)=)[\w-]+/g, `$1${hash('v', 'dpl')}`);
        }
      }
      $('meta[name=sentry-trace],meta[name=baggage]').remove();
      $('head').append(`<meta name="sentry-trace" content="${uuid('st').replace(/-/g, '')}-${hash('t', 'st')}-0"><meta name="baggage" content="sentry-trace_id=${hash('t', 'b')},sentry-release=${hash('r', 'b')}">`);
      $('head').append(`<script nonce="${hash('n', 'x')}">self.__next_f.push([1,"${'x'.repeat(50)}"])</script><link rel="preload" href="/_next/static/chunks/app-${hash('p', 'x')}.js" as="script">`);
      $('body').append(`<script>self.__next_f.push([1,"{\\"article\\":{\\"title\\":\\"${hash('t', 'y')}\\"}}"])</script><next-route-announcer></next-route-announcer>`);
    }),
};

function decorate(href: string, salt: string): string | undefined {
  if (href.includes('/cdn-cgi/')) return undefined;
  if (!/^(?:https?:)?\/\//.test(href) && !href.startsWith('/')) return undefined;
  const [path = '', fragment] = href.split('#');
  const sep = path.includes('?') ? '&' : '?';
  const params = `utm_source=${hash(salt, 'u')}&utm_medium=email&utm_campaign=${hash(salt, 'c')}&gclid=${hash(salt, 'g')}${hash(salt, 'g2')}&fbclid=IwAR${hash(salt, 'f')}&_hsenc=p2ANqtz-${hash(salt, 'h')}&_hsmi=${hash(salt, 'm').replace(/\D/g, '')}1`;
  return `${path}${sep}${params}${fragment !== undefined ? `#${fragment}` : ''}`;
}

const trackingTokens: Perturbation = {
  name: 'tracking parameters on every link (utm_*, gclid, fbclid, _hsenc, _hsmi) and session ids',
  apply: (html) =>
    dom(html, ($) => {
      let n = 0;
      $('a[href]').each((i, el) => {
        const href = el.attribs.href!;
        const decorated = decorate(href, String(i));
        if (!decorated) return;
        n++;
        const session = i % 3 === 2 && /^(?:https?:)?\/\/[^/]+\/[^?#]+|^\/[^/?#]/.test(href);
        el.attribs.href = session ? decorated.replace(/^([^?#]*)/, `$1;jsessionid=${hash(String(i), 'j').toUpperCase()}`) : decorated;
      });
      return n > 0;
    }),
};

const redirectTokens: Perturbation = {
  name: 'absolute links wrapped in a rotating tracking redirect (…/redirect/website.v1.<uuid>/<target>)',
  apply: (html) =>
    dom(html, ($) => {
      let n = 0;
      $('a[href^="http"]').each((i, el) => {
        el.attribs.href = `https://t.mail.example.net/redirect/website.v1.${uuid(String(i))}/${encodeURIComponent(el.attribs.href!)}`;
        n++;
      });
      return n > 0;
    }),
};

// A device id that rotates per fetch on links that carry none, and a signed envelope (expiry and signature) on links
// without a query: a CDN serving signed addresses. Links with a query of their own keep it as it is.
const rotatingQueryTokens: Perturbation = {
  name: 'rotating device ids and signed-URL envelopes (expiry, signature) added to link queries',
  apply: (html) =>
    dom(html, ($) => {
      let n = 0;
      $('a[href]').each((i, el) => {
        const href = el.attribs.href!;
        if (!/^(?:https?:)?\/\/|^\/[^/]/.test(href) || href.includes('/cdn-cgi/')) return;
        const [path = '', fragment] = href.split('#');
        if (path.includes('?')) return;
        const query = i % 2 === 0 ? `xyz-did=${uuid(String(i))}` : `Expires=17794${String(i).padStart(5, '0')}&Signature=${createHash('sha256').update(String(i)).digest('base64url')}&Key-Pair-Id=K2JCJMDEHXQW5F`;
        el.attribs.href = `${path}?${query}${fragment !== undefined ? `#${fragment}` : ''}`;
        n++;
      });
      return n > 0;
    }),
};

function dateFlip(style: DateStyle): Perturbation {
  return {
    name: `every date in the text written as ${style}`,
    apply: (html) => dom(html, ($) => textNodes($).some((t) => hasDate(t.data)) && mapText($, (t) => restyleDates(t, style))),
  };
}

const relativeTimes = [
  'Updated over a week ago', 'Updated yesterday', 'Updated 3 days ago', 'Updated in the last hour', 'Updated about 2 months ago',
  'Updated: 5 days ago', 'Last updated · yesterday', 'Updated in the last 15 minutes', 'Edited 22 hours ago', 'Published — just now',
];

function relativeTime(text: string, i: number): Perturbation {
  return {
    name: `relative time "${text}" beside the title`,
    apply: (html) =>
      dom(html, ($) => {
        const h1 = titleHeading($);
        if (!h1) return false;
        $(h1).after(i % 2 === 0 ? `<div class="meta"><span>${text}</span></div>` : `<p><time datetime="2026-0${i}-1${i}T10:0${i}:00Z">${text}</time></p>`);
        // A page that already says how long ago it was updated says it in other words now.
        mapText($, (t) => t.replace(/Updated (?:over a week|\d+ \w+|about \w+ \w+) ago|Updated yesterday/g, text));
      }),
  };
}

// A template that prints the article's date: an absolute stamp appears under the title, in several shapes.
const absoluteStamps = ['<div class="meta"><span>Updated March 3, 2026</span></div>', '<p><em>Last updated: 3 March 2026</em></p>', '<p>Posted <time datetime="2026-03-03">Mar 3, 2026</time> · Updated <time datetime="2026-04-09">Apr 9, 2026</time></p>'];

function absoluteStamp(html: string, i: number): Perturbation {
  return {
    name: `an absolute date stamp appears under the title (${['div', 'em', 'time'][i]})`,
    apply: (page) =>
      dom(page, ($) => {
        const h1 = titleHeading($);
        if (!h1) return false;
        $(h1).after(html);
      }),
  };
}

function byline(time: string): (html: string) => string | undefined {
  return (html) =>
    dom(html, ($) => {
      const h1 = titleHeading($);
      if (!h1) return false;
      $(h1).after(`<div><span>Written by Support</span> · <span>Updated ${time}</span></div>`);
    });
}

// The byline is on both sides (help centers print one): only its relative time differs between renders.
const timeElement: Perturbation = {
  name: 'byline whose <time datetime> shows another relative time',
  before: byline('<time datetime="2026-05-01T12:00:00Z">over a week ago</time>'),
  apply: byline('<time datetime="2026-05-09T08:30:00Z" title="May 9, 2026">4 days ago</time>'),
};

function injectChrome(name: string, html: (salt: string) => string, where: 'body-start' | 'body-end'): Perturbation {
  return {
    name: `${name} injected at ${where}`,
    apply: (page) => dom(page, ($) => void (where === 'body-start' ? $('body').prepend(html('7')) : $('body').append(html('7')))),
  };
}

function injectContentChrome(name: string, spec: (typeof CONTENT_CHROME)[string]): Perturbation {
  return {
    name: `${name} injected inside the content`,
    apply: (page) =>
      dom(page, ($) => {
        const h1 = titleHeading($);
        const body = articleBody($);
        // Title widgets need a title: a page without an h1 has nowhere for them.
        if (spec.where !== 'end' && !h1) return false;
        if (spec.where === 'before-title') $(h1!).before(spec.html('9'));
        else if (spec.where === 'after-title') $(h1!).after(spec.html('9'));
        else if (body) $(body).after(spec.html('9'));
        else return false;
      }),
  };
}

function cfEncode(email: string, key: number): string {
  return [key, ...[...email].map((c) => c.charCodeAt(0) ^ key)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function cfDecode(hex: string): string {
  const key = parseInt(hex.slice(0, 2), 16);
  let out = '';
  for (let i = 2; i < hex.length; i += 2) out += String.fromCharCode(parseInt(hex.slice(i, i + 2), 16) ^ key);
  return out;
}

const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

const cloudflareOn: Perturbation = {
  name: 'Cloudflare e-mail obfuscation switched on (mailto links and plain addresses)',
  apply: (html) =>
    dom(html, ($) => {
      let n = 0;
      $('a[href^="mailto:"]').each((i, el) => {
        const email = decodeURIComponent(el.attribs.href!.slice(7).split('?')[0] ?? '');
        const hex = cfEncode(email, 0x10 + i);
        el.attribs.href = `/cdn-cgi/l/email-protection#${hex}`;
        $(el).find('*').addBack().contents().filter((_, c) => c.type === 'text' && c.data.includes(email))
          .each((_, c) => void $(c).replaceWith(`<span class="__cf_email__" data-cfemail="${hex}">[email&#160;protected]</span>`));
        n++;
      });
      for (const t of textNodes($)) {
        if (t.parent && $(t.parent).closest('a').length) continue;
        if (!EMAIL.test(t.data)) continue;
        EMAIL.lastIndex = 0;
        const escaped = t.data.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`);
        $(t).replaceWith(escaped.replace(EMAIL, (e) => `<a href="/cdn-cgi/l/email-protection" class="__cf_email__" data-cfemail="${cfEncode(e, 0x5a)}">[email&#160;protected]</a>`));
        n++;
      }
      return n > 0;
    }),
};

const cloudflareOff: Perturbation = {
  name: 'Cloudflare e-mail obfuscation switched off (decoded to plain mailto links)',
  apply: (html) =>
    dom(html, ($) => {
      let n = 0;
      const valid = (e: string): boolean => /^[^\s@]+@[^\s@]+\.[a-z]+$/i.test(e);
      $('[data-cfemail]').each((_, el) => {
        const email = cfDecode(el.attribs['data-cfemail']!);
        if (!valid(email)) return;
        $(el).replaceWith(email);
        n++;
      });
      $('a[href*="/cdn-cgi/l/email-protection#"]').each((_, el) => {
        const email = cfDecode(el.attribs.href!.split('#')[1] ?? '');
        if (!valid(email)) return;
        el.attribs.href = `mailto:${email}`;
        n++;
      });
      return n > 0;
    }),
};

const whitespaceAndEntities: Perturbation = {
  name: 'whitespace and indentation between tags, &nbsp; and numeric entities, attribute order, self-closing tags',
  apply: (html) => {
    const out = dom(html, ($) => {
      for (const el of elements($)) el.attribs = Object.fromEntries(Object.entries(el.attribs).reverse());
    });
    if (!out) return undefined;
    let i = 0;
    return out
      .replace(/>(?=<(?!\/?(?:a|span|strong|em|b|i|code|sup|sub|time)\b))/g, () => (i++ % 2 ? '>\n    ' : '>\n'))
      .replace(/<(br|img|hr|meta|link|input)\b([^>]*?)\s*\/?>/gi, '<$1$2 />')
      .replace(/’/g, '&#8217;')
      .replace(/“/g, '&#x201C;')
      .replace(/(<p[^>]*>[^<]*?\w) (\w)/g, '$1&nbsp;$2')
      .replace(/&amp;/g, '&#38;');
  },
};

// The same glyphs encoded otherwise: non-breaking spaces, soft hyphens in long words, decomposed accents, ligatures.
const invisibleReencoding: Perturbation = {
  name: 'the same glyphs encoded otherwise: non-breaking spaces, soft hyphens, decomposed accents (NFD), ligatures',
  apply: (html) =>
    dom(html, ($) => {
      let changed = false;
      for (const t of proseText($)) {
        let n = 0;
        const next = t.data
          .replace(/ /g, (sp) => (++n % 5 === 0 ? '\u00a0' : sp))
          .replace(/([a-z]{4})([a-z]{6,})/g, '$1\u00ad$2')
          .replace(/fi/g, 'ﬁ')
          .normalize('NFD');
        changed ||= next !== t.data;
        t.data = next;
      }
      return changed;
    }),
};

const templateWrap: Perturbation = {
  name: 'template churn: content wrapped in extra divs and sections, blocks wrapped one by one',
  apply: (html) =>
    dom(html, ($) => {
      const body = articleBody($);
      if (!body) return false;
      $(body).children('p,ul,ol,h2,h3').each((i, el) => void (i % 3 === 0 && $(el).wrap('<div class="block"></div>')));
      $(body).wrap('<div class="outer"><section class="inner"><div class="prose max-w-none"></div></section></div>');
      const main = $('main,[role=main],article').first();
      if (main.length) main.wrap('<div class="page"><div class="container"></div></div>');
    }),
};

function sidebarLinks(n: number): string {
  const topics = ['Deleting your account', 'Exporting your data', 'Data retention for commercial products', 'Model training', 'Cookies we use', 'Government requests', 'Subprocessors', 'Usage policy', 'Reporting abuse', 'Safety filters', 'Age requirements', 'Billing and refunds'];
  return Array.from({ length: n }, (_, i) => `<li><a href="/en/articles/${1000 + i}-${hash(String(i))}">${topics[i % topics.length]}${i >= topics.length ? ` (${Math.floor(i / topics.length) + 1})` : ''}</a></li>`).join('');
}

const DOCS_SIDEBAR = (n: number): string => `<div class="w-72 shrink-0 overflow-y-auto"><div><div>Consumers</div><ul>${sidebarLinks(n)}</ul></div><div><div>Commercial customers</div><ul>${sidebarLinks(Math.ceil(n / 2))}</ul></div></div>`;

function bigSidebar(side: 'before' | 'after'): Perturbation {
  return {
    name: `a large unnamed sidebar of article links ${side} the content (the help-center "Docs" layout)`,
    apply: (html) =>
      dom(html, ($) => {
        const body = articleBody($);
        if (!body) return false;
        const h1 = titleHeading($);
        // The sidebar sits beside the column that holds the title and the article.
        let column: Element = body;
        while (h1 && column.parent && column.parent.type === 'tag' && !$(column).find(h1).length) column = column.parent as Element;
        if (side === 'before') $(column).before(DOCS_SIDEBAR(24));
        else $(column).after(DOCS_SIDEBAR(24));
      }),
  };
}

const moveSidebar: Perturbation = {
  name: 'existing sidebars and navigation moved to the other side of the content',
  apply: (html) =>
    dom(html, ($) => {
      const moved = $('aside,nav,[role=navigation],[class*=sidebar i]').filter((_, el) => $(el).parents('aside,nav,[role=navigation],[class*=sidebar i]').length === 0);
      if (!moved.length) return false;
      moved.each((_, el) => {
        const $el = $(el);
        const parent = $el.parent();
        if ($el.prevAll().length === 0) parent.append($el);
        else parent.prepend($el);
      });
    }),
};

// Screen-reader-only hints a template adds after links (trust portals, design systems): hidden from sight by a utility
// class, an inline clip style or a CSS-module name.
const SR_HINTS: Record<string, (text: string) => string> = {
  'sr-only utility class': (t) => `<span class="sr-only">(${t})</span>`,
  'inline clip style': (t) => `<span style="position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0,0,0,0);white-space:nowrap;border:0">${t}</span>`,
  'CSS-module visually-hidden name': (t) => ` <span class="VisuallyHidden_root__${hash(t, 'vh')}">${t}</span>`,
};

function screenReaderHints(shape: string, html: (text: string) => string): Perturbation {
  return {
    name: `screen-reader text "Opens in new tab" added after every link (${shape})`,
    apply: (page) =>
      dom(page, ($) => {
        const links = $('a[href]').filter((_, a) => $(a).text().trim().length > 0);
        if (!links.length) return false;
        links.each((i, a) => void $(a).append(html(i % 2 ? 'Opens in new tab' : 'opens in a new window')));
      }),
  };
}

// Icon fonts: the ligature name is the element's text, drawn as a glyph (a template that adds icons to links and headings).
const ICONS: Record<string, (name: string) => string> = {
  'Material Icons class': (n) => `<span class="material-icons">${n}</span>`,
  'Material Symbols with aria-hidden': (n) => `<i class="material-symbols-outlined notranslate" aria-hidden="true">${n}</i>`,
  'aria-hidden span with a hashed class': (n) => `<span aria-hidden="true" class="sc-${hash(n, 'ic')}">${n}</span>`,
};

function iconWords(shape: string, html: (name: string) => string): Perturbation {
  return {
    name: `icon-font ligature words added to links and headings (${shape})`,
    apply: (page) =>
      dom(page, ($) => {
        const links = $('a[href]').filter((_, a) => $(a).text().trim().length > 0);
        const headings = $('h2,h3').filter((_, h) => $(h).text().trim().length > 0);
        if (!links.length && !headings.length) return false;
        links.each((i, a) => void $(a).append(html(i % 2 ? 'open_in_new' : 'chevron_right')));
        headings.each((_, h) => void $(h).append(html('expand_more')));
      }),
  };
}

/** The document's section headings (below the title), each given an id to link to when it has none. */
function sectionHeadings($: CheerioAPI): Element[] {
  const hs = $('h2,h3').filter((_, h) => $(h).text().trim().length > 0 && $(h).closest('nav,aside,footer,header,table').length === 0).toArray();
  hs.forEach((h, i) => void (h.attribs.id ??= `section-${i + 1}`));
  return hs;
}

// In-page tables of contents as templates render them: a labelled list of anchors, absolute links to this page in a
// disclosure, a numbered list after a "Jump to:" label.
const TOCS: Record<string, (entries: { id: string; text: string }[], url: string) => string> = {
  'a labelled list of anchors': (es) => `<div class="mb-8"><p class="text-sm font-semibold">On this page</p><ul>${es.map((e) => `<li><a href="#${e.id}">${e.text}</a></li>`).join('')}</ul></div>`,
  'absolute links to this page in a disclosure': (es, url) => `<details><summary>Contents</summary>${es.map((e) => `<a href="${url}#${e.id}">${e.text.toUpperCase()}</a>`).join(' ')}</details>`,
  'a numbered list after a "Jump to:" label': (es) => `<p>Jump to:</p><ol>${es.map((e, i) => `<li><a href="#${e.id}">${i + 1}. ${e.text.replace(/^[\d.]+\s*/, '')}</a></li>`).join('')}</ol>`,
};

function tableOfContents(shape: string, html: (entries: { id: string; text: string }[], url: string) => string): Perturbation {
  return {
    name: `an in-page table of contents added above the first section (${shape})`,
    // The same ids on both sides: only the contents block differs.
    before: (page) => dom(page, ($) => sectionHeadings($).length >= 3),
    apply: (page) =>
      dom(page, ($) => {
        const hs = sectionHeadings($);
        if (hs.length < 3) return false;
        const url = $('link[rel=canonical]').attr('href') ?? '';
        $(hs[0]!).before(html(hs.map((h) => ({ id: h.attribs.id!, text: $(h).text().trim() })), url));
      }),
  };
}

// Site headers as templates render them: a <header> with the site's navigation, a bar of site links with a sign-in
// button and no landmark at all, a role=banner bar with a search box.
const SITE_HEADERS: Record<string, string> = {
  'a <header> with the site navigation': `<header class="sticky top-0 z-40"><a href="/" aria-label="Acme home"><svg viewBox="0 0 8 8"><path d="M0 0"/></svg></a><nav aria-label="Main"><a href="/product">Product</a><a href="/pricing">Pricing</a><a href="/company">Company</a></nav><a href="/login">Log in</a><a href="/signup">Try Acme</a></header>`,
  'a bar of site links and a sign-in button, no landmark': `<div class="flex items-center justify-between py-4"><a href="/"><img src="/logo.svg" alt="Acme"></a><ul class="flex gap-6"><li><a href="/research">Research</a></li><li><a href="/news">News</a></li><li><a href="/careers">Careers</a></li><li><a href="/legal">Legal</a></li></ul><button type="button">Sign in</button></div>`,
  'a role=banner bar with a search box': `<div role="banner" class="topbar"><a href="/">Acme</a><form role="search" action="/search"><input type="search" name="q" placeholder="Search"></form><a href="/contact">Contact sales</a></div>`,
};

/**
 * A content root that takes in the site header and an in-page table of contents in some renders and not in others
 * (a layout that nests them in the content container, hydrated or not): both put at the top of the page's largest
 * landmark, else of the body's largest wrapper, above the title.
 */
function headerAndContents(shape: string, header: string): Perturbation {
  return {
    name: `the site header and an in-page table of contents rendered inside the content container (${shape})`,
    before: (page) => dom(page, ($) => sectionHeadings($).length >= 3),
    apply: (page) =>
      dom(page, ($) => {
        const hs = sectionHeadings($);
        if (hs.length < 3) return false;
        const landmarks = $('main,article,[role=main]').toArray().sort((a, b) => $(b).text().length - $(a).text().length);
        const wrapper = landmarks[0] ?? $('body').children('div').toArray().sort((a, b) => $(b).text().length - $(a).text().length)[0];
        if (!wrapper) return false;
        $(wrapper).prepend(header + TOCS['a labelled list of anchors']!(hs.map((h) => ({ id: h.attribs.id!, text: $(h).text().trim() })), ''));
      }),
  };
}

/**
 * Footer lines left in the content by a template without a footer landmark: appended to the page's largest
 * landmark (main, article), else to the outermost wrapper of the body, after the document's last section.
 */
function footerLines(shape: string, html: () => string): Perturbation {
  return {
    name: `footer lines at the end of the content, no footer landmark (${shape})`,
    apply: (page) =>
      dom(page, ($) => {
        const landmarks = $('main,article,[role=main]').toArray().sort((a, b) => $(b).text().length - $(a).text().length);
        const wrapper = landmarks[0] ?? $('body').children('div').toArray().sort((a, b) => $(b).text().length - $(a).text().length)[0];
        if (!wrapper) return false;
        $(wrapper).append(html());
      }),
  };
}

export const noisePerturbations: Perturbation[] = [
  rotateClassesHashed,
  opaqueClasses,
  scriptsAndMeta,
  trackingTokens,
  redirectTokens,
  rotatingQueryTokens,
  ...(['Month D, YYYY', 'D Month YYYY', 'YYYY-MM-DD', 'Mon D, YYYY', 'D Mon YYYY'] as const).map(dateFlip),
  ...relativeTimes.map(relativeTime),
  timeElement,
  ...absoluteStamps.map(absoluteStamp),
  ...Object.entries(CHROME).flatMap(([name, html]) => [injectChrome(name, html, 'body-start'), injectChrome(name, html, 'body-end')]),
  ...Object.entries(CONTENT_CHROME).map(([name, spec]) => injectContentChrome(name, spec)),
  cloudflareOn,
  cloudflareOff,
  whitespaceAndEntities,
  invisibleReencoding,
  templateWrap,
  bigSidebar('before'),
  bigSidebar('after'),
  moveSidebar,
  ...Object.entries(SR_HINTS).map(([shape, html]) => screenReaderHints(shape, html)),
  ...Object.entries(ICONS).map(([shape, html]) => iconWords(shape, html)),
  ...Object.entries(TOCS).map(([shape, html]) => tableOfContents(shape, html)),
  ...Object.entries(FOOTER_LINES).map(([shape, html]) => footerLines(shape, html)),
  ...Object.entries(SITE_HEADERS).map(([shape, html]) => headerAndContents(shape, html)),
];

// A whole template change at once (the help center's move to the "Docs" layout): new class names, a wrapper, a large
// sidebar, a copy button, a feedback block, related articles, a cookie banner and a rendered date in another style.
noisePerturbations.push({
  name: 'a whole template change: every chrome change above at once',
  apply: (html) => {
    const steps = [opaqueClasses, templateWrap, bigSidebar('before'), ...['Copy for LLM button', 'Was this page helpful? block', 'related articles list', 'breadcrumbs'].map((n) => injectContentChrome(n, CONTENT_CHROME[n]!)), injectChrome('OneTrust cookie banner', CHROME['OneTrust cookie banner']!, 'body-end'), dateFlip('D Month YYYY'), relativeTime('Updated 3 days ago', 1), trackingTokens];
    return steps.reduce<string>((page, step) => step.apply(page) ?? page, html);
  },
});
