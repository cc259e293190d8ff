export { verifyClaims, diffClaimStatuses, wordDiff } from './verify.ts';
export type { VerifyOptions } from './verify.ts';
export { REWORDED_MIN_SIMILARITY } from './match.ts';
export type { DateCanonicalizer, TextOptions } from '../text/index.ts';
export type { ClaimChange, ClaimKind, ClaimStatus, ClaimStatusKind, WatchedClaim } from './types.ts';
export { EFFECTIVE_DATE_CLAIM_ID, effectiveDateClaim, verifyEffectiveDate, watchedClaims } from './effective-date.ts';
export { hasEditorialMarks, parseMatchForm } from './form.ts';
export type { FormPart } from './form.ts';
export { buildClaimsReport } from './report.ts';
export type { ClaimsReportMeta } from './report.ts';
export {
  CLAIMS_REPORT_VERSION,
  ClaimsReportError,
  ClaimsReportSchema,
  claimsReportJsonSchema,
  parseClaimsReport,
  parseClaimsReportFile,
} from './schema.ts';
export type { ClaimReportEntry, ClaimsReport } from './schema.ts';
export { CLAIMS_REPORT_SCHEMA_FILE, claimsReportSchemaText, writeClaimsReportSchema } from './generate-json-schema.ts';
