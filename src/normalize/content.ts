import type { CheerioAPI } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { children, commonAncestor, contains, hasTitle, isElement, links, measure, remove, tagName, textOf } from './dom.ts';
import { dropBanners } from './banners.ts';
import { decodeCfEmail } from './urls.ts';

/**
 * Finds the document's content with general rules (landmarks, text density, the page's h1) and drops page chrome
 * by its role (navigation, banners, forms, widgets), never by one site's class names.
 */

// Elements that never carry policy text.
const INERT =
  'script,style,noscript,svg,iframe,canvas,video,audio,object,embed,img,picture,source,link,meta,input,textarea,option,dialog,title';
// Landmarks and widgets that are page chrome wherever they appear.
const CHROME = [
  'nav', 'aside', 'footer', 'form', 'select', '[role=navigation]', '[role=banner]', '[role=contentinfo]',
  '[role=complementary]', '[role=search]', '[role=dialog]', '[role=alertdialog]', '[role=menu]', '[role=menubar]',
  '[role=toolbar]', '[role=combobox]', '[role=listbox]', '[aria-modal=true]', '[aria-label*=breadcrumb i]',
].join(',');
// Chrome recognized by the words its authors name it with (class, id or test id).
const CHROME_NAME =
  /(?:^|[\s_-])(?:cookie|cookies|consent|onetrust|gdpr|sidebar|side-?bar|side-?nav|breadcrumbs?|toc|table-?of-?contents|related|feedback|share|social|lang(?:uage)?-?(?:picker|selector|switcher|menu)|skip-?links?|announcement|banner|pagination|pager|prev-?next)(?:$|[\s_-])/i;
/** Undoes obfuscation and streaming tricks so that the tree reads like the rendered page. */
export function restore($: CheerioAPI): void {
  $('[data-cfemail]').each((_, el) => {
    const email = decodeCfEmail(el.attribs['data-cfemail'] ?? '');
    if (email) $(el).replaceWith(email);
  });
  // Tabs: every panel is content (hidden ones too); each gets its tab's label, and the tab strip goes.
  $('[role=tabpanel]').each((_, panel) => {
    const id = panel.attribs.id;
    const labelledBy = panel.attribs['aria-labelledby'];
    const tab = $('[role=tab],[id]')
      .filter((_, t) => (labelledBy !== undefined && t.attribs.id === labelledBy) || (id !== undefined && t.attribs['aria-controls'] === id))
      .first();
    const label = tab.length ? textOf(tab[0]!) : '';
    if (label) $(panel).prepend($('<p></p>').append($('<strong></strong>').text(label)));
  });
  $('[role=tablist]').remove();
  // React streaming SSR: content rendered late sits in <div hidden id="S:n"> and replaces <template id="B:n">.
  $('div[hidden][id^="S:"]').each((_, el) => {
    const id = el.attribs.id?.slice(2);
    const slot = $('template').filter((_, t) => t.attribs.id === `B:${id}`);
    if (id && slot.length && el.children.length) slot.replaceWith(el.children);
  });
}

/**
 * A <header> is the site's banner unless it is the document's own header: it holds the h1 and either sits inside
 * the main content or carries no navigation or search.
 */
function isSiteHeader(el: Element, $: CheerioAPI): boolean {
  const $el = $(el);
  const inContent = $el.closest('main,article,[role=main]').length > 0;
  // A breadcrumb trail above the title belongs to the document's header, not to the site's banner.
  const navigates = $el.find('nav,form,[role=navigation],[role=search]').not(BREADCRUMB).length > 0;
  // A header inside the content that does not navigate heads a section of the document ("Summary of changes").
  if ($el.find('h1').length === 0) return !inContent || navigates || $el.find('h2,h3,h4,h5,h6').length === 0;
  return !inContent && navigates;
}

// Asides inside the content with a paragraph of prose are the document's own callouts ("In short: …"); site
// sidebars are links and labels.
const CALLOUT_PROSE = 100;

function isCallout(el: Element, $: CheerioAPI): boolean {
  if (!$(el).is('aside,[role=complementary]') || $(el).closest('main,article,[role=main]').length === 0) return false;
  const size = measure(el).get(el);
  return size !== undefined && size.text - size.link >= CALLOUT_PROSE;
}

const BREADCRUMB = '[aria-label*=breadcrumb i],[class*=breadcrumb i],[id*=breadcrumb i]';

/** Elements matching a configured selector; an invalid selector matches nothing rather than failing the run. */
export function selectAll($: CheerioAPI, selector: string): AnyNode[] {
  try {
    return $(selector).toArray();
  } catch {
    return [];
  }
}

export function dropInertAndChrome($: CheerioAPI, removeSelectors: readonly string[]): void {
  for (const selector of removeSelectors) for (const el of selectAll($, selector)) remove(el);
  // A language picker or combobox: drop it with the short label that shows its current value.
  $('select,[role=combobox]').each((_, el) => {
    let node: AnyNode = el;
    while (node.parent && node.parent.type === 'tag' && textOf(node.parent).length <= 40) node = node.parent;
    remove(node);
  });
  dropBanners($);
  $(INERT).remove();
  $('header,[role=banner]').each((_, el) => {
    if (isSiteHeader(el, $)) $(el).remove();
  });
  $(CHROME)
    .filter((_, el) => !isElement(el) || !isCallout(el, $))
    .remove();
  // Buttons act, they do not inform; accordion and tab triggers are kept because they title hidden content.
  $('button').each((_, el) => {
    const expands = el.attribs['aria-expanded'] !== undefined || el.attribs['aria-controls'] !== undefined;
    if (!expands || el.attribs['aria-haspopup'] !== undefined) remove(el);
  });
}

