/** The text layer shared by claim matching and change summaries: normalized Markdown → plain text → tokens. */
export { compact, lineToPlainText, passage, tokenize, toPlainText, wordsOf } from './plain.ts';
export type { Compact, DateCanonicalizer, KeyedWords, TextOptions, Token } from './plain.ts';
