export { renderStatusPage } from './page.ts';
export type { StatusPageOptions } from './page.ts';
export { badgeJson, claimsHeadline, lastChecked, overallState, ShieldsEndpointSchema } from './badge.ts';
export type { ClaimsState, ShieldsEndpoint } from './badge.ts';
