/** How error pages name themselves: the site's application-error text, or a title or first heading that is an error. */

export const APP_ERROR = /application error: a (?:client|server)-side exception has occurred/i;
// What error pages call themselves, in the title or as the first heading of their content. An HTTP status counts
// wherever it stands ("anthropic.com | 502: Bad gateway"), when error words go with it.
const STATUS_WORDS =
  'error|not found|bad gateway|bad request|forbidden|unauthori[sz]ed|service unavailable|gateway time-?out|internal server error|too many requests';
const ERROR_NAME = new RegExp(
  [
    String.raw`^(?:error\s*)?[45]\d\d\b`,
    String.raw`\b[45]\d\d\s*[:|\-–—]?\s*(?:${STATUS_WORDS})\b`,
    String.raw`\b(?:${STATUS_WORDS})\s*[:|\-–—]?\s*(?:code\s*)?[45]\d\d\b`,
    String.raw`\b(?:page|article|content|document) (?:could )?not (?:be )?found\b`,
    String.raw`^not found\b`,
    String.raw`\binternal server error\b`,
    String.raw`\bsomething went wrong\b`,
    String.raw`^oops\b`,
    String.raw`\ban? (?:unexpected )?error (?:has )?occurred\b`,
    String.raw`\b(?:couldn['’]t|could not|can['’]t|cannot) find (?:the|this|that) (?:page|article)\b`,
    String.raw`\b(?:page|article) (?:you (?:were|are) looking for|(?:does not|doesn['’]t) exist|(?:is|isn['’]t|is not) (?:no longer )?available)\b`,
    String.raw`\b(?:down for|under(?:going)?(?: scheduled)?|scheduled) maintenance\b`,
    String.raw`\bwe['’]ll be (?:right )?back\b`,
    String.raw`^service (?:temporarily )?unavailable\b`,
    String.raw`^error$`,
  ].join('|'),
  'i',
);

// A help article about an error ("Why do I see 'Something went wrong'?") is a document, not an error page.
const ABOUT_AN_ERROR = /\?\s*$|^(?:why|how|what|when|where|can|troubleshoot|fix|resolv|understand|about|if)\b/i;

export function wordCount(markdown: string): number {
  return markdown.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).length;
}

const RUN = /\S+/g;
const WORDY = /[\p{L}\p{N}]/u;

/**
 * Math.min(wordCount(markdown), limit), reading only as far as the limit: the gate asks whether a document has a
 * few dozen words, and most have tens of thousands. The runs of non-whitespace are the pieces split(/\s+/) makes.
 */
export function wordCountUpTo(markdown: string, limit: number): number {
  let n = 0;
  RUN.lastIndex = 0;
  for (let m = RUN.exec(markdown); m && n < limit; m = RUN.exec(markdown)) if (WORDY.test(m[0])) n++;
  return n;
}

/** True when a title or heading is an error page's name: a short phrase, not a question about an error. */
export function namesError(text: string): boolean {
  return text
    .split(/\s+[|\\–—]\s+|\s+[-:]\s+/)
    .some((part) => {
      const p = part.trim();
      return p.length > 0 && wordCount(p) <= 10 && !ABOUT_AN_ERROR.test(p) && ERROR_NAME.test(p);
    });
}

/** The first heading of the content, or its first line when it has no heading. */
export function leadLine(markdown: string): string {
  const lines = markdown.split('\n').filter((l) => l.trim());
  const heading = lines.find((l) => /^#{1,6}\s/.test(l));
  return (heading ?? lines[0] ?? '').replace(/^#{1,6}\s+/, '').slice(0, 300);
}
