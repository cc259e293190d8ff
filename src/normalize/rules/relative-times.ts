import type { TextRule } from '../rule.ts';
import { dropRelativeTimes, isRelativeTime } from '../dates.ts';

export const relativeTimes: TextRule = {
  id: 'relative-times',
  phase: 'text',
  kind: 'text',
  version: 1,
  description: 'drops relative time stamps ("Updated over a week ago", "3 days ago") standing alone or after a byline separator; the same words in prose stay',
  line: dropRelativeTimes,
  dropsLine: isRelativeTime,
};
