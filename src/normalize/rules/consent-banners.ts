import type { BlockRule } from '../rule.ts';
import { headingCount } from '../dom.ts';
import { CONSENT_MAX } from '../thresholds.ts';
import { widestBlock } from './controls.ts';

// A consent decision ("Accept all cookies", "Reject", "Got it"): what makes a block a consent banner rather than
// policy text about cookies, which never carries these buttons.
const CONSENT_ACTION = /^(?:accept|allow|agree|i agree|reject|deny|decline|refuse|got it|ok(?:ay)?|i understand|understood)\b/i;
const CONSENT_WORDS = /\bcookies?\b|\bconsent\b|\btracking technologies\b|\byour privacy choices\b/i;

export const consentBanners: BlockRule = {
  id: 'consent-banners',
  phase: 'prune',
  kind: 'block',
  scan: 'controls',
  version: 1,
  description: 'drops the block around a consent button (Accept, Reject, Got it) that talks about cookies; a headed section inside the main content stays (the cookie policy itself)',
  judge(control, scan) {
    if (!CONSENT_ACTION.test(scan.text(control))) return undefined;
    const block = widestBlock(control, scan.size, CONSENT_MAX, CONSENT_WORDS);
    if (!block || block === control) return 'keep';
    if (headingCount(block) > 0 && scan.$(block).closest('main,article,[role=main]').length > 0) return 'keep';
    return { remove: [block] };
  },
};
