import type { DocumentConfig, Settings } from '../config/schema.ts';
import type { FailureInfo, FailureReason } from '../shared/failure.ts';
import { PolicywatchError, type PolicywatchErrorOptions } from '../shared/errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import type { SettledVerdict } from '../gate/index.ts';

/** What the fetch stage needs to know about the previous successful fetch. */
export interface ConditionalState {
  etag?: string;
  lastModified?: string;
  finalUrl?: string;
}

export interface FetchRequest {
  doc: DocumentConfig;
  previous?: ConditionalState;
}

export type BodyFormat = 'html' | 'text';

export interface FetchedPage {
  kind: 'fetched';
  /** 2xx, unless the verdict is not-document (a bot check or login wall served with 403, for example). */
  status: number;
  /** The URL after redirects. */
  finalUrl: string;
  /** Every URL hopped through, the requested one first. */
  redirects: string[];
  fetchedAt: string;
  contentType: string;
  etag?: string;
  lastModified?: string;
  /** HTML, or plain text extracted from a PDF. Never binary. */
  body: string;
  format: BodyFormat;
  via: 'http' | 'browser';
  /**
   * The gate's verdict on the response (src/gate), judged once by the fetcher that produced it. What plain HTTP
   * left undecided is settled before the page is handed over: by the browser, or without it.
   */
  verdict: SettledVerdict;
}

export interface NotModified {
  kind: 'not-modified';
  status: 304;
  finalUrl: string;
  fetchedAt: string;
  etag?: string;
  lastModified?: string;
}

export type FetchResult = FetchedPage | NotModified;

/** The fetch port. Implementations own timeouts, retries, concurrency limits and politeness. */
export interface Fetcher {
  /**
   * Resolves with the page (its verdict says whether it is the document) or 304; rejects with FetchError when no
   * page could be had (network, timeout, error status, size, type). Safe to call for many documents at once.
   */
  fetch(request: FetchRequest): Promise<FetchResult>;
  /** Releases sockets and the browser, if one was launched. */
  close(): Promise<void>;
}

export interface FetcherDeps {
  settings: Settings;
  clock: Clock;
  logger: Logger;
  /** Overrides the browser launch (tests); defaults to the discovery order in src/fetch/browser. */
  browserExecutablePath?: string;
  /** Where POLICYWATCH_CHROMIUM is read from; defaults to process.env. */
  env?: Record<string, string | undefined>;
  /**
   * Lets loopback addresses through while settings.http.allowPrivateNetwork stays false, so tests and the demo
   * can serve from 127.0.0.1 and still prove that other private addresses are refused.
   */
  allowLoopback?: boolean;
  /** Source of backoff jitter in [0, 1); defaults to Math.random. */
  random?: () => number;
}

/**
 * Why no page could be had. A page that came back but is not the document (a bot check, a login wall, an error
 * page, no content) is the gate's verdict, never a FetchError: these reasons leave those out.
 */
export type FetchFailureReason = Exclude<FailureReason, 'blocked' | 'selector-missing' | 'empty' | 'error-page' | 'internal'>;

export class FetchError extends PolicywatchError {
  readonly reason: FetchFailureReason;
  readonly status: number | undefined;
  readonly url: string;
  constructor(
    message: string,
    details: { reason: FetchFailureReason; url: string; status?: number },
    options: PolicywatchErrorOptions = {},
  ) {
    super(message, options);
    this.reason = details.reason;
    this.status = details.status;
    this.url = details.url;
  }

  toFailure(): FailureInfo {
    return this.status === undefined
      ? { reason: this.reason, message: this.message }
      : { reason: this.reason, message: this.message, status: this.status };
  }
}
