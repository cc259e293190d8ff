/**
 * The tolerant matching form of a quote the guide marked editorially (a claim's `match` field).
 *
 * - `[…]`, `[...]`, `…` or `...`: words the guide left out. The page may have any words there, within the same
 *   paragraph.
 * - `[anything else]`, e.g. "de-link[s]" or "[we] require": the guide changed or added a word. The page may have up
 *   to SHORT_GAP other words there, or none ("de-link[s] your data" verifies against "de-link your data").
 *
 * The parts between the marks must all be on the page, in order.
 */

export type Gap = 'short' | 'long';

export interface FormPart {
  text: string;
  /** The gap allowed between the previous part and this one (absent on the first part). */
  gapBefore?: Gap;
}

/** At most this many page words stand where the guide wrote a bracketed change. */
export const SHORT_GAP = 3;
/** A left-out passage spans at most this many words (and never crosses a paragraph). */
export const LONG_GAP = 120;

const MARK = /\[(?:…|\.\.\.)\]|\[[^\]\n]*\]|…|\.\.\./g;

export function parseMatchForm(form: string): FormPart[] {
  const parts: FormPart[] = [];
  let pending: Gap | undefined;
  let at = 0;
  const push = (text: string) => {
    if (/[\p{L}\p{N}]/u.test(text)) {
      parts.push(parts.length === 0 || pending === undefined ? { text: text.trim() } : { text: text.trim(), gapBefore: pending });
      pending = undefined;
    }
  };
  for (const m of form.matchAll(MARK)) {
    push(form.slice(at, m.index));
    const gap: Gap = m[0] === '…' || m[0] === '...' || /^\[(?:…|\.\.\.)\]$/.test(m[0]) ? 'long' : 'short';
    // Two marks in a row: the wider one counts.
    pending = pending === 'long' || gap === 'long' ? 'long' : 'short';
    at = m.index + m[0].length;
  }
  push(form.slice(at));
  return parts;
}

/** Whether a text carries editorial marks that need a matching form. */
export function hasEditorialMarks(text: string): boolean {
  return parseMatchForm(text).length > 1 || /\[[^\]\n]*\]/.test(text);
}

/** The words of the form without its marks: what the page is compared with when the parts are not all there. */
export function formText(parts: readonly FormPart[]): string {
  return parts.map((p) => p.text).join(' ');
}
