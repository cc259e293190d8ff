import type { DocumentConfig } from '../config/schema.ts';
import type { ClaimStatus, WatchedClaim } from './types.ts';
import { claimDay } from './day.ts';

/** The id of the claim a document's stated effective date becomes (config claim ids may not use it). */
export const EFFECTIVE_DATE_CLAIM_ID = 'guide-effective-date';

type DatedDocument = Pick<DocumentConfig, 'id' | 'topics' | 'guide'>;

/** The effective date the guide states for a document, as a claim to watch; undefined when it states none. */
export function effectiveDateClaim(doc: DatedDocument): WatchedClaim | undefined {
  if (!doc.guide) return undefined;
  return {
    id: EFFECTIVE_DATE_CLAIM_ID,
    kind: 'effective-date',
    quote: `effective ${doc.guide.effectiveDate}`,
    topic: doc.topics[0] ?? 'terms',
    ...(doc.guide.section !== undefined && { guide: { section: doc.guide.section } }),
  };
}

/** Every claim a run watches on a document: its configured claims, then its stated effective date. */
export function watchedClaims(doc: Pick<DocumentConfig, 'id' | 'topics' | 'guide' | 'claims'>): WatchedClaim[] {
  const dated = effectiveDateClaim(doc);
  return dated ? [...doc.claims, dated] : [...doc.claims];
}

/**
 * The page's effective date (as extracted, YYYY-MM-DD) against the guide's: verified when equal, reworded when the
 * page states another date, missing when it states none.
 */
export function verifyEffectiveDate(
  doc: DatedDocument,
  pageDate: string | undefined,
  now: Date,
  previous: readonly ClaimStatus[] = [],
): ClaimStatus | undefined {
  const claim = effectiveDateClaim(doc);
  if (!claim) return undefined;
  const checkedAt = claimDay(now);
  const base = { id: claim.id, docId: doc.id, topic: claim.topic, quote: claim.quote, checkedAt };
  if (pageDate === doc.guide?.effectiveDate) {
    return { ...base, status: 'verified', similarity: 1, currentWording: `effective ${pageDate}`, verifiedAt: checkedAt };
  }
  const before = previous.find((p) => p.id === claim.id && p.docId === doc.id && p.quote === claim.quote);
  return {
    ...base,
    status: pageDate === undefined ? 'missing' : 'reworded',
    similarity: 0,
    ...(pageDate !== undefined && { currentWording: `effective ${pageDate}` }),
    ...(before?.verifiedAt !== undefined && { verifiedAt: before.verifiedAt }),
  };
}
