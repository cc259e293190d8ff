import type { TextRule } from '../rule.ts';
import { normalizeUrl } from '../urls.ts';

export const linkTargets: TextRule = {
  id: 'link-targets',
  phase: 'text',
  kind: 'text',
  version: 1,
  description: 'keeps link targets stable: tracking parameters and session ids dropped, rotating redirect tokens unwrapped, Cloudflare e-mail links decoded',
  href: normalizeUrl,
};
