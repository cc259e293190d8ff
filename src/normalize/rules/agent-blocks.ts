import type { BlockRule } from '../rule.ts';
import { firstHeadingText, hasTitle, headingCount } from '../dom.ts';
import { AGENT_BLOCK_MAX } from '../thresholds.ts';

// Blocks written for crawlers and agents (documentation indexes, agent instructions).
const AGENT_BLOCK =
  /^(?:>\s*)?(?:#+\s*)?(?:documentation index\b|(?:instructions|note|notes) (?:for|to) (?:ai )?(?:agents|llms|assistants)\b|agent instructions\b|for (?:ai )?agents\b|llm instructions\b)/i;
// What makes an agent block one: it points the agent to a machine-readable copy of the site (llms.txt, a .md page).
// A policy section titled "For AI agents" states rules for agents and points nowhere like that.
const AGENT_POINTER = /\bllms(?:-full)?\.txt\b|https?:\/\/\S+\.(?:md|txt)\b/i;

export const agentBlocks: BlockRule = {
  id: 'agent-blocks',
  phase: 'chrome',
  kind: 'block',
  scan: 'small-blocks',
  version: 1,
  description: 'drops a short block written for crawlers and agents (Documentation index, Instructions for AI agents) that points to a machine-readable copy (llms.txt, .md); a policy section about agents stays',
  judge(block, scan) {
    const size = scan.size(block)?.text ?? 0;
    if (size >= AGENT_BLOCK_MAX) return undefined;
    const text = scan.text(block);
    if (!AGENT_BLOCK.test(text) || !AGENT_POINTER.test(text)) return undefined;
    // The page's content container also starts with this text when the block is its first child.
    if (hasTitle(block) && !AGENT_BLOCK.test(firstHeadingText(block))) return undefined;
    return headingCount(block) <= 1 ? { remove: [block] } : undefined;
  },
};
