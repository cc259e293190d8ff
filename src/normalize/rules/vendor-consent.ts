import type { TreeRule } from '../rule.ts';
import { hasTitle } from '../dom.ts';
import { VENDOR_CONSENT } from '../queries.ts';

export const vendorConsent: TreeRule = {
  id: 'vendor-consent',
  phase: 'prune',
  kind: 'tree',
  version: 1,
  description: 'drops consent frameworks by the names their vendors give them (OneTrust, Cookiebot, cookie-consent/cookie-banner), unless they hold the h1',
  apply(ctx) {
    const doomed = ctx.select(VENDOR_CONSENT).filter((el) => !hasTitle(el));
    for (const el of doomed) ctx.remove(el);
  },
};
