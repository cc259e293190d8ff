import type { TextRule } from '../rule.ts';
import { normalizeUrl } from '../urls.ts';

export const linkTargets: TextRule = {
  id: 'link-targets',
  phase: 'text',
  kind: 'text',
  version: 2,
  description: 'keeps link targets stable: tracking parameters, session and device ids, signatures and signed media URLs (judged by the shape of the values) dropped from the query, rotating redirect tokens unwrapped, Cloudflare e-mail links decoded; host, path and queries a reader can name stay',
  href: normalizeUrl,
};
