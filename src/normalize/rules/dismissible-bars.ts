import type { BlockRule } from '../rule.ts';
import { BAR_MAX } from '../thresholds.ts';
import { widestBlock } from './controls.ts';

const DISMISS = /^(?:close|dismiss|hide|[×✕✖x])(?:\s+(?:this\s+)?(?:banner|announcement|notification|message|bar|notice|alert))?$/i;
// A close button inside a paragraph, list item or cell closes a popover in the prose (a definition), not a bar.
const PROSE = 'p,li,td,th,dd,dt,h1,h2,h3,h4,h5,h6,blockquote';

export const dismissibleBars: BlockRule = {
  id: 'dismissible-bars',
  phase: 'prune',
  kind: 'block',
  scan: 'controls',
  version: 1,
  description: 'drops the short block (announcement bar, toast) around a close or dismiss button that is not inside prose',
  judge(control, scan) {
    if (control.name === 'a' || !DISMISS.test(scan.text(control)) || scan.$(control).closest(PROSE).length > 0) return undefined;
    const block = widestBlock(control, scan.size, BAR_MAX);
    return block && block !== control ? { remove: [block] } : 'keep';
  },
};
