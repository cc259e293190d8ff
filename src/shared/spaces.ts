/**
 * text.replace(/\s+/g, ' '): every run of whitespace as one space. Most runs in page text already are one space; this
 * pattern leaves those alone, so a text with nothing else to change comes back as it is instead of rebuilt (three
 * times faster over the corpus's element texts). A run of two or more is matched whole from its first character,
 * and a lone whitespace character other than a space is matched alone (test/shared/spaces.test.ts).
 */
export const SPACE_RUNS = /\s{2,}|[^\S ]/g;

export function collapseSpaces(text: string): string {
  return text.replace(SPACE_RUNS, ' ');
}
