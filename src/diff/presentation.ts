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
 * a reader sees did not change.
 */

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

export function presentationFree(markdown: string): string {
  // Full-width and compatibility forms (＂，：１２) read as the same characters: NFKC.
  return markdown
    .normalize('NFKC')
    .split('\n')
    .map(stripLine)
    .join(' ')
    .replace(/!?\[((?:\\.|[^\]\\])*)\]\((?:[^()\s]|\([^()\s]*\))+\)/g, '$1')
    .replace(/\\([[\]\\*_`|#>+\-.])/g, '$1')
    .replace(/(\*\*|__|~~)(?=\S)|(?<=\S)(\*\*|__|~~)/g, '')
    .replace(/(?<![\p{L}\p{N}])[_*](?=\S)|(?<=\S)[_*](?![\p{L}\p{N}])/gu, '')
    .replace(/`/g, '')
    .replace(/[“”„‟″«»〝〞]/g, '"')
    .replace(/[‘’‚‛′ʼ´]/g, "'")
    // Dashes: one glyph, a double hyphen, and spaced or not ("policy — effective", "policy—effective").
    .replace(/[‐‑‒–—―−﹘﹣]/g, '-')
    .replace(/\s*-{2,}\s*|\s+-\s+|(?<=\S)\s+-(?=\S)|(?<=\S)-\s+(?=\S)/g, '-')
    // An ellipsis as one glyph or as dots, spaced or not.
    .replace(/\s*(?:…|\.(?:\s?\.){2})/g, '...')
    .replace(/[|]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}
