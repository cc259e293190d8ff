import type { FailureInfo } from '../shared/failure.ts';

/**
 * The gate's answer to "is this the document?". One type for every stage that has evidence:
 * - `document`: nothing in the evidence at hand says otherwise;
 * - `not-document`: a wall, an error page or no content; `failure` is what is recorded and, after N in a row, told;
 * - `undecided`: this evidence cannot tell. Plain HTTP met a bot check or an empty client-side shell (a browser
 *   decides, once), or most of the text vanished (the next sighting decides). A bot block carries the failure to
 *   report when no browser can look.
 */
export type Verdict = DocumentVerdict | NotDocumentVerdict | Undecided;

export interface DocumentVerdict {
  kind: 'document';
}

export interface NotDocumentVerdict {
  kind: 'not-document';
  failure: FailureInfo;
}

export type Undecided =
  | { kind: 'undecided'; why: 'bot-block'; failure: FailureInfo }
  | { kind: 'undecided'; why: 'app-shell' }
  | { kind: 'undecided'; why: 'drastic-shrink' };

/** What plain HTTP can leave undecided: the cases a browser may settle. */
export type BrowserCanDecide = Extract<Undecided, { why: 'bot-block' | 'app-shell' }>;

/** What the response alone can say (src/gate/response.ts). */
export type ResponseVerdict = DocumentVerdict | NotDocumentVerdict | BrowserCanDecide;

/** A verdict on a fetched page once fetching is done: the fetcher settles what a browser could decide. */
export type SettledVerdict = DocumentVerdict | NotDocumentVerdict;

export const DOCUMENT: DocumentVerdict = Object.freeze({ kind: 'document' });

export function notDocument(failure: FailureInfo): NotDocumentVerdict {
  return { kind: 'not-document', failure };
}

/**
 * What an undecided page becomes when no browser looks (fallback off, none installed, or an archive): a bot block
 * stays a failure; a shell goes on to extraction, which finds it empty or finds what text it has.
 */
export function withoutBrowser(verdict: BrowserCanDecide, note = ''): SettledVerdict {
  if (verdict.why === 'app-shell') return DOCUMENT;
  return notDocument({ ...verdict.failure, message: `${verdict.failure.message}${note}` });
}
