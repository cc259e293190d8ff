import type { TreeRule } from '../rule.ts';
import { hasTitle } from '../dom.ts';

// Named in ids and classes by the vendors themselves, the same on every site that embeds them.
const VENDOR_CONSENT =
  '[id^=onetrust i],[id^=CybotCookiebot],[class*=cookie-consent i],[id*=cookie-banner i],[class*=cookie-banner i],[id*=consent-banner i]';

export const vendorConsent: TreeRule = {
  id: 'vendor-consent',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: 'drops consent frameworks by the names their vendors give them (OneTrust, Cookiebot, cookie-consent/cookie-banner), unless they hold the h1',
  apply(ctx) {
    const doomed = ctx.$(VENDOR_CONSENT).toArray().filter((el) => !hasTitle(el));
    for (const el of doomed) ctx.remove(el);
  },
};
