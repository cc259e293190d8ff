import type { Topic } from '../config/schema.ts';

/** One fact-bearing sentence that changed, said the way a person would. */
export interface KeyChange {
  kind: 'changed' | 'new' | 'removed';
  topic?: Topic;
  /** e.g. "Retention: 30 days → 90 days (How long do you store my data?)" */
  text: string;
  before?: string;
  after?: string;
  section?: string;
  /** What told it: a guide claim, a date, a fact in a sentence, a table record, a list item, a section, a rename. */
  source?: 'claim' | 'date' | 'fact' | 'record' | 'item' | 'section' | 'rename' | 'sentence';
  /** The few words the headline would use for it, distinguishing words first. */
  short?: string;
}

export interface ChangeSummary {
  /** Leads alert titles and email subjects. */
  headline: string;
  keyChanges: KeyChange[];
}
