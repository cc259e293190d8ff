import type { DocumentConfig } from '../config/schema.ts';
import { diffClaimStatuses, verifyClaims, verifyEffectiveDate, watchedClaims } from '../claims/index.ts';
import type { ClaimChange, ClaimStatus } from '../claims/types.ts';

/**
 * Verifies a document's claims against its current text (and its effective date against the one the guide
 * states) and returns what changed since the last run.
 * Only claims the previous run checked with the same quote can "change": a claim just added or re-quoted in the
 * config gets its baseline silently (its status shows in claims.json and `policywatch claims`), so editing the
 * config never mails subscribers about a page that did not change. The one exception is the effective date: a page
 * whose date is not the one the guide states is reported to maintainers the first time it is seen (the guide is
 * out of date), and only then; subscribers hear of it only when the page's date itself changes.
 */
export function checkClaims(
  doc: DocumentConfig,
  markdown: string,
  at: string,
  previous: ClaimStatus[],
  pageEffectiveDate?: string,
): { claims: ClaimStatus[]; claimChanges: ClaimChange[] } {
  const claims = verifyClaims(doc, markdown, new Date(at), previous);
  const dated = verifyEffectiveDate(doc, pageEffectiveDate, new Date(at), previous);
  if (dated) claims.push(dated);
  const watched = watchedClaims(doc);
  const comparable = previous.filter((p) => watched.some((c) => c.id === p.id && c.quote === p.quote));
  const claimChanges = diffClaimStatuses(comparable, claims, watched).filter(
    (change) => change.before !== undefined || change.claim.kind === 'effective-date',
  );
  return { claims, claimChanges };
}
