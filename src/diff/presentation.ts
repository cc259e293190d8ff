/**
 * The words of a Markdown document with presentation removed, for telling a formatting change from a change of
 * substance. Presentation is everything a reader does not read as the policy: heading levels, list markers and
 * numbering (an <ol> number and a literal "A.1." prefix alike), emphasis, typography (quote, apostrophe, dash and
 * ellipsis styles, full-width and compatibility forms, line breaks inside a paragraph), whitespace, and link targets
 * that are not shown.
 *
 * Link targets: a target counts as policy text when it is cited, that is visible in the text (the link text is the
 * URL, as in "available at https://ico.org.uk/…"): the extractor then prints it bare, so a change to it is a change
 * of words. A target hidden behind link text ("see the [annotations](…/draft/…) section") is presentation: the words
 * a reader sees did not change. A link whose text is one URL and whose target is another page ("[https://a.example/x](
 * https://b.example/y)") cites both: the target's host and path stay with the words, so sending the cited URL to
 * another page is a change, and a link added to or taken from a bare URL with the same target is not.
 */

import { SPACE_RUNS } from '../shared/spaces.ts';
import { StringMemo } from '../shared/memo.ts';

const ENUMERATOR = String.raw`(?:[A-Za-z]|\d{1,3}|[ivxlc]{1,6}|[IVXLC]{1,6})`;
const LEADING_NUMBERING = new RegExp(String.raw`^(?:${ENUMERATOR}(?:\.${ENUMERATOR})*[.)]|\(${ENUMERATOR}\))\s+`);

function stripLine(line: string): string {
  let s = line.trim();
  s = s.replace(/^(?:>\s*)+/, '');
  s = s.replace(/^#{1,6}\s+/, '');
  s = s.replace(/^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$/, '');
  s = s.replace(/^(?:[-+*•·▪◦‣∙]|\d{1,3}[.)])\s+/, '');
  s = s.replace(/^\\(?=[-+*>#\d])/, '');
  // Literal numbering may follow a list marker or stand alone ("A.1.", "B.3.a.", "(ii)").
  for (let i = 0; i < 2; i++) s = s.replace(LEADING_NUMBERING, '').replace(/^[•·▪◦‣∙]\s*/, '');
  return s;
}

/** Host (without www.) and path (without a trailing slash) of an http(s) URL, or undefined for other text. */
function urlKey(text: string): string | undefined {
  const t = text.replace(/\\(.)/g, '$1').trim();
  if (!/^(?:https?:\/\/|www\.)\S+$/i.test(t)) return undefined;
  try {
    const u = new URL(/^www\./i.test(t) ? `https://${t}` : t);
    return `${u.hostname.toLowerCase().replace(/^www\./, '')}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/**
 * A link whose text is a URL cites that URL; when it leads to another page (another host or path, not only another
 * query), the page a reader is sent to is part of what the text says: its key is kept beside the words.
 */
function citedElsewhere(text: string, href: string): string {
  const [cited, target] = [urlKey(text), urlKey(href)];
  return cited !== undefined && target !== undefined && cited !== target ? ` ${target}` : '';
}

/**
 * Emphasis marks that open or close a run ("**bold**", "~~gone~~", "_word_"); a mark inside a word (DISABLE_TELEMETRY)
 * stays. Written mark first, the look-behinds after it: led by a look-behind, the same patterns (STRONG_MARK_PLAIN,
 * EMPHASIS_MARK_PLAIN, kept as the reference the tests compare them with) tried every position of the text and were
 * a third of this function.
 */
export const STRONG_MARK = /(?:\*\*|__|~~)(?:(?=\S)|(?<=\S[*_~]{2}))/g;
export const STRONG_MARK_PLAIN = /(\*\*|__|~~)(?=\S)|(?<=\S)(\*\*|__|~~)/g;
export const EMPHASIS_MARK = /[_*](?:(?<=(?<![\p{L}\p{N}])[_*])(?=\S)|(?<=(?<=\S)[_*])(?![\p{L}\p{N}]))/gu;
export const EMPHASIS_MARK_PLAIN = /(?<![\p{L}\p{N}])[_*](?=\S)|(?<=\S)[_*](?![\p{L}\p{N}])/gu;

// A run compares each version of a page twice (a replay: as the new version, then as the old one, after the
// snapshots that repeat it): a pure memo, bounded (StringMemo) to 1M characters of keys, the last versions of a large
// page. Every memo bound is memory kept for the whole run: a dev-other replay keeps ~15 MB more live heap with these.
const presentationFreeOf = new StringMemo(computePresentationFree, 1_000_000);

export function presentationFree(markdown: string): string {
  return presentationFreeOf.get(markdown);
}

function computePresentationFree(markdown: string): string {
  // Full-width and compatibility forms (＂，：１２) read as the same characters: NFKC.
  return markdown
    .normalize('NFKC')
    .split('\n')
    .map(stripLine)
    .join(' ')
    .replace(/!?\[((?:\\.|[^\]\\])*)\]\(((?:[^()\s]|\([^()\s]*\))+)\)/g, (_m, text: string, href: string) => text + citedElsewhere(text, href))
    .replace(/\\([[\]\\*_`|#>+\-.])/g, '$1')
    .replace(STRONG_MARK, '')
    .replace(EMPHASIS_MARK, '')
    .replace(/`/g, '')
    .replace(/[“”„‟″«»〝〞]/g, '"')
    .replace(/[‘’‚‛′ʼ´]/g, "'")
    // Dashes: one glyph, a double hyphen, and spaced or not ("policy — effective", "policy—effective").
    .replace(/[‐‑‒–—―−﹘﹣]/g, '-')
    .replace(/\s*-{2,}\s*|\s+-\s+|(?<=\S)\s+-(?=\S)|(?<=\S)-\s+(?=\S)/g, '-')
    // An ellipsis as one glyph or as dots, spaced or not.
    .replace(/\s*(?:…|\.(?:\s?\.){2})/g, '...')
    .replace(/[|]/g, ' ')
    .replace(SPACE_RUNS, ' ')
    .trim();
}
