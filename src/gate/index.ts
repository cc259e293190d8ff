/**
 * The gate: is this page the document? One folder answers for every stage that has evidence, with pure functions
 * and one verdict type:
 * - the response (status, headers, raw HTML): bot checks, interstitials, "Access denied", login walls, app shells.
 *   Fetchers judge each response they produce; a page plain HTTP leaves undecided goes to the browser once.
 * - the content (what extraction saw): error pages, no content root, a missing selector, near-empty text.
 * - the change (the previous text): a drastic shrink waits for a second sighting.
 */
export {
  DOCUMENT,
  notDocument,
  withoutBrowser,
  type BrowserCanDecide,
  type DocumentVerdict,
  type NotDocumentVerdict,
  type ResponseVerdict,
  type SettledVerdict,
  type Undecided,
  type Verdict,
} from './verdict.ts';
export { judgeResponse, RESPONSE_RULES, type ResponseEvidence } from './response.ts';
export { judgeContent, type ContentEvidence } from './content.ts';
export { judgeChange } from './shrink.ts';
