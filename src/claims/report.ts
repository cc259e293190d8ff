import { CLAIMS_REPORT_VERSION } from './schema.ts';
import type { ClaimReportEntry, ClaimsReport } from './schema.ts';
import type { ClaimStatus } from './types.ts';
import type { DocumentConfig } from '../config/schema.ts';

export interface ClaimsReportMeta {
  generatedAt: Date;
  /** Adds each claim's document title and URL. */
  documents?: ReadonlyArray<Pick<DocumentConfig, 'id' | 'title' | 'url'>>;
  toolVersion?: string;
  /** Written as "$schema" so editors and consumers find the published schema. */
  schemaUrl?: string;
}

/**
 * The claims.json object. Pass every claim's latest status, including those of documents that failed this run
 * (their previous status), so the report always lists every claim. Writing it is the caller's (atomically).
 */
export function buildClaimsReport(statuses: readonly ClaimStatus[], meta: ClaimsReportMeta): ClaimsReport {
  const docs = new Map((meta.documents ?? []).map((d) => [d.id, d]));
  const claims = statuses.map((s): ClaimReportEntry => {
    const doc = docs.get(s.docId);
    return {
      id: s.id,
      docId: s.docId,
      ...(doc && { docTitle: doc.title, url: doc.url }),
      topic: s.topic,
      quote: s.quote,
      status: s.status,
      similarity: s.similarity,
      ...(s.currentWording !== undefined && { currentWording: s.currentWording }),
      ...(s.wordDiff !== undefined && { wordDiff: s.wordDiff }),
      ...(s.verifiedAt !== undefined && { verifiedAt: s.verifiedAt }),
      checkedAt: s.checkedAt,
    };
  });
  const count = (status: ClaimStatus['status']) => statuses.filter((s) => s.status === status).length;
  return {
    ...(meta.schemaUrl !== undefined && { $schema: meta.schemaUrl }),
    version: CLAIMS_REPORT_VERSION,
    generatedAt: meta.generatedAt.toISOString(),
    ...(meta.toolVersion !== undefined && { tool: { name: 'policywatch', version: meta.toolVersion } }),
    summary: { total: statuses.length, verified: count('verified'), reworded: count('reworded'), missing: count('missing') },
    claims,
  };
}
