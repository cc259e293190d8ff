import type { Element } from 'domhandler';
import type { Perturbation } from './perturb.ts';
import { articleBody, dom, proseText, textNodes } from './perturb.ts';

/** Presentation only: classify() must say 'formatting'. */
export const formattingPerturbations: Perturbation[] = [
  {
    name: 'section headings one level up (h2 → h1, h3 → h2)',
    apply: (html) =>
      dom(html, ($) => {
        const hs = $('h2,h3').filter((_, h) => $(h).closest('nav,aside,footer,header').length === 0 && $(h).text().trim().length > 0);
        if (!hs.length) return false;
        hs.each((_, h) => void (h.name = h.name === 'h2' ? 'h1' : 'h2'));
      }),
  },
  {
    name: 'ordered-list numbering rendered as literal "1." text',
    apply: (html) =>
      dom(html, ($) => {
        const lists = $('ol').filter((_, ol) => $(ol).closest('nav,aside,footer,header').length === 0 && $(ol).text().trim().length > 40);
        if (!lists.length) return false;
        lists.each((_, ol) => {
          // The number goes inside the item's first paragraph, where an editor would type it.
          const items = $(ol).children('li').toArray().map((li, i) => {
            const first = $(li).find('p').first();
            if (first.length) first.prepend(`${i + 1}. `);
            return first.length ? `<div>${$(li).html() ?? ''}</div>` : `<p>${i + 1}. ${$(li).html() ?? ''}</p>`;
          });
          $(ol).replaceWith(`<div>${items.join('')}</div>`);
        });
      }),
  },
  {
    name: 'curly quotes and apostrophes written straight',
    apply: (html) =>
      dom(html, ($) => {
        let changed = false;
        for (const t of proseText($)) {
          const next = t.data.replace(/[’‘]/g, "'").replace(/[“”]/g, '"');
          changed ||= next !== t.data;
          t.data = next;
        }
        return changed;
      }),
  },
  {
    name: 'typographic re-render: quotes curled, spaced dashes as em dashes, dots as an ellipsis, a paragraph re-flowed with hard line breaks',
    apply: (html) =>
      dom(html, ($) => {
        for (const t of proseText($)) {
          t.data = t.data
            .replace(/"([^"]*)"/g, '“$1”')
            .replace(/(\w)'(\w)/g, '$1’$2')
            .replace(/ - /g, ' — ')
            .replace(/\.\.\./g, '…');
        }
        // Hard line breaks every six words in the first long text of a paragraph, as a CMS that re-flows lines does.
        const long = proseText($).find((t) => t.data.trim().split(/\s+/).length >= 12);
        if (!long) return false;
        const words = long.data.split(' ');
        const escaped = words.map((w) => w.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
        $(long).replaceWith(escaped.map((w, i) => (i > 0 && i % 6 === 0 ? `<br>${w}` : `${i > 0 ? ' ' : ''}${w}`)).join(''));
      }),
  },
];

/**
 * The document's sections wrapped in one container below its introduction (the paragraphs above the first section
 * heading), as templates that render the body as a list or a block of its own do, with the title set as styled text
 * (no h1 to widen the root to): that container can hold nearly all of the text, and the introduction beside it is
 * still the document.
 */
function sectionsWrapped(html: string): string | undefined {
  return dom(html, ($) => {
    const body = articleBody($);
    if (!body) return false;
    const kids = $(body).children().toArray();
    const first = kids.findIndex((k) => /^h[2-4]$/.test(k.tagName));
    const intro = kids.slice(0, Math.max(first, 0)).filter((k) => k.tagName === 'p');
    if (first < 1 || intro.reduce((n, p) => n + $(p).text().trim().length, 0) < 120) return false;
    intro[0]!.attribs['data-intro'] = '';
    $(kids.slice(first)).wrapAll('<div class="sections"></div>');
    $('h1').each((_, h) => void $(h).replaceWith(`<div class="text-3xl font-bold">${$(h).html() ?? ''}</div>`));
  });
}

/** One real change of policy text: classify() must say 'substantive'. */
export const substantivePerturbations: Perturbation[] = [
  {
    name: "a sentence added to the document's introduction, above a container holding all its sections (title as styled text)",
    before: sectionsWrapped,
    apply: (html) => {
      const wrapped = sectionsWrapped(html);
      return wrapped && dom(wrapped, ($) => void $('[data-intro]').append(' These terms also apply to our affiliates.'));
    },
  },
  {
    name: 'a number changed in a sentence ("30 days" → "90 days")',
    apply: (html) =>
      dom(html, ($) => {
        const text = proseText($);
        for (const t of text) {
          const next = t.data.replace(/\b(\d{1,3})(\s+(?:days?|months?|years?|hours?|%|percent|business))/i, (_m, n: string, unit: string) => `${Number(n) + 60}${unit}`);
          if (next !== t.data) return void (t.data = next);
        }
        // No amount of time in the text: any standalone number will do.
        for (const t of text) {
          const next = t.data.replace(/(?<![\d-])\b([1-9]\d?)\b(?![\d-])/, (_m, n: string) => String(Number(n) + 1));
          if (next !== t.data) return void (t.data = next);
        }
        return false;
      }),
  },
  {
    name: 'a sentence deleted from a paragraph',
    apply: (html) =>
      dom(html, ($) => {
        for (const t of proseText($)) {
          const m = /[^.!?]{20,}[.!?](?=\s)/.exec(t.data);
          if (m && t.data.length - m[0].length > 20) return void (t.data = t.data.replace(m[0], ''));
        }
        return false;
      }),
  },
  {
    name: 'a list item added',
    apply: (html) =>
      dom(html, ($) => {
        const body = articleBody($);
        if (!body) return false;
        const list = $(body).find('ul,ol').filter((_, l) => $(l).closest('nav,aside,footer,header').length === 0 && $(l).children('li').length > 0 && $(l).find('a').length < $(l).children('li').length).first();
        if (list.length) list.append('<li>We may also share information with our professional auditors.</li>');
        else $(body).append('<ul><li>We may also share information with our professional auditors.</li></ul>');
      }),
  },
  {
    name: 'a cited (visible) URL changed',
    apply: (html) =>
      dom(html, ($) => {
        const cited = $('a[href^="http"]').filter((_, a) => /^(?:https?:\/\/|www\.)\S+$/.test($(a).text().trim())).first();
        if (!cited.length) return false;
        const changed = (u: string): string => u.replace(/(\/[^/]*?)(\/?)$/, '$1-v2$2');
        cited.attr('href', changed(cited.attr('href') ?? ''));
        const text = textNodes($).find((t) => $(t).closest(cited).length > 0);
        if (text) text.data = changed(text.data.trim());
      }),
  },
  {
    name: 'a paragraph added',
    apply: (html) =>
      dom(html, ($) => {
        const body = articleBody($);
        if (!body) return false;
        $(body).children('p').first().after('<p>We may retain backups of your information for up to 180 days after deletion.</p>');
      }),
  },
];

export type { Element };

/**
 * Script-paginated tables (a trust portal's sub-processor list): every row is in the DOM, rows off the current page
 * are hidden by script. Both sides get the pagination; the perturbation changes rows on a hidden page.
 */
type HideStyle = 'display:none' | 'hidden attribute' | 'aria-hidden with a hidden class' | 'hidden tbody per page';

const VENDORS = [
  ['Amazon Web Services, Inc.', 'Cloud infrastructure', 'United States'],
  ['Google LLC', 'Cloud infrastructure', 'United States'],
  ['Intercom, Inc.', 'Customer support', 'United States'],
  ['Stripe, Inc.', 'Payment processing', 'United States, Ireland'],
  ['Zendesk, Inc.', 'Customer support', 'United States'],
  ['Snowflake Inc.', 'Data warehousing', 'United States'],
  ['Datadog, Inc.', 'Monitoring', 'United States'],
];

function hide(el: Element, style: HideStyle): void {
  if (style === 'display:none') el.attribs.style = 'display: none;';
  else if (style === 'aria-hidden with a hidden class') {
    el.attribs['aria-hidden'] = 'true';
    el.attribs.class = `${el.attribs.class ?? ''} hidden`.trim();
  } else el.attribs.hidden = '';
}

/**
 * Gives the page a paginated table (its own first table of 4+ rows, or a sub-processor table added to the article)
 * showing page `page` (0-based) of `pageSize` rows.
 */
function paginate(style: HideStyle, page = 0, pageSize = 3): (html: string) => string | undefined {
  return (html) =>
    dom(html, ($) => {
      let table = $('table').filter((_, t) => $(t).find('tr').length >= 4).first();
      if (!table.length) {
        const body = articleBody($);
        if (!body) return false;
        const rows = VENDORS.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('');
        $(body).append(`<table><thead><tr><th>Subprocessor</th><th>Purpose</th><th>Location</th></tr></thead><tbody>${rows}</tbody></table>`);
        table = $(body).children('table').last();
      }
      const rows = table.find('tr').filter((_, r) => $(r).children('td').length > 0).toArray();
      const shown = (i: number): boolean => Math.floor(i / pageSize) === page;
      rows.forEach((r) => {
        delete r.attribs.style;
        delete r.attribs.hidden;
      });
      if (style === 'hidden tbody per page') {
        table.children('tbody').remove();
        for (let i = 0; i < rows.length; i += pageSize) {
          const tbody = $(`<tbody${shown(i) ? '' : ' hidden'}></tbody>`);
          tbody.append(rows.slice(i, i + pageSize));
          table.append(tbody);
        }
      } else rows.forEach((r, i) => void (shown(i) || hide(r, style)));
      table.after(`<div><button aria-label="Previous page">Previous</button><span>Page ${page + 1} of ${Math.ceil(rows.length / pageSize)}</span><button aria-label="Next page">Next</button></div>`);
    });
}

function hiddenRowEdit(style: HideStyle, edit: 'add' | 'remove'): Perturbation {
  const before = paginate(style);
  return {
    name: `${edit === 'add' ? 'a row added to' : 'a row removed from'} a hidden page of a script-paginated table (${style})`,
    before,
    apply: (html) => {
      const paged = before(html);
      if (!paged) return undefined;
      return dom(paged, ($) => {
        const hidden = $('tr').filter((_, r) => $(r).children('td').length > 0).toArray().slice(3);
        const last = hidden[hidden.length - 1];
        if (!last) return false;
        if (edit === 'remove') $(last).remove();
        else {
          const row = $(last).clone();
          row.children('td').each((i, td) => void $(td).text(['Cloudflare, Inc.', 'Content delivery', 'United States'][i] ?? ''));
          $(last).after(row);
        }
      });
    },
  };
}

const STYLES: HideStyle[] = ['display:none', 'hidden attribute', 'aria-hidden with a hidden class', 'hidden tbody per page'];

export const hiddenRowEdits: Perturbation[] = STYLES.flatMap((s) => [hiddenRowEdit(s, 'add'), hiddenRowEdit(s, 'remove')]);

/** Noise: turning to the next page of the table shows other rows and hides the first ones; the list is the same. */
export const tablePageTurns: Perturbation[] = STYLES.map((style) => ({
  name: `a script-paginated table turned to another page (${style})`,
  before: paginate(style, 0),
  apply: paginate(style, 1),
}));

/**
 * A visible page of a table shown beside a hidden copy of every record (a trust portal's "1-3 of 7 results" over a
 * full list kept for search engines and screen readers), in three shapes of the hidden copy.
 */
type FullListShape = 'display:none list' | 'visually hidden table' | 'hidden attribute with a div per record';

function fullList(shape: FullListShape, rows: string[][]): string {
  if (shape === 'display:none list') return `<div style="display:none"><ul>${rows.map((r) => `<li>${r.join(' — ')}</li>`).join('')}</ul></div>`;
  if (shape === 'visually hidden table') return `<table class="sr-only"><tr><th>Subprocessor</th><th>Purpose</th><th>Location</th></tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</table>`;
  return `<div hidden>${rows.map((r) => `<div class="record"><span>${r[0]}</span><span>${r[1]}</span><span>${r[2]}</span></div>`).join('')}</div>`;
}

function pagedBesideFull(shape: FullListShape, page: number, rows: string[][] = VENDORS, pageSize = 3): (html: string) => string | undefined {
  return (html) =>
    dom(html, ($) => {
      const body = articleBody($);
      if (!body) return false;
      const shown = rows.slice(page * pageSize, (page + 1) * pageSize);
      const table = `<table><thead><tr><th>Subprocessor</th><th>Purpose</th><th>Location</th></tr></thead><tbody>${shown.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
      const pager = `<div><span>${page * pageSize + 1}-${page * pageSize + shown.length} of ${rows.length} results</span><button aria-label="Previous page">‹</button><button aria-label="Next page">›</button></div>`;
      $(body).append(`<div class="subprocessors">${table}${pager}${fullList(shape, rows)}</div>`);
    });
}

const FULL_LIST_SHAPES: FullListShape[] = ['display:none list', 'visually hidden table', 'hidden attribute with a div per record'];

/** Noise: the visible page turns; the hidden full list, the document, is the same. */
export const fullListPageTurns: Perturbation[] = FULL_LIST_SHAPES.map((shape) => ({
  name: `a paginated table beside a hidden full list turned to another page (${shape})`,
  before: pagedBesideFull(shape, 0),
  apply: pagedBesideFull(shape, 1),
}));

/** Substantive: a record added to the full list while the visible first page stays the same. */
export const fullListEdits: Perturbation[] = FULL_LIST_SHAPES.map((shape) => ({
  name: `a record added to the hidden full list beside a paginated table (${shape})`,
  before: pagedBesideFull(shape, 0),
  apply: pagedBesideFull(shape, 0, [...VENDORS, ['Cloudflare, Inc.', 'Content delivery', 'United States']]),
}));
