/**
 * Change summaries: what changed between two versions of a document, said the way a person would. Headlines (issue
 * titles, email subjects), key changes, facts and sentence pairing live here; claim verification stays in claims/.
 */
export { summarizeChange } from './summarize.ts';
export type { SummarizeOptions } from './summarize.ts';
export type { ChangeSummary, KeyChange, KeyChangeSource } from './types.ts';
