import { diffWords } from 'diff';
import { claimDay } from './day.ts';
import { matchClaim, prepareText } from './match.ts';
import { formText, parseMatchForm } from './form.ts';
import { toPlainText } from '../text/index.ts';
import type { TextOptions } from '../text/index.ts';
import type { ClaimChange, ClaimStatus, WatchedClaim } from './types.ts';
import type { DocumentConfig } from '../config/schema.ts';
import type { WordPart } from '../diff/types.ts';

export type VerifyOptions = TextOptions;

/**
 * Checks every claim of a document against its current normalized Markdown.
 * `verifiedAt` is the day of the last run that verified the claim (claimDay): carried over from `previous` while the
 * claim is reworded or missing, so readers still see when it was last confirmed.
 */
export function verifyClaims(
  doc: Pick<DocumentConfig, 'id' | 'claims'>,
  markdown: string,
  now: Date,
  previous: readonly ClaimStatus[] = [],
  options: VerifyOptions = {},
): ClaimStatus[] {
  if (doc.claims.length === 0) return [];
  const text = prepareText(markdown, options);
  const checkedAt = claimDay(now);
  return doc.claims.map((claim) => {
    const found = matchClaim(text, claim, options);
    const base = { id: claim.id, docId: doc.id, topic: claim.topic, quote: claim.quote, checkedAt };
    if (found.exact) {
      return { ...base, status: 'verified', similarity: 1, currentWording: found.wording, verifiedAt: checkedAt };
    }
    const before = previous.find((p) => p.id === claim.id && p.docId === doc.id);
    const status: ClaimStatus = {
      ...base,
      status: found.wording === undefined ? 'missing' : 'reworded',
      similarity: round(found.similarity),
    };
    if (found.wording !== undefined) {
      status.currentWording = found.wording;
      const said = claim.match === undefined ? claim.quote : formText(parseMatchForm(claim.match));
      status.wordDiff = wordDiff(toPlainText(said, options), found.wording);
    }
    if (before?.verifiedAt !== undefined) status.verifiedAt = before.verifiedAt;
    return status;
  });
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

export function wordDiff(before: string, after: string): WordPart[] {
  return diffWords(before, after, { ignoreCase: true }).map((part) => ({
    op: part.added ? 'insert' : part.removed ? 'delete' : 'equal',
    text: part.value,
  }));
}

/**
 * Claims whose status or wording moved between two runs. A claim seen for the first time is reported only when it
 * is not verified: the guide quotes something the page does not say. Claims absent from `next` (their document was
 * not checked this run) are not reported.
 *
 * `claims` gives the configured claims (a flat list, or the documents holding them); a claim not found there is
 * rebuilt from its status.
 */
export function diffClaimStatuses(
  previous: readonly ClaimStatus[],
  next: readonly ClaimStatus[],
  claims: ReadonlyArray<WatchedClaim | Pick<DocumentConfig, 'id' | 'claims'>> = [],
): ClaimChange[] {
  const before = new Map(previous.map((s) => [key(s.docId, s.id), s]));
  const configured = configuredClaims(claims);
  const changes: ClaimChange[] = [];
  for (const after of next) {
    const old = before.get(key(after.docId, after.id));
    if (!moved(old, after)) continue;
    const claim = configured.get(key(after.docId, after.id)) ??
      configured.get(key('', after.id)) ?? { id: after.id, quote: after.quote, topic: after.topic };
    changes.push({
      claim,
      docId: after.docId,
      before: old && { status: old.status, currentWording: old.currentWording },
      after,
    });
  }
  return changes;
}

function moved(old: ClaimStatus | undefined, after: ClaimStatus): boolean {
  if (!old) return after.status !== 'verified';
  if (old.status !== after.status) return true;
  // A verified claim's passage may differ in case or quote style only; a reworded one that moved again matters.
  return after.status === 'reworded' && old.currentWording !== after.currentWording;
}

function key(docId: string, id: string): string {
  return `${docId}\u0000${id}`;
}

function configuredClaims(
  claims: ReadonlyArray<WatchedClaim | Pick<DocumentConfig, 'id' | 'claims'>>,
): Map<string, WatchedClaim> {
  const map = new Map<string, WatchedClaim>();
  for (const entry of claims) {
    if ('claims' in entry) for (const claim of entry.claims) map.set(key(entry.id, claim.id), claim);
    else map.set(key('', entry.id), entry);
  }
  return map;
}
