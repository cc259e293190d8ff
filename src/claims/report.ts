import { CLAIMS_REPORT_VERSION } from './schema.ts';
import { claimDay } from './day.ts';
import type { ClaimReportEntry, ClaimsReport } from './schema.ts';
import { watchedClaims } from './effective-date.ts';
import type { ClaimStatus, WatchedClaim } from './types.ts';
import type { DocumentConfig } from '../config/schema.ts';

type ReportDocument = Pick<DocumentConfig, 'id' | 'title' | 'url'> & Partial<Pick<DocumentConfig, 'claims' | 'topics' | 'guide'>>;

export interface ClaimsReportMeta {
  generatedAt: Date;
  /**
   * Adds each claim's document title and URL. When the documents carry their claims, the report lists exactly the
   * configured claims, in config order: one never checked (or whose quote was edited since) is `pending`, and a
   * status left over from a claim no longer configured is dropped.
   */
  documents?: readonly ReportDocument[];
  toolVersion?: string;
  /** Written as "$schema" so editors and consumers find the published schema. */
  schemaUrl?: string;
}

/** The latest status of a claim, with the fields the report needs; a `ClaimReportEntry` read back works too. */
export type ReportableStatus = Omit<ClaimStatus, 'status' | 'checkedAt'> & { status: ClaimReportEntry['status']; checkedAt?: string | undefined };

/**
 * The claims.json object. Pass every claim's latest status, including those of documents that failed this run
 * (their previous status), so the report always lists every claim. Writing it is the caller's (atomically).
 */
export function buildClaimsReport(statuses: readonly ReportableStatus[], meta: ClaimsReportMeta): ClaimsReport {
  const documents = meta.documents ?? [];
  const docs = new Map(documents.map((d) => [d.id, d]));
  const configured = documents.length > 0 && documents.every((d) => d.claims !== undefined);
  const claims = configured ? configuredEntries(statuses, documents) : statuses.map((s) => entry(s, docs.get(s.docId)));
  const count = (status: ClaimReportEntry['status']) => claims.filter((c) => c.status === status).length;
  return {
    ...(meta.schemaUrl !== undefined && { $schema: meta.schemaUrl }),
    version: CLAIMS_REPORT_VERSION,
    generatedAt: claimDay(meta.generatedAt),
    ...(meta.toolVersion !== undefined && { tool: { name: 'policywatch', version: meta.toolVersion } }),
    summary: { total: claims.length, verified: count('verified'), reworded: count('reworded'), missing: count('missing'), pending: count('pending') },
    claims,
  };
}

function configuredEntries(statuses: readonly ReportableStatus[], documents: readonly ReportDocument[]): ClaimReportEntry[] {
  const byKey = new Map(statuses.map((s) => [`${s.docId}\u0000${s.id}`, s]));
  return documents.flatMap((doc) =>
    watchedClaims({ id: doc.id, topics: doc.topics ?? [], guide: doc.guide, claims: doc.claims ?? [] }).map((claim) => {
      const status = byKey.get(`${doc.id}\u0000${claim.id}`);
      // A status of another quote is the old claim's: the edited one has not been checked yet.
      const current = status && status.quote === claim.quote && status.status !== 'pending' ? status : undefined;
      return entry(current ?? pendingStatus(doc.id, claim), doc, claim);
    }),
  );
}

function pendingStatus(docId: string, claim: WatchedClaim): ReportableStatus {
  return { id: claim.id, docId, topic: claim.topic, quote: claim.quote, status: 'pending', similarity: 0 };
}

function entry(s: ReportableStatus, doc: ReportDocument | undefined, claim?: WatchedClaim): ClaimReportEntry {
  return {
    id: s.id,
    docId: s.docId,
    ...(doc && { docTitle: doc.title, url: doc.url }),
    topic: claim?.topic ?? s.topic,
    ...(claim?.kind !== undefined && { kind: claim.kind }),
    quote: claim?.quote ?? s.quote,
    ...(claim?.guide !== undefined && { guide: claim.guide }),
    status: s.status,
    similarity: s.similarity,
    ...(s.currentWording !== undefined && { currentWording: s.currentWording }),
    ...(s.wordDiff !== undefined && { wordDiff: s.wordDiff }),
    ...(s.verifiedAt !== undefined && { verifiedAt: s.verifiedAt }),
    ...(s.checkedAt !== undefined && { checkedAt: s.checkedAt }),
  };
}
