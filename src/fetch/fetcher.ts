import type { DocumentConfig } from '../config/schema.ts';
import { TOOL_VERSION } from '../shared/version.ts';
import { createAddressGuard } from './address.ts';
import {
  DOCUMENT,
  judgeResponse,
  withoutBrowser,
  type BrowserCanDecide,
  type ResponseVerdict,
  type SettledVerdict,
} from '../gate/index.ts';
import { createBrowserRenderer } from './browser.ts';
import { decodeForInspection, interpretBody } from './content.ts';
import { createHttpClient, type HopChain, type RawResponse } from './http.ts';
import { createHostLimiter } from './limits.ts';
import { backoffMs, retryDelayMs } from '../shared/backoff.ts';
import { RETRYABLE_STATUSES } from './retry.ts';
import {
  FetchError,
  type BodyFormat,
  type ConditionalState,
  type FetchedPage,
  type Fetcher,
  type FetcherDeps,
  type FetchRequest,
  type FetchResult,
  type NotModified,
} from './types.ts';

/** A page as plain HTTP saw it: the gate may have left it undecided. */
type JudgedPage = Omit<FetchedPage, 'verdict'> & { verdict: ResponseVerdict };
type HttpResult = JudgedPage | NotModified;
/** An error response decoded and judged (once, whether it is then retried or reported). */
interface Inspected {
  html: string;
  verdict: ResponseVerdict;
}

function inspect(response: RawResponse): Inspected {
  const html = decodeForInspection(response.body, response.headers['content-type']);
  return { html, verdict: judgeResponse({ status: response.status, headers: response.headers, html, via: 'http' }) };
}

const ACCEPT = 'text/html,application/xhtml+xml;q=0.9,application/pdf;q=0.8,text/plain;q=0.7,*/*;q=0.1';
export const DEFAULT_ACCEPT_LANGUAGE = 'en';

/** "policywatch/0.1.0 (+https://...)"; a product that already carries a version is used as given. */
export function userAgentOf(settings: FetcherDeps['settings']): string {
  const { product, contact } = settings.userAgent;
  const named = product.includes('/') ? product : `${product}/${TOOL_VERSION}`;
  return `${named} (+${contact})`;
}

function statusIsTransient(status: number): boolean {
  // 403 included: CDNs hand them out in bursts; the orchestrator's consecutive-failure count decides when to tell.
  return status >= 500 || status === 429 || status === 408 || status === 403;
}

