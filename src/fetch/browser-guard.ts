import { lookup } from 'node:dns/promises';
import type { BrowserContext, Page } from 'playwright';
import type { AddressGuard } from './address.ts';

/** CDP resource types not worth downloading: the text is all we keep. */
const BLOCKED_RESOURCES = new Set(['Image', 'Font', 'Media']);

/**
 * Per page: DNS answers cached so a page's hundred subresources cost one lookup per host. Unresolvable names
 * pass: Chromium fails them itself.
 */
export function createHostCheck(guard: AddressGuard): (url: string) => Promise<boolean> {
  const cache = new Map<string, Promise<boolean>>();
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return Promise.resolve(true);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return Promise.resolve(false);
    const literal = guard.literal(parsed.hostname);
    if (literal) return Promise.resolve(guard.isPrivate(literal));
    let answer = cache.get(parsed.hostname);
    if (!answer) {
      answer = lookup(parsed.hostname, { all: true }).then(
        (addresses) => addresses.some((entry) => guard.isPrivate(entry.address)),
        () => false,
      );
      cache.set(parsed.hostname, answer);
    }
    return answer;
  };
}

export interface PageGuard {
  /** The main-frame URL refused for pointing at a non-public address, if any. */
  refused(): string | undefined;
}

/**
 * Intercepts every request of the page through CDP's Fetch domain, before it is sent. Unlike Playwright's
 * route(), this also sees each redirect hop, so a redirect to a private address is refused before Chromium
 * connects to it; and the requests stay on Chromium's own network stack (a page fetched from Node instead
 * would wear a different TLS fingerprint, which bot protection notices).
 */
export async function guardPage(
  context: BrowserContext,
  page: Page,
  options: { guard: AddressGuard; checkAddresses: boolean },
): Promise<PageGuard> {
  const isPrivate = createHostCheck(options.guard);
  const cdp = await context.newCDPSession(page);
  const { frameTree } = await cdp.send('Page.getFrameTree');
  const mainFrame = frameTree.frame.id;
  let refusedUrl: string | undefined;
  cdp.on('Fetch.requestPaused', (event) => {
    const { requestId, request, resourceType, frameId } = event;
    const decide = async () => {
      if (BLOCKED_RESOURCES.has(resourceType)) {
        return cdp.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
      }
      if (options.checkAddresses && (await isPrivate(request.url))) {
        if (resourceType === 'Document' && frameId === mainFrame) refusedUrl = request.url;
        return cdp.send('Fetch.failRequest', { requestId, errorReason: 'AddressUnreachable' });
      }
      return cdp.send('Fetch.continueRequest', { requestId });
    };
    // The session closes with the page; a late answer to a request of a closed page is harmless.
    decide().catch(() => undefined);
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
  return { refused: () => refusedUrl };
}
