import type { TreeRule } from '../rule.ts';
import { decodeCfEmail } from '../urls.ts';
import { CF_EMAIL } from '../queries.ts';

export const cfEmail: TreeRule = {
  id: 'cf-email',
  phase: 'restore',
  kind: 'tree',
  version: 1,
  description: 'decodes Cloudflare-obfuscated e-mail addresses ([email protected]) back to the address',
  apply({ $, select }) {
    for (const el of select(CF_EMAIL)) {
      const email = decodeCfEmail(el.attribs['data-cfemail'] ?? '');
      if (email) $(el).replaceWith(email);
    }
  },
};
