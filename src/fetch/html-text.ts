/**
 * Cheap structural reads of raw HTML for the detectors. They run on every fetched page, so they use regular
 * expressions rather than a full parse; they only need to be right about tiny pages and obvious markers.
 */

const HIDDEN_BLOCKS = /<(script|style|noscript|template|svg|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENTS = /<!--[\s\S]*?-->/g;
const TAGS = /<[^>]+>/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#32': ' ' };

function decodeEntities(text: string): string {
  return text.replace(/&(#?\w+);/g, (whole, name: string) => ENTITIES[name.toLowerCase()] ?? whole);
}

/** The text a reader would see, whitespace collapsed. */
export function visibleText(html: string): string {
  return decodeEntities(html.replace(COMMENTS, ' ').replace(HIDDEN_BLOCKS, ' ').replace(TAGS, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

export function pageTitle(html: string): string {
  const match = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(html);
  return match?.[1] ? decodeEntities(match[1]).replace(/\s+/g, ' ').trim() : '';
}
