import type { Element } from 'domhandler';

/**
 * The selectors the rules query the whole page with, each written out as a test of one element that answers as
 * css-select does for it (the `css` it stands for: test/normalize/queries.test.ts holds each against cheerio on
 * varied markup and on every corpus page). A rule filters the page's element list with it (elements.ts): one walk
 * of the tree serves every query, and a test of a few property reads replaces css-select's chain of closures.
 *
 * css-select's rules, followed here: tag names compare as the parser wrote them (lower case); `[a]` is an own
 * attribute that is not null; `[a=v]` compares exactly (the attributes used here are not among HTML's
 * case-insensitive ones); the ` i` forms compare lower-cased, `*=` through a case-insensitive regular expression.
 */
export interface Query {
  readonly css: string;
  readonly matches: (el: Element) => boolean;
}

function has(el: Element, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(el.attribs, name) && el.attribs[name] != null;
}

/** `[name=value i]`; `value` lower case. */
function equalsIgnoringCase(el: Element, name: string, value: string): boolean {
  const attr = el.attribs[name];
  return attr != null && attr.length === value.length && attr.toLowerCase() === value;
}

/** `[name^=value i]`; `value` lower case. */
function startsIgnoringCase(el: Element, name: string, value: string): boolean {
  const attr = el.attribs[name];
  return attr != null && attr.length >= value.length && attr.slice(0, value.length).toLowerCase() === value;
}

