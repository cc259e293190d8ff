import type { ChangeKind } from './types.ts';
import { presentationFree } from './presentation.ts';
import { setAsideStamps } from './stamps.ts';

/**
 * Named classification rules: each explains one kind of difference between two extractions that is not a change of
 * policy. They run in order after the extraction has removed page noise; the first that decides names itself in the
 * classification (`rule`). When none decides, the change is substantive.
 */
export interface ClassificationRule {
  id: string;
  description: string;
  judge(before: string, after: string): Extract<ChangeKind, 'noise' | 'formatting'> | undefined;
}

const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  new Set(a).size === new Set(b).size && a.every((d) => b.includes(d));

/**
 * A date stamp that appears, disappears, moves or is bumped while the text is the same is bookkeeping of the page,
 * not a change of policy: a template that prints "Updated <date>" above the article, a help center that re-dates a
 * republished article. A stated effective date that changes is the date the policy applies from: that stays a change,
 * and with changed text the stamps are part of it (the summary leads with them).
 */
export const stampLines: ClassificationRule = {
  id: 'stamp-lines',
  description: 'an "Updated/Last updated/Effective <date>" stamp that appears, moves or is re-dated while the text is the same is noise; a changed effective date is not',
  judge(before, after) {
    const [a, b] = [setAsideStamps(before), setAsideStamps(after)];
    if (a.effective.length > 0 && b.effective.length > 0 && !sameSet(a.effective, b.effective)) return undefined;
    if (a.dates.length === 0 && b.dates.length === 0) return undefined;
    if (a.text === b.text) return 'noise';
    return presentationFree(a.text) === presentationFree(b.text) ? 'formatting' : undefined;
  },
};

/** Equal words once presentation is removed (presentation.ts). */
export const presentation: ClassificationRule = {
  id: 'presentation',
  description: 'the same words with other presentation (heading levels, list numbering, emphasis, typography, hidden link targets) is formatting',
  judge: (before, after) => (presentationFree(before) === presentationFree(after) ? 'formatting' : undefined),
};

export const CLASSIFICATION_RULES: readonly ClassificationRule[] = [stampLines, presentation];
