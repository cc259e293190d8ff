import type { DocumentConfig } from '../config/schema.ts';
import { RULES_VERSION } from '../normalize/version.ts';
import { shortHash } from '../shared/hash.ts';

/**
 * What the stored text was extracted with: the rules fingerprint and the document's own extraction settings
 * (selectors, disabled rules). When it differs from today's, the stored raw HTML is re-extracted as a technical
 * update.
 */
export function extractionKey(doc: Pick<DocumentConfig, 'select' | 'remove' | 'disable'>): string {
  const settings = JSON.stringify([doc.select ?? null, doc.remove, doc.disable ?? []]);
  return `${RULES_VERSION}+${shortHash(settings).slice(0, 8)}`;
}
