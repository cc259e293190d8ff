export { verifyClaims, diffClaimStatuses, wordDiff } from './verify.ts';
export type { VerifyOptions } from './verify.ts';
export { REWORDED_MIN_SIMILARITY } from './match.ts';
export type { DateCanonicalizer, TextOptions } from '../text/index.ts';
export type { ClaimChange, ClaimStatus, ClaimStatusKind } from './types.ts';
export { buildClaimsReport } from './report.ts';
export type { ClaimsReportMeta } from './report.ts';
export {
  CLAIMS_REPORT_VERSION,
  ClaimsReportError,
  ClaimsReportSchema,
  claimsReportJsonSchema,
  parseClaimsReport,
} from './schema.ts';
export type { ClaimReportEntry, ClaimsReport } from './schema.ts';
export { CLAIMS_REPORT_SCHEMA_FILE, claimsReportSchemaText, writeClaimsReportSchema } from './generate-json-schema.ts';
