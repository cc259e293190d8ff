/** Where a link leads relative to the page it is on: to a place on this page, to this page itself, or elsewhere. */

/** The site a URL belongs to, roughly: its last two host labels (three under a two-letter second level, co.uk). */
export function siteOf(url: string, base: string): string | undefined {
  try {
    const labels = new URL(url, base).hostname.toLowerCase().split('.');
    const keep = labels.length > 2 && (labels.at(-2)?.length ?? 0) <= 3 && (labels.at(-1)?.length ?? 0) === 2 ? 3 : 2;
    return labels.slice(-keep).join('.');
  } catch {
    return undefined;
  }
}

export interface LinkPlace {
  /** Same document: the same host (www. aside) and path (a trailing slash aside). The query is ignored: tabs and pagers reuse the page with a parameter. */
  samePage: boolean;
  /** The fragment ("section-2") of a link to a place on this page. */
  fragment?: string;
}

function key(url: URL): string {
  return `${url.hostname.toLowerCase().replace(/^www\./, '')}${url.pathname.replace(/\/+$/, '') || '/'}`;
}

/**
 * Places by link target, for the page last asked about: rules ask where every link of a page leads, pages repeat
 * their links (navigation, contents), and a replay reads the versions of one page in a row. A bounded pure memo:
 * the answer depends on the target and the page alone, the map starts afresh for another page or past the bound,
 * and the answers are frozen (every caller of a target shares one).
 */
let placesOn: { base: string; places: Map<string, LinkPlace | undefined> } | undefined;
const PLACES_MAX = 20_000;

export function linkPlace(href: string | undefined, base: string): LinkPlace | undefined {
  const raw = (href ?? '').trim();
  if (placesOn?.base !== base || placesOn.places.size >= PLACES_MAX) placesOn = { base, places: new Map() };
  const places = placesOn.places;
  if (places.has(raw)) return places.get(raw);
  const place = findPlace(raw, base);
  places.set(raw, place && Object.freeze(place));
  return place;
}

/** Where a trimmed link target leads from `base`, worked out afresh (linkPlace remembers it; its test compares the two). */
export function findPlace(raw: string, base: string): LinkPlace | undefined {
  if (!raw || /^(?:javascript|mailto|tel|data):/i.test(raw)) return undefined;
  if (raw.startsWith('#')) return raw.length > 1 ? { samePage: true, fragment: raw.slice(1) } : undefined;
  try {
    const page = new URL(base);
    const target = new URL(raw, page);
    if (!/^https?:$/.test(target.protocol)) return undefined;
    const same = key(target) === key(page);
    return same && target.hash.length > 1 ? { samePage: true, fragment: target.hash.slice(1) } : { samePage: same };
  } catch {
    return undefined;
  }
}

// Numbering in front of a heading or its entry in a contents list: "1.", "2.3", "A.", "(b)", "iv)", "Section 4:".
const NUMBERING = /^(?:(?:section|article|part|chapter|§)\s*)?(?:\d+(?:\.\d+)*\.?|\(?[a-z]\)|[a-z]\.|\(?[ivxlc]+[.)])\s+/i;

/** A heading's words for comparing a contents entry with it: numbering, case and punctuation aside. */
export function headingKey(text: string): string {
  return text.trim().replace(NUMBERING, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** Whether a contents entry names a heading: the same words, or one holding the other when they are close in length. */
export function namesHeading(entry: string, headings: ReadonlySet<string>, all: readonly string[]): boolean {
  const k = headingKey(entry);
  if (!k) return false;
  if (headings.has(k)) return true;
  return all.some((h) => h.length > 0 && (h.includes(k) || k.includes(h)) && Math.min(h.length, k.length) >= 0.6 * Math.max(h.length, k.length));
}
