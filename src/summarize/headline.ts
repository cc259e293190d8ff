import { clipWords } from './phrases.ts';

/**
 * The headline: the document's title, its new date when it has one, and the top one to three changes, each in
 * the longest of its forms that fits. It is an e-mail subject and an issue title, so it stays within `max`
 * characters; "(+N more)" counts what it left out, and only that.
 */

export interface HeadlineItem {
  /** Forms of the same change, most telling first; the last is the shortest. */
  variants: readonly string[];
  /** A last resort that names the change without its words ("sharing reworded"): only for a first change that fits no other way. */
  bare?: string;
  /** Its rank: an item far below the first does not push the first's detail out. */
  score: number;
}

export interface HeadlineParts {
  title: string;
  rewritten: boolean;
  /** "effective 2026-07-08" and its longer form "effective 2026-07-08 (was 2025-08-28)". */
  date?: { short: string; long: string };
  items: readonly HeadlineItem[];
  /** Shown when nothing else is: "3 paragraphs changed in §4". */
  fallback: string;
  max: number;
}

const MAX_ITEMS = 3;
/** A first item cut to fewer characters than this says nothing: better the count alone. */
const MIN_CLIPPED = 24;

export function composeHeadline(parts: HeadlineParts): string {
  const { title, rewritten, date, items, max } = parts;
  const head = `${title}${rewritten ? ' rewritten' : ''}`;
  if (items.length === 0) {
    if (date) return fit([`${head}: ${date.long}`, `${head}: ${date.short}`, `${head}, ${date.short}`], max);
    return fit([`${head}: ${parts.fallback}`], max);
  }
  // The date stays unless dropping it is what lets the first change in; with it, the longer form where it costs nothing.
  const dated = date ? [fill(`${head}, ${date.long}`, items, max, 0), fill(`${head}, ${date.short}`, items, max, 0)] : [];
  // More changes shown first; then their longer forms; then the longer date.
  const withDate = dated.reduce<Built | undefined>(
    (best, b) => (b && (!best || b.shown > best.shown || (b.shown === best.shown && b.detail < best.detail)) ? b : best),
    undefined,
  );
  if (withDate) return withDate.headline;
  const plain = fill(head, items, max, date ? 1 : 0);
  if (plain) return plain.headline;
  // Not even the shortest form of the first change fits: its bare form, else cut it, keeping its beginning.
  const first0 = items[0];
  if (first0?.bare) {
    const bare = [{ ...first0, variants: [first0.bare] }, ...items.slice(1)];
    const built = (date ? fill(`${head}, ${date.short}`, bare, max, 0) : undefined) ?? fill(head, bare, max, date ? 1 : 0);
    if (built) return built.headline;
  }
  const lead = head;
  const first = items[0]?.variants.at(-1) ?? '';
  const rest = items.length - 1 + (date ? 1 : 0);
  const more = rest > 0 ? ` (+${rest} more)` : '';
  const room = max - lead.length - 2 - more.length;
  if (room >= MIN_CLIPPED) return `${lead}: ${clipWords(first, room)}${more}`;
  return fit([`${lead}: ${items.length + (date ? 1 : 0)} changes`, lead], max);
}

interface Built {
  headline: string;
  shown: number;
  /** How far down their forms the shown changes went: lower is more telling. */
  detail: number;
}

/**
 * The lead and as many changes as fit (up to three, and only those that weigh at least half the first): first the
 * most changes in their shortest forms, then each, in rank order, in the longest form that still fits. Undefined
 * when not even the first one fits.
 */
function fill(lead: string, items: readonly HeadlineItem[], max: number, extra: number): Built | undefined {
  const top = items[0]?.score ?? 0;
  const eligible = items.slice(0, MAX_ITEMS).filter((item, i) => i === 0 || item.score * 2 >= top);
  for (let k = eligible.length; k >= 1; k--) {
    const left = items.length - k + extra;
    const more = left > 0 ? ` (+${left} more)` : '';
    const chosen = eligible.slice(0, k).map((item) => item.variants.length - 1);
    const render = () => `${lead}: ${eligible.slice(0, k).map((item, i) => item.variants[chosen[i] as number]).join('; ')}${more}`;
    if (render().length > max) continue;
    for (let i = 0; i < k; i++) {
      const shortest = chosen[i] as number;
      for (let v = 0; v < shortest; v++) {
        chosen[i] = v;
        if (render().length <= max) break;
        chosen[i] = shortest;
      }
    }
    return { headline: render(), shown: k, detail: chosen.reduce((a, b) => a + b, 0) };
  }
  return undefined;
}

function fit(candidates: readonly string[], max: number): string {
  return candidates.find((c) => c.length <= max) ?? clipWords(candidates.at(-1) ?? '', max);
}
