import type { TextRule } from '../rule.ts';

// Typographic ligatures (U+FB00–U+FB06) spelled out: "ﬁ" and "fi" are the same letters drawn as one glyph.
const LIGATURES: Record<string, string> = { 'ﬀ': 'ff', 'ﬁ': 'fi', 'ﬂ': 'fl', 'ﬃ': 'ffi', 'ﬄ': 'ffl', 'ﬅ': 'st', 'ﬆ': 'st' };
const LIGATURE = /[ﬀ-ﬆ]/g;
// Anything outside ASCII may be composed differently; ASCII text is already in every normal form.
const NON_ASCII = /[^\p{ASCII}]/u;

/** One finished line in Unicode NFC with ligatures spelled out. */
export function unicodeForm(text: string): string {
  if (!NON_ASCII.test(text)) return text;
  return text.normalize('NFC').replace(LIGATURE, (l) => LIGATURES[l] ?? l);
}

export const unicodeForms: TextRule = {
  id: 'unicode-forms',
  phase: 'text',
  kind: 'text',
  version: 1,
  description: 'writes text in Unicode NFC and spells out ligatures (ﬁ → fi): renders that encode the same glyphs differently (é as e + ◌́) give the same text; what looks different (full-width forms, quotes, dashes) is left to the diff',
  line: unicodeForm,
};
