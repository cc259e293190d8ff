import pLimit from 'p-limit';
import type * as Playwright from 'playwright';
import type { Browser, Page, Request } from 'playwright';
import type { DocumentConfig, Settings } from '../config/schema.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { judgeResponse, withoutBrowser } from '../gate/index.ts';
import type { AddressGuard } from './address.ts';
import { guardPage } from './browser-guard.ts';
import { findBrowser } from './discovery.ts';
import { FetchError, type FetchedPage } from './types.ts';

export interface BrowserRenderer {
  render(doc: DocumentConfig, url: string): Promise<FetchedPage>;
  /** True once Chromium was started (the bench and tests read it). */
  launched(): boolean;
  close(): Promise<void>;
}

export interface BrowserRendererOptions {
  settings: Settings;
  clock: Clock;
  logger: Logger;
  guard: AddressGuard;
  userAgent: string;
  acceptLanguage(doc: DocumentConfig): string;
  env: Record<string, string | undefined>;
  executablePath?: string;
}

/** Without a configured selector, a page counts as rendered once the body holds this much text. */
const DEFAULT_RENDERED_TEXT = 200;

function refusedError(refusedUrl: string, url: string): FetchError {
  return new FetchError(
    `refused to load ${refusedUrl}: a private, loopback or link-local address`,
    { reason: 'redirect-refused', url },
    { transient: false },
  );
}

function redirectChain(request: Request): string[] {
  const chain: string[] = [];
  for (let current: Request | null = request; current; current = current.redirectedFrom()) chain.unshift(current.url());
  return chain;
}

