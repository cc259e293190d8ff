import type { ClaimChange } from '../claims/types.ts';
import type { KeyChange } from './types.ts';
import { clipPair, diffSentence, keyPhrase, renderEdits } from './phrases.ts';
import { factMove, factsIn } from './facts.ts';
import { topicLabel } from './topics.ts';

/**
 * A quoted claim of the guide that the page changed: the most important news there is, so it leads the headline
 * and the list. It reads as the claim's words and their new wording ("Training claim: 'will not use' → 'may
 * use'"). A first sighting that does not verify is the guide's own staleness (maintainers see it in the claims
 * section); an effective-date claim is told by the page's date.
 */
export interface ClaimItem {
  change: KeyChange;
  variants: string[];
  bare?: string;
  /** The page's sentence the claim now reads as: the sentence pass does not tell it again. */
  wording?: string;
}

export function claimItems(claimChanges: readonly ClaimChange[]): ClaimItem[] {
  const items: ClaimItem[] = [];
  for (const c of claimChanges) {
    if (!c.before || c.claim.kind === 'effective-date') continue;
    const was = c.before.currentWording && c.before.status !== 'verified' ? c.before.currentWording : c.claim.quote;
    const now = c.after.currentWording;
    const label = `${topicLabel(c.claim.topic)} claim`;
    const where = c.claim.guide ? ` (the guide's '${c.claim.guide.section}')` : '';
    const base = { topic: c.claim.topic, source: 'claim' as const, before: c.claim.quote };
    const quote = keyPhrase(c.claim.quote, 50);
    if (c.after.status === 'missing') {
      const variants = [`${label.toLowerCase()} gone: '${quote}'`, `${label.toLowerCase()} gone: '${keyPhrase(c.claim.quote, 30)}'`];
      items.push({ change: { kind: 'removed', text: `Quoted claim no longer on the page: “${c.claim.quote}”${where}`, ...base, short: variants[0] }, variants, bare: `${label.toLowerCase()} gone` });
      continue;
    }
    if (c.after.status === 'verified') {
      const variants = [`${label.toLowerCase()} verified again: '${quote}'`, `${label.toLowerCase()} verified again: '${keyPhrase(c.claim.quote, 30)}'`];
      items.push({
        change: { kind: 'changed', text: `Quoted claim verified again: “${c.claim.quote}”${where}`, ...base, ...(now && { after: now }), short: variants[0] },
        variants,
        bare: `${label.toLowerCase()} verified again`,
      });
      continue;
    }
    if (!now) continue;
    const diff = diffSentence(was, now);
    const words = diff.edits.length > 0 ? renderEdits(diff) : { before: quote, after: keyPhrase(now, 50) };
    const tight = clipPair(words.before, words.after, 40);
    // Numbers read as themselves, their shared lead-in dropped ("30 days → 90 days"); words in quotes.
    const [from, to] = [factsIn(words.before), factsIn(words.after)];
    const numeric = from.length === 1 && to.length === 1 && from[0] === words.before.toLowerCase() && to[0] === words.after.toLowerCase();
    const variants = numeric
      ? [`${label}: ${factMove(from[0] as string, to[0] as string)}`]
      : [`${label}: '${words.before}' → '${words.after}'`, `${label}: '${tight.before}' → '${tight.after}'`];
    items.push({
      change: { kind: 'changed', text: `Quoted claim reworded: '${words.before}' → '${words.after}'; now reads “${now}”${where}`, ...base, after: now, short: variants[0] },
      variants,
      bare: `${label.toLowerCase()} reworded`,
      wording: now,
    });
  }
  return items;
}
