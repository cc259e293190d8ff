import { load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { ExtractInput, Extraction } from './types.ts';
import { restore, dropInertAndChrome, dropNamedChrome, findContentRoot, selectAll } from './content.ts';
import { dropTitleCrumbs, dropWidgets } from './widgets.ts';
import { renderMarkdown } from './markdown.ts';
import { canonicalizeDates, dropRelativeTimes } from './dates.ts';
import { dateFromPageData, dateFromText } from './detect.ts';
import { contains, textOf } from './dom.ts';
import { stripControls } from '../untrusted/index.ts';

/**
 * The extraction stage: raw HTML (or PDF text) → the document's policy text as canonical Markdown.
 *
 * Rules, in order: scripts/styles/comments cut before parsing; Cloudflare e-mail obfuscation decoded; streamed
 * React slots restored; tabs labelled and all panels kept (hidden content is read: accordions, tabs, paginated
 * rows); configured `remove` selectors, inert elements, landmarks (nav, aside, footer, forms, site headers, dialogs,
 * banners), pickers and plain buttons dropped; the content root found from `select` or by default rules (largest
 * main/article landmark, narrowed by text dominance, widened to the h1); chrome named by class/id, link farms and
 * worded widgets (related articles, feedback, table of contents, copy buttons, documentation-index and agent
 * blocks) dropped; the rest rendered as Markdown with absolute, de-tracked link targets, ISO dates and no
 * relative times. Classes, ids, data attributes and nonces never reach the output.
 */
export type { ExtractInput, Extraction, PageSignals } from './types.ts';
export { canonicalizeDates, dropRelativeTimes } from './dates.ts';
export { normalizeUrl, decodeCfEmail } from './urls.ts';

/**
 * Version of the extraction rules. Bump it whenever a rule change alters the Markdown of any page: the orchestrator
 * then re-extracts stored raw HTML so that old and new snapshots compare under the same rules.
 */
export const RULES_VERSION = '2026.4';

// Scripts, styles and comments are cut with a linear scan before parsing: they are most of the bytes of a modern
// page (RSC payloads, __NEXT_DATA__), never content, and parsing them is the slow part.
const INERT_BLOCKS = /<(script|style|noscript|template|svg)\b[^>]*>[\s\S]*?<\/\1\s*>|<!--[\s\S]*?-->/gi;

function stripInert(html: string): string {
  return html.replace(INERT_BLOCKS, (m, tag: string | undefined) =>
    // React streaming slots are kept: restore() moves streamed content into them.
    tag?.toLowerCase() === 'template' && /^<template id="B:/i.test(m) ? m : '',
  );
}

function extractText(input: ExtractInput): Extraction {
  const paragraphs = input.body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => dropRelativeTimes(canonicalizeDates(p.replace(/[^\S\n]+/g, ' ').replace(/\s*\n\s*/g, ' ').trim())))
    .filter(Boolean);
  const markdown = paragraphs.length ? `${paragraphs.join('\n\n')}\n` : '';
  const effectiveDate = dateFromText(markdown);
  return {
    markdown,
    title: paragraphs[0]?.slice(0, 200),
    ...(effectiveDate ? { effectiveDate } : {}),
    selectorFallback: false,
    signals: { pageText: markdown, pageTitle: undefined, rootFound: markdown.length > 0, selectorConfigured: false },
  };
}

/** Extracts the document's text as canonical Markdown. Pure and deterministic. */
export function extract(input: ExtractInput): Extraction {
  const extraction = input.format === 'text' ? extractText(input) : extractHtml(input);
  // Control characters and bidi overrides (decoded from entities such as &#27;) never reach stored text.
  extraction.markdown = stripControls(extraction.markdown);
  if (extraction.title !== undefined) extraction.title = stripControls(extraction.title);
  return extraction;
}

function extractHtml(input: ExtractInput): Extraction {
  const $ = load(stripInert(input.body), { xml: { xmlMode: false, decodeEntities: true } });
  restore($);
  const titleElement = $('title')[0];
  const pageTitle = titleElement ? textOf(titleElement) || undefined : undefined;
  dropInertAndChrome($, input.doc.remove ?? []);
  const pageText = textOf($('body')[0] ?? $.root()[0]!);

  let selectorFallback = false;
  let root: AnyNode | undefined;
  const selectors = input.doc.select ?? [];
  if (selectors.length > 0) {
    const matched = selectors.flatMap((selector) => selectAll($, selector));
    // Keep only outermost matches so that nested matches are not rendered twice.
    const outer = matched.filter((el) => !matched.some((o) => o !== el && contains(o, el)));
    if (outer.length === 1) root = outer[0];
    else if (outer.length > 1) root = $('<div></div>').append(outer.map((el) => $(el).clone()[0]!))[0];
    else selectorFallback = true;
  }
  let orphanTitle: AnyNode | undefined;
  if (!root) {
    const found = findContentRoot($);
    root = found?.root;
    orphanTitle = found?.title;
  }
  if (root) {
    dropNamedChrome(root, input.url);
    dropWidgets(root);
    dropTitleCrumbs(root);
  }
  const body = root ? renderMarkdown(root, { base: input.url }) : '';
  const titleText = orphanTitle ? textOf(orphanTitle) : undefined;
  const markdown = titleText && body ? `# ${titleText}\n\n${body}` : body;
  const h1 = root ? $(root).find('h1').first() : undefined;
  const title =
    titleText || (h1?.length ? textOf(h1[0]!) : undefined) || pageTitle?.replace(/\s+[|\\–—-]\s+[^|\\–—-]+$/, '');
  const effectiveDate = dateFromText(markdown) ?? dateFromPageData(input.body);
  return {
    markdown,
    ...(title ? { title } : {}),
    ...(effectiveDate ? { effectiveDate } : {}),
    selectorFallback,
    signals: { pageText, pageTitle, rootFound: root !== undefined && markdown.length > 0, selectorConfigured: selectors.length > 0 },
  };
}
