/** The text layer shared by claim matching and change summaries: normalized Markdown → plain text → tokens. */
export { compact, passage, tokenize, toPlainText } from './plain.ts';
export type { Compact, DateCanonicalizer, TextOptions, Token } from './plain.ts';
