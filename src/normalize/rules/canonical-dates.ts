import type { TextRule } from '../rule.ts';
import { canonicalizeDates } from '../dates.ts';

export const canonicalDates: TextRule = {
  id: 'canonical-dates',
  phase: 'text',
  kind: 'text',
  version: 2,
  description: 'writes every calendar date as YYYY-MM-DD ("February 24, 2025" and "24 February 2025" render alike); dates inside URLs stay',
  line: canonicalizeDates,
};
