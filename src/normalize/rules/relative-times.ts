import type { TextRule } from '../rule.ts';
import { dropRelativeTimes, isRelativeTime } from '../relative-time.ts';

export const relativeTimes: TextRule = {
  id: 'relative-times',
  phase: 'text',
  kind: 'text',
  version: 2,
  description: 'drops relative time stamps read as a grammar (label + "N units ago", "in the last …", "yesterday", "just now"; a few other languages) where they stand alone: a line, a byline segment, a parenthesis, a <time>; the same words in prose stay',
  line: dropRelativeTimes,
  dropsLine: isRelativeTime,
};
