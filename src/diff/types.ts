export type ChangeKind = 'first' | 'noise' | 'formatting' | 'substantive';

export interface WordPart {
  op: 'equal' | 'insert' | 'delete';
  text: string;
}

/** One changed block (paragraph, heading, list item, table row) with word-level marks. */
export interface DiffHunk {
  /** The nearest heading above the change, for "changed in §4". */
  section?: string;
  before: string;
  after: string;
  words: WordPart[];
}

export interface ReadableDiff {
  hunks: DiffHunk[];
  /** Hunks beyond the size cap were dropped. */
  truncated: boolean;
  stats: { added: number; removed: number; changed: number };
}

export interface Classification {
  kind: ChangeKind;
  /** The classification rule that decided a difference was noise or formatting (rules.ts). */
  rule?: string;
  /** Present for formatting and substantive changes. */
  diff?: ReadableDiff;
}
