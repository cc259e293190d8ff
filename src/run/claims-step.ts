import type { DocumentConfig } from '../config/schema.ts';
import { diffClaimStatuses, verifyClaims } from '../claims/index.ts';
import type { ClaimChange, ClaimStatus } from '../claims/types.ts';

/**
 * Verifies a document's claims against its current text and returns what changed since the last run.
 * Only claims the previous run checked with the same quote can "change": a claim just added or re-quoted in the
 * config gets its baseline silently (its status shows in claims.json and `policywatch claims`), so editing the
 * config never mails subscribers about a page that did not change.
 */
export function checkClaims(
  doc: DocumentConfig,
  markdown: string,
  at: string,
  previous: ClaimStatus[],
): { claims: ClaimStatus[]; claimChanges: ClaimChange[] } {
  const claims = verifyClaims(doc, markdown, new Date(at), previous);
  const comparable = previous.filter((p) => doc.claims.some((c) => c.id === p.id && c.quote === p.quote));
  const claimChanges = diffClaimStatuses(comparable, claims, doc.claims).filter((change) => change.before !== undefined);
  return { claims, claimChanges };
}