function chromeName(el: Element): boolean {
  const names = `${el.attribs.class ?? ''} ${el.attribs.id ?? ''} ${el.attribs['data-testid'] ?? ''}`;
  return names.length > 2 && CHROME_NAME.test(names);
}

const HEADING = /^h[1-6]$/;
const SECTION_PROSE = 60;
const BLOCK_PROSE = 150;

/**
 * Whether a block named like chrome reads as the document's own text: a heading (policies anchor sections with ids
 * such as "cookies", "sharing" or "social-media"), a headed section with prose of its own, or a block with a
 * paragraph's worth of prose. Widgets carry links, buttons and a short label, not prose.
 */
function readsAsDocument(el: Element, size: { text: number; link: number }): boolean {
  if (HEADING.test(tagName(el))) return true;
  let headingText = 0;
  const walk = (n: AnyNode): void => {
    for (const c of children(n)) {
      if (!isElement(c)) continue;
      if (HEADING.test(tagName(c))) headingText += textOf(c).length;
      else walk(c);
    }
  };
  walk(el);
  const prose = size.text - size.link - headingText;
  return headingText > 0 ? prose >= SECTION_PROSE : prose >= BLOCK_PROSE;
}

const LINK_BLOCK_MIN_LINKS = 6;

/** The site a URL belongs to, roughly: its last two host labels (three under a two-letter second level, co.uk). */
function siteOf(url: string, base: string): string | undefined {
  try {
    const labels = new URL(url, base).hostname.toLowerCase().split('.');
    const keep = labels.length > 2 && (labels.at(-2)?.length ?? 0) <= 3 && (labels.at(-1)?.length ?? 0) === 2 ? 3 : 2;
    return labels.slice(-keep).join('.');
  } catch {
    return undefined;
  }
}

/**
 * A list of links that is policy text rather than navigation: it is introduced by a sentence ending in a colon
 * ("We use these sub-processors:"), or most of its links lead to other sites (vendors, regulators), where site
 * navigation and article lists stay on the site.
 */
function isContentLinkList(el: Element, base: string | undefined): boolean {
  let prev = el.prev;
  while (prev && !isElement(prev) && textOf(prev) === '') prev = prev.prev;
  if (prev && /:$/.test(textOf(prev)) && tagName(prev) !== 'a') return true;
  if (!base) return false;
  const home = siteOf(base, base);
  const targets = links(el).map((a) => a.attribs.href ?? '').filter((h) => /^(?:https?:)?\/\//i.test(h));
  const away = targets.filter((h) => siteOf(h, base) !== home).length;
  return away * 2 > links(el).length;
}

/**
 * Chrome named by class/id, and link farms (site sidebars, article lists: many links and almost no other text);
 * only when it is a small part of the page and does not hold the title. Tables are content whatever they link.
 */
export function dropNamedChrome(root: AnyNode, base?: string): void {
  const sizes = measure(root);
  const total = sizes.get(root)?.text ?? 0;
  const doomed: AnyNode[] = [];
  const isLinkFarm = (c: Element): boolean => {
    const size = sizes.get(c);
    if (!size || size.text === 0 || size.link < size.text * 0.85) return false;
    return links(c).length >= LINK_BLOCK_MIN_LINKS && !isContentLinkList(c, base);
  };
  const walk = (n: AnyNode): void => {
    for (const c of children(n)) {
      if (!isElement(c) || tagName(c) === 'table') continue;
      const size = sizes.get(c)?.text ?? 0;
      // A link farm may outweigh a short article (a help center's sidebar), as long as real text remains beside it.
      const farm = isLinkFarm(c) && total - size >= Math.max(200, total * 0.1);
      const named = chromeName(c) && size < total * 0.4 && !readsAsDocument(c, sizes.get(c) ?? { text: 0, link: 0 });
      if (!hasTitle(c) && (named || farm)) doomed.push(c);
      else walk(c);
    }
  };
  walk(root);
  for (const n of doomed) remove(n);
}

/**
 * The content root by default rules: the largest landmark (main, role=main, article), narrowed while one child
 * holds nearly all of its text, then widened again to include the page's h1 so that the title stays.
 */
export function findContentRoot($: CheerioAPI): { root: AnyNode; title?: AnyNode } | undefined {
  const body = $('body')[0] ?? $.root()[0];
  if (!body) return undefined;
  const sizes = measure(body);
  const textSize = (n: AnyNode): number => sizes.get(n)?.text ?? 0;
  const bodyText = textSize(body);
  let best: AnyNode = body;
  let bestSize = -1;
  for (const el of $('main,[role=main],article').toArray()) {
    const size = textSize(el);
    if (size >= bodyText * 0.25 && size > bestSize) {
      best = el;
      bestSize = size;
    }
  }
  let node: AnyNode = best;
  for (;;) {
    const total = textSize(node);
    const dominant: AnyNode | undefined = children(node).find((c) => isElement(c) && textSize(c) >= total * 0.9);
    if (!dominant || total === 0) break;
    node = dominant;
  }
  const h1 = $('h1')
    .toArray()
    .find((h) => textOf(h).length > 0);
  if (!h1 || contains(node, h1)) return { root: node };
  // Widen to include the title when that adds little else; otherwise the title is rendered on its own, so that
  // a layout moving the h1 out of the content container does not change the Markdown.
  const widened = commonAncestor(node, h1);
  if (widened && textSize(widened) <= textSize(node) * 1.25 + 300) return { root: widened };
  return { root: node, title: h1 };
}