export function createFetcher(deps: FetcherDeps): Fetcher {
  const { settings, clock, logger } = deps;
  const random = deps.random ?? Math.random;
  const guard = createAddressGuard({ allowLoopback: deps.allowLoopback ?? false });
  const limiter = createHostLimiter({ ...settings.http, clock });
  const http = createHttpClient({ http: settings.http, guard, limiter });
  const userAgent = userAgentOf(settings);
  const acceptLanguage = (doc: DocumentConfig) => doc.acceptLanguage ?? DEFAULT_ACCEPT_LANGUAGE;
  const renderer = createBrowserRenderer({
    settings,
    clock,
    logger,
    guard,
    userAgent,
    acceptLanguage,
    env: deps.env ?? process.env,
    ...(deps.browserExecutablePath ? { executablePath: deps.browserExecutablePath } : {}),
  });

  const headersFor = (doc: DocumentConfig, previous: ConditionalState | undefined): Record<string, string> => ({
    'user-agent': userAgent,
    accept: ACCEPT,
    'accept-language': acceptLanguage(doc),
    'accept-encoding': 'gzip, deflate, br',
    ...(previous?.etag ? { 'if-none-match': previous.etag } : {}),
    ...(previous?.lastModified ? { 'if-modified-since': previous.lastModified } : {}),
  });

  /**
   * The response as a page, judged once by the gate. An error status is a FetchError unless the gate says what
   * the page is instead (a bot check or login wall served with 403): that is a verdict, not a fetch failure.
   */
  const interpret = async (hops: HopChain, conditional: boolean, inspected?: Inspected): Promise<HttpResult> => {
    const { response, chain } = hops;
    const { status, headers, url } = response;
    const fetchedAt = clock.now().toISOString();
    const validators = {
      ...(headers.etag ? { etag: headers.etag } : {}),
      ...(headers['last-modified'] ? { lastModified: headers['last-modified'] } : {}),
    };
    if (status === 304 && conditional) return { kind: 'not-modified', status: 304, finalUrl: url, fetchedAt, ...validators };
    const page = (body: string, format: BodyFormat, contentType: string, verdict: ResponseVerdict): JudgedPage => ({
      kind: 'fetched',
      status,
      finalUrl: url,
      redirects: chain,
      fetchedAt,
      contentType,
      ...validators,
      body,
      format,
      via: 'http',
      verdict,
    });
    if (status < 200 || status >= 300) {
      const { html, verdict } = inspected ?? inspect(response);
      if (verdict.kind === 'document') {
        throw new FetchError(`HTTP ${status} for ${url}`, { reason: 'http-status', url, status }, { transient: statusIsTransient(status) });
      }
      return page(html, 'html', headers['content-type'] ?? 'text/html', verdict);
    }
    const content = await interpretBody(response.body, headers['content-type']);
    if (!content.ok) {
      throw new FetchError(`${content.message} at ${url}`, { reason: content.reason, url, status }, { cause: content.cause });
    }
    const verdict = content.format === 'html' ? judgeResponse({ status, headers, html: content.body, via: 'http' }) : DOCUMENT;
    return page(content.body, content.format, content.contentType, verdict);
  };

  const fetchHttp = async (doc: DocumentConfig, previous: ConditionalState | undefined): Promise<HttpResult> => {
    const headers = headersFor(doc, previous);
    const conditional = Boolean(previous?.etag || previous?.lastModified);
    const start = new URL(doc.url);
    for (let attempt = 0; ; attempt += 1) {
      const canRetry = attempt < settings.http.retries;
      let hops: HopChain;
      try {
        hops = await http.follow(start, headers);
      } catch (error) {
        const retryable = error instanceof FetchError && (error.reason === 'timeout' || error.reason === 'network');
        if (!retryable || !canRetry) throw error;
        const delay = backoffMs(attempt, random);
        logger.debug('transient fetch error; retrying', { doc: doc.id, reason: error.reason, attempt: attempt + 1, delayMs: delay });
        await clock.sleep(delay);
        continue;
      }
      const { status, headers: got } = hops.response;
      let inspected: Inspected | undefined;
      if (canRetry && RETRYABLE_STATUSES.has(status)) {
        inspected = inspect(hops.response);
        // A 503 bot challenge does not go away by asking again: it goes to the browser fallback instead.
        if (inspected.verdict.kind === 'document') {
          const delay = retryDelayMs(attempt, got['retry-after'], clock.now(), random);
          if (delay !== undefined) {
            logger.debug('retryable status; retrying', { doc: doc.id, status, attempt: attempt + 1, delayMs: delay });
            await clock.sleep(delay);
            continue;
          }
        }
      }
      return interpret(hops, conditional, inspected);
    }
  };

  /** Plain HTTP could not tell: the browser looks once, or, without one, the gate settles it. */
  const settle = async (doc: DocumentConfig, page: JudgedPage, verdict: BrowserCanDecide): Promise<FetchedPage> => {
    const keep = (settled: SettledVerdict): FetchedPage => ({ ...page, verdict: settled });
    if (!doc.browserFallback) return keep(withoutBrowser(verdict));
    const [why, url] = verdict.why === 'bot-block' ? ['bot check on plain HTTP', doc.url] : ['page looks rendered client-side', page.finalUrl];
    logger.info(`${why}; retrying once in the browser`, { doc: doc.id });
    try {
      return await renderer.render(doc, url);
    } catch (error) {
      if (!(error instanceof FetchError && error.reason === 'browser-unavailable')) throw error;
      if (verdict.why === 'app-shell') {
        logger.warn('page looks rendered client-side but no browser is available; keeping the HTTP page', { doc: doc.id });
      }
      return keep(withoutBrowser(verdict, ' (browser fallback unavailable)'));
    }
  };

  return {
    async fetch({ doc, previous }: FetchRequest): Promise<FetchResult> {
      if (doc.render === 'browser') return renderer.render(doc, doc.url);
      const result = await fetchHttp(doc, previous);
      if (result.kind === 'not-modified') return result;
      const { verdict } = result;
      return verdict.kind === 'undecided' ? settle(doc, result, verdict) : { ...result, verdict };
    },
    async close() {
      await Promise.all([http.close(), renderer.close()]);
    },
  };
}
