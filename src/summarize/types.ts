import type { Topic } from '../config/schema.ts';

/**
 * Where a key change comes from: a quoted claim of the guide, the page's effective or "last updated" date, a fact
 * in an edited sentence (a number, a name, an address, a modal verb), a table row or repeated record, a list item,
 * a section, a word renamed throughout, or a sentence that came, went or was reworded.
 */
export type KeyChangeSource = 'claim' | 'date' | 'fact' | 'record' | 'item' | 'section' | 'rename' | 'sentence';

/** One change a reader would name, said the way a person would. */
export interface KeyChange {
  kind: 'changed' | 'new' | 'removed';
  topic?: Topic;
  /** e.g. "Retention: 30 days → 90 days (How long do you store my data?)" */
  text: string;
  before?: string;
  after?: string;
  section?: string;
  source?: KeyChangeSource;
  /** The few words the headline uses for it, distinguishing words first: "retention 30 days → 90 days". */
  short?: string;
}

export interface ChangeSummary {
  /** Leads alert titles and email subjects. */
  headline: string;
  keyChanges: KeyChange[];
}