/** `[name*=value i]`, built once per selector as css-select builds it. */
function containsIgnoringCase(name: string, value: string): (el: Element) => boolean {
  const regex = new RegExp(value.replace(/[-[\]{}()*+?.,\\^$|#\s]/g, '\\$&'), 'i');
  return (el) => {
    const attr = el.attribs[name];
    return attr != null && attr.length >= value.length && regex.test(attr);
  };
}

function query(css: string, matches: (el: Element) => boolean): Query {
  return { css, matches };
}

export const ALL = query('*', () => true);
export const BODY = query('body', (el) => el.name === 'body');
export const TITLE = query('title', (el) => el.name === 'title');
export const H1 = query('h1', (el) => el.name === 'h1');
export const H2_H3 = query('h2,h3', (el) => el.name === 'h2' || el.name === 'h3');
export const BUTTON = query('button', (el) => el.name === 'button');
export const LINK = query('a[href]', (el) => el.name === 'a' && has(el, 'href'));

const HEADING_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
export const HEADINGS = query('h1,h2,h3,h4,h5,h6,[role=heading]', (el) => HEADING_TAGS.has(el.name) || el.attribs.role === 'heading');

export const CLASS_OR_STYLE = query('[class],[style]', (el) => has(el, 'class') || has(el, 'style'));
export const ICON_CANDIDATES = query('[aria-hidden=true],[class]', (el) => el.attribs['aria-hidden'] === 'true' || has(el, 'class'));
export const HIDING_CANDIDATES = query('[hidden],[style],[class],[aria-hidden]', (el) => has(el, 'hidden') || has(el, 'style') || has(el, 'class') || has(el, 'aria-hidden'));
export const RECORD_VIEWS = query(
  'table,[role=table],[role=grid],ul,ol',
  (el) => el.name === 'table' || el.attribs.role === 'table' || el.attribs.role === 'grid' || el.name === 'ul' || el.name === 'ol',
);
export const CURRENT_MARKERS = query(
  '[aria-current],[aria-selected=true],[class],a[href]',
  (el) => has(el, 'aria-current') || el.attribs['aria-selected'] === 'true' || has(el, 'class') || (el.name === 'a' && has(el, 'href')),
);
export const PICKERS = query('select,[role=combobox]', (el) => el.name === 'select' || el.attribs.role === 'combobox');
export const HEADERS = query('header,[role=banner]', (el) => el.name === 'header' || el.attribs.role === 'banner');
export const LANDMARKS = query('main,[role=main],article', (el) => el.name === 'main' || el.attribs.role === 'main' || el.name === 'article');

const INERT_TAGS = ['script', 'style', 'noscript', 'svg', 'iframe', 'canvas', 'video', 'audio', 'object', 'embed', 'img', 'picture', 'source', 'link', 'meta', 'input', 'textarea', 'option', 'dialog', 'title'];
const INERT_SET = new Set(INERT_TAGS);
/** Elements that never carry policy text. */
export const INERT = query(INERT_TAGS.join(','), (el) => INERT_SET.has(el.name));

const CHROME_TAGS = ['nav', 'aside', 'footer', 'form', 'select'];
const CHROME_ROLES = ['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'dialog', 'alertdialog', 'menu', 'menubar', 'toolbar', 'combobox', 'listbox'];
const CHROME_TAG_SET = new Set(CHROME_TAGS);
const CHROME_ROLE_SET = new Set(CHROME_ROLES);
const breadcrumbLabel = containsIgnoringCase('aria-label', 'breadcrumb');
/** Landmarks and widgets that are page chrome wherever they appear. */
export const CHROME = query(
  [...CHROME_TAGS, ...CHROME_ROLES.map((r) => `[role=${r}]`), '[aria-modal=true]', '[aria-label*=breadcrumb i]'].join(','),
  (el) => CHROME_TAG_SET.has(el.name) || CHROME_ROLE_SET.has(el.attribs.role!) || el.attribs['aria-modal'] === 'true' || breadcrumbLabel(el),
);

const TEXT_INPUT_TYPES = ['text', 'search', 'email', 'url', 'tel'];
/**
 * Fields a reader types into: an assistant's question box, a search or subscribe box. Checkboxes and radio buttons
 * (consent toggles) are not typed into.
 */
export const TEXT_FIELD = query(
  ['input:not([type])', ...TEXT_INPUT_TYPES.map((t) => `input[type=${t} i]`), 'textarea', '[contenteditable]:not([contenteditable=false i])', '[role=textbox]', '[role=searchbox]'].join(','),
  (el) =>
    (el.name === 'input' && (!has(el, 'type') || TEXT_INPUT_TYPES.some((t) => equalsIgnoringCase(el, 'type', t)))) ||
    el.name === 'textarea' ||
    (has(el, 'contenteditable') && !equalsIgnoringCase(el, 'contenteditable', 'false')) ||
    el.attribs.role === 'textbox' ||
    el.attribs.role === 'searchbox',
);

const cookieConsentClass = containsIgnoringCase('class', 'cookie-consent');
const cookieBannerId = containsIgnoringCase('id', 'cookie-banner');
const cookieBannerClass = containsIgnoringCase('class', 'cookie-banner');
const consentBannerId = containsIgnoringCase('id', 'consent-banner');
/** Consent frameworks, named in ids and classes by the vendors themselves, the same on every site that embeds them. */
export const VENDOR_CONSENT = query(
  '[id^=onetrust i],[id^=CybotCookiebot],[class*=cookie-consent i],[id*=cookie-banner i],[class*=cookie-banner i],[id*=consent-banner i]',
  (el) =>
    startsIgnoringCase(el, 'id', 'onetrust') ||
    !!el.attribs.id?.startsWith('CybotCookiebot') ||
    cookieConsentClass(el) ||
    cookieBannerId(el) ||
    cookieBannerClass(el) ||
    consentBannerId(el),
);

/** Button-like controls: links that go somewhere are not buttons; scripted anchors (no target, "#") are. */
export const CONTROLS = query(
  'button,[role=button],a:not([href]),a[href="#"],a[href^="javascript:" i]',
  (el) => el.name === 'button' || el.attribs.role === 'button' || (el.name === 'a' && (!has(el, 'href') || el.attribs.href === '#' || startsIgnoringCase(el, 'href', 'javascript:'))),
);

// The restore phase's.
export const CF_EMAIL = query('[data-cfemail]', (el) => has(el, 'data-cfemail'));
export const TAB_PANELS = query('[role=tabpanel]', (el) => el.attribs.role === 'tabpanel');
export const TABS_OR_IDS = query('[role=tab],[id]', (el) => el.attribs.role === 'tab' || has(el, 'id'));
export const TAB_LISTS = query('[role=tablist]', (el) => el.attribs.role === 'tablist');
export const STREAMED = query('div[hidden][id^="S:"]', (el) => el.name === 'div' && has(el, 'hidden') && !!el.attribs.id?.startsWith('S:'));

/** Every query above, for the test that holds them against css-select. */
export const QUERIES: readonly Query[] = [
  ALL, BODY, TITLE, H1, H2_H3, BUTTON, LINK, HEADINGS, CLASS_OR_STYLE, ICON_CANDIDATES, HIDING_CANDIDATES, RECORD_VIEWS,
  CURRENT_MARKERS, PICKERS, HEADERS, LANDMARKS, INERT, CHROME, TEXT_FIELD, VENDOR_CONSENT, CONTROLS,
  CF_EMAIL, TAB_PANELS, TABS_OR_IDS, TAB_LISTS, STREAMED,
];
