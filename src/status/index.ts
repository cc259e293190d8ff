export { renderStatusPage, STATUS_PAGE_CSS } from './page.ts';
export type { DocumentStatus, StatusPageOptions } from './page.ts';
export { badgeJson, claimsHeadline, lastChecked, overallState, ShieldsEndpointSchema } from './badge.ts';
export type { ClaimsState, ShieldsEndpoint } from './badge.ts';
