import type { DocumentConfig } from '../config/schema.ts';
import { TOOL_VERSION } from '../shared/version.ts';
import { createAddressGuard } from './address.ts';
import { looksClientRendered } from './appshell.ts';
import { createBrowserRenderer } from './browser.ts';
import { detectChallenge } from './challenge.ts';
import { decodeForInspection, interpretBody } from './content.ts';
import { createHttpClient, type HopChain } from './http.ts';
import { createHostLimiter } from './limits.ts';
import { backoffMs, RETRYABLE_STATUSES, retryDelayMs } from './retry.ts';
import {
  FetchError,
  type ConditionalState,
  type Fetcher,
  type FetcherDeps,
  type FetchRequest,
  type FetchResult,
} from './types.ts';

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

  const interpret = async (doc: DocumentConfig, hops: HopChain, conditional: boolean): Promise<FetchResult> => {
    const { response, chain } = hops;
    const { status, headers, url } = response;
    const fetchedAt = clock.now().toISOString();
    const validators = {
      ...(headers.etag ? { etag: headers.etag } : {}),
      ...(headers['last-modified'] ? { lastModified: headers['last-modified'] } : {}),
    };
    if (status === 304 && conditional) return { kind: 'not-modified', status: 304, finalUrl: url, fetchedAt, ...validators };
    if (status < 200 || status >= 300) {
      const html = decodeForInspection(response.body, headers['content-type']);
      const challenge = detectChallenge({ status, headers, html });
      if (challenge) throw new FetchError(challenge.message, { reason: 'blocked', url, status }, { transient: true });
      throw new FetchError(`HTTP ${status} for ${url}`, { reason: 'http-status', url, status }, { transient: statusIsTransient(status) });
    }
    const content = await interpretBody(response.body, headers['content-type']);
    if (!content.ok) {
      throw new FetchError(`${content.message} at ${url}`, { reason: content.reason, url, status }, { cause: content.cause });
    }
    if (content.format === 'html') {
      const challenge = detectChallenge({ status, headers, html: content.body });
      if (challenge) throw new FetchError(challenge.message, { reason: 'blocked', url, status }, { transient: true });
    }
    return {
      kind: 'fetched',
      status,
      finalUrl: url,
      redirects: chain,
      fetchedAt,
      contentType: content.contentType,
      ...validators,
      body: content.body,
      format: content.format,
      via: 'http',
    };
  };

  const fetchHttp = async (doc: DocumentConfig, previous: ConditionalState | undefined): Promise<FetchResult> => {
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
      if (canRetry && RETRYABLE_STATUSES.has(status)) {
        const html = decodeForInspection(hops.response.body, got['content-type']);
        // A 503 bot challenge does not go away by asking again: it goes to the browser fallback instead.
        if (!detectChallenge({ status, headers: got, html })) {
          const delay = retryDelayMs(attempt, got['retry-after'], clock.now(), random);
          if (delay !== undefined) {
            logger.debug('retryable status; retrying', { doc: doc.id, status, attempt: attempt + 1, delayMs: delay });
            await clock.sleep(delay);
            continue;
          }
        }
      }
      return interpret(doc, hops, conditional);
    }
  };

  const viaBrowser = async (doc: DocumentConfig, url: string, why: string, original: FetchError | undefined) => {
    logger.info(`${why}; retrying once in the browser`, { doc: doc.id });
    try {
      return await renderer.render(doc, url);
    } catch (error) {
      if (original && error instanceof FetchError && error.reason === 'browser-unavailable') {
        throw new FetchError(
          `${original.message} (browser fallback unavailable)`,
          { reason: original.reason, url: original.url, ...(original.status === undefined ? {} : { status: original.status }) },
          { cause: error, transient: original.transient },
        );
      }
      throw error;
    }
  };

  return {
    async fetch({ doc, previous }: FetchRequest): Promise<FetchResult> {
      if (doc.render === 'browser') return renderer.render(doc, doc.url);
      let result: FetchResult;
      try {
        result = await fetchHttp(doc, previous);
      } catch (error) {
        if (error instanceof FetchError && error.reason === 'blocked' && doc.browserFallback) {
          return viaBrowser(doc, doc.url, 'bot check on plain HTTP', error);
        }
        throw error;
      }
      if (result.kind === 'fetched' && result.format === 'html' && doc.browserFallback && looksClientRendered(result.body)) {
        try {
          return await viaBrowser(doc, result.finalUrl, 'page looks rendered client-side', undefined);
        } catch (error) {
          if (!(error instanceof FetchError && error.reason === 'browser-unavailable')) throw error;
          logger.warn('page looks rendered client-side but no browser is available; keeping the HTTP page', { doc: doc.id });
        }
      }
      return result;
    },
    async close() {
      await Promise.all([http.close(), renderer.close()]);
    },
  };
}
