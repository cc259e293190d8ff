import type { ChangeKind } from '../diff/types.ts';
import type { DocState, PendingChange } from '../store/types.ts';
import { tokenize, toPlainText } from '../text/index.ts';

/**
 * Confirming a change before anyone hears of it. Pages flip between fetches (an A/B test, a half-deployed site, a
 * block that comes and goes), so a substantive change first seen is held until a second sighting:
 *
 *  - the same text again: confirmed, alerted now;
 *  - the old text back: a flip-flop, nothing recorded;
 *  - a third text that still carries the held change (its added words still there, its removed words still gone):
 *    the held change is confirmed and recorded, and the third text is a sighting of its own after it;
 *  - any other third text: judged against the old one as it stands, without a second hold.
 *
 * The second sighting is a re-fetch in the same run (`confirm.changes: refetch`, the default for `check`) or the next
 * run's fetch (`next-run`, and `replay`, where the next snapshot decides). A change is never held longer than one
 * run: a crash leaves the hold in the state for the next run to decide, and a re-fetch that fails alerts the first
 * sighting. A drastic shrink (gate/shrink.ts) is the same hold, but only a later run confirms it: a broken render can
 * last longer than a quick re-fetch, and a third shrunken text is held again.
 */

export type ConfirmMode = 'refetch' | 'next-run' | 'off';

export type Sighting =
  /** Nothing to hold or to decide: classify as usual. */
  | { kind: 'plain' }
  /** First sighting of a substantive change: hold it. */
  | { kind: 'hold'; reason: PendingChange['reason'] }
  /** The held text again. */
  | { kind: 'confirmed'; pending: PendingChange }
  /** The old text back: the held change was a flip-flop. */
  | { kind: 'flip-flop'; pending: PendingChange }
  /** Neither: the new text is judged against the old one. */
  | { kind: 'other'; pending: PendingChange };

/** The held change, also as written by versions that only held shrinks. */
export function pendingOf(state: DocState): PendingChange | undefined {
  if (state.pendingChange) return state.pendingChange;
  const legacy = state.pendingShrink;
  return legacy ? { contentHash: legacy.contentHash, firstSeenAt: legacy.firstSeenAt, reason: 'drastic-shrink' } : undefined;
}

export function judgeSighting(input: {
  pending: PendingChange | undefined;
  contentHash: string;
  /** The classification against the recorded text. */
  kind: ChangeKind;
  /** The gate judged the change a drastic shrink. */
  shrink: boolean;
  mode: ConfirmMode;
}): Sighting {
  const { pending } = input;
  if (pending) {
    if (input.contentHash === pending.contentHash) return { kind: 'confirmed', pending };
    if (input.kind === 'noise') return { kind: 'flip-flop', pending };
    // A page still broken in another way is still not the document's new text.
    if (input.shrink) return { kind: 'hold', reason: 'drastic-shrink' };
    return { kind: 'other', pending };
  }
  if (input.kind !== 'substantive') return { kind: 'plain' };
  if (input.shrink) return { kind: 'hold', reason: 'drastic-shrink' };
  return input.mode === 'off' ? { kind: 'plain' } : { kind: 'hold', reason: 'unconfirmed' };
}

function counts(markdown: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const t of tokenize(toPlainText(markdown))) m.set(t.text, (m.get(t.text) ?? 0) + 1);
  return m;
}

/** The share (0-1) of the words a change moved that a later text still has moved the same way. */
const KEPT = 0.8;

/**
 * Whether the change from `before` to `held` is still there in `now` (an A, B, C sequence where C is not B): the
 * words it added are still in `now` and the words it removed are still gone, for most of them. Then the held
 * change is confirmed on its own, and `now` is a further change after it.
 */
export function persists(before: string, held: string, now: string): boolean {
  const [a, b, c] = [counts(before), counts(held), counts(now)];
  let added = 0;
  let addedKept = 0;
  let removed = 0;
  let removedKept = 0;
  for (const [word, n] of b) {
    const more = n - (a.get(word) ?? 0);
    if (more <= 0) continue;
    added += more;
    addedKept += Math.min(more, Math.max(0, (c.get(word) ?? 0) - (a.get(word) ?? 0)));
  }
  for (const [word, n] of a) {
    const fewer = n - (b.get(word) ?? 0);
    if (fewer <= 0) continue;
    removed += fewer;
    removedKept += Math.min(fewer, Math.max(0, n - (c.get(word) ?? 0)));
  }
  // A change of order only (no word added or removed) cannot be told apart by words: it is judged as it stands.
  if (added + removed === 0) return false;
  return (added === 0 || addedKept / added >= KEPT) && (removed === 0 || removedKept / removed >= KEPT);
}