export function createBrowserRenderer(options: BrowserRendererOptions): BrowserRenderer {
  const { settings, guard, logger } = options;
  const pages = pLimit(settings.browser.pages);
  const allowPrivate = settings.http.allowPrivateNetwork;
  let launching: Promise<Browser> | undefined;
  let closed = false;
  // Imported on first use: runs without browser documents never pay for Playwright.
  let playwright: typeof Playwright | undefined;
  const isTimeout = (error: unknown) => playwright !== undefined && error instanceof playwright.errors.TimeoutError;

  const launch = async (): Promise<Browser> => {
    const found = findBrowser(options.env, settings, options.executablePath ? { override: options.executablePath } : {});
    logger.info('launching Chromium', { executablePath: found.executablePath, source: found.source });
    try {
      playwright ??= await import('playwright');
      const browser = await playwright.chromium.launch({ executablePath: found.executablePath, args: found.args, timeout: 60_000 });
      // A crashed browser is relaunched by the next render instead of failing every document after it.
      browser.on('disconnected', () => {
        launching = undefined;
      });
      return browser;
    } catch (cause) {
      throw new FetchError(
        `Chromium at ${found.executablePath} (${found.source}) failed to start`,
        { reason: 'browser-unavailable', url: '' },
        { cause, transient: false },
      );
    }
  };
  const browser = (): Promise<Browser> => {
    if (closed) return Promise.reject(new FetchError('the fetcher is closed', { reason: 'browser-unavailable', url: '' }));
    launching ??= launch();
    return launching;
  };

  const waitForContent = async (page: Page, doc: DocumentConfig): Promise<void> => {
    const timeout = settings.browser.timeoutMs;
    // Two tries: a page that redirects itself by script destroys the first wait's execution context.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        await page.waitForFunction(
          ({ selectors, minText }) => {
            if (selectors.length > 0) {
              return selectors.some((selector) =>
                Array.from(document.querySelectorAll(selector)).some((node) => (node.textContent ?? '').trim().length > 0),
              );
            }
            return (document.body?.innerText ?? '').trim().length >= minText;
          },
          { selectors: doc.select ?? [], minText: DEFAULT_RENDERED_TEXT },
          { timeout, polling: 100 },
        );
        return;
      } catch (error) {
        if (!isTimeout(error)) {
          await page.waitForLoadState('domcontentloaded', { timeout }).catch(() => undefined);
          continue;
        }
        // Not fatal here: extract() reports a missing selector or empty content with the page as it stands.
        logger.warn('content did not appear in the browser before the timeout', { doc: doc.id, timeoutMs: timeout });
        return;
      }
    }
  };

  /**
   * The page's HTML. A page that navigates again after its content appeared (a script reload, a late redirect)
   * cannot be read mid-navigation: wait for the next document's content and read that, a few times at most.
   */
  const contentOf = async (page: Page, doc: DocumentConfig): Promise<string> => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await page.content();
      } catch (error) {
        if (attempt >= 3 || page.isClosed() || isTimeout(error)) throw error;
        await page.waitForLoadState('domcontentloaded', { timeout: settings.browser.timeoutMs }).catch(() => undefined);
        await waitForContent(page, doc);
      }
    }
  };

  /** Playwright's own errors (a crash, a closed target) become FetchErrors here, once. */
  const render = async (doc: DocumentConfig, url: string): Promise<FetchedPage> => {
    try {
      return await renderOnce(doc, url);
    } catch (error) {
      if (error instanceof FetchError) throw error;
      throw new FetchError(`the browser failed while rendering ${url}`, { reason: 'network', url }, { cause: error, transient: true });
    }
  };

  const renderOnce = async (doc: DocumentConfig, url: string): Promise<FetchedPage> => {
    const context = await (await browser()).newContext({
      userAgent: options.userAgent,
      extraHTTPHeaders: { 'Accept-Language': options.acceptLanguage(doc) },
      serviceWorkers: 'block',
    });
    try {
      const page = await context.newPage();
      const pageGuard = await guardPage(context, page, { guard, checkAddresses: !allowPrivate });
      let response;
      try {
        response = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: settings.browser.timeoutMs });
      } catch (cause) {
        const refusedUrl = pageGuard.refused();
        if (refusedUrl) throw refusedError(refusedUrl, url);
        if (isTimeout(cause)) {
          throw new FetchError(`browser timed out loading ${url}`, { reason: 'timeout', url }, { cause, transient: true });
        }
        throw new FetchError(`browser could not load ${url}`, { reason: 'network', url }, { cause, transient: true });
      }
      if (!response) throw new FetchError(`browser got no response for ${url}`, { reason: 'network', url }, { transient: true });
      const chain = redirectChain(response.request());
      const status = response.status();
      const headers = await response.allHeaders();
      if (status >= 200 && status < 300) await waitForContent(page, doc);
      // A script navigation to a refused address leaves the earlier page in place: still not the document.
      const refusedLater = pageGuard.refused();
      if (refusedLater) throw refusedError(refusedLater, url);
      const html = await contentOf(page, doc);
      const judged = judgeResponse({ status, headers, html, via: 'browser' });
      // The browser ran the scripts and met whatever check there was: nothing is left for another look.
      const verdict = judged.kind === 'undecided' ? withoutBrowser(judged) : judged;
      if (verdict.kind === 'document' && (status < 200 || status >= 300)) {
        const transient = status >= 500 || status === 429 || status === 408 || status === 403;
        throw new FetchError(`HTTP ${status} in the browser for ${url}`, { reason: 'http-status', url, status }, { transient });
      }
      return {
        kind: 'fetched',
        status,
        finalUrl: page.url(),
        redirects: chain,
        fetchedAt: options.clock.now().toISOString(),
        contentType: headers['content-type'] ?? 'text/html',
        body: html,
        format: 'html',
        via: 'browser',
        verdict,
      };
    } finally {
      await context.close().catch(() => undefined);
    }
  };

  return {
    render: (doc, url) => pages(() => render(doc, url)),
    launched: () => launching !== undefined,
    async close() {
      closed = true;
      const pending = launching;
      launching = undefined;
      if (pending) await pending.then((b) => b.close()).catch(() => undefined);
    },
  };
}
