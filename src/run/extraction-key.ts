import type { DocumentConfig } from '../config/schema.ts';
import { RULES_VERSION } from '../normalize/index.ts';
import { shortHash } from '../shared/hash.ts';

/**
 * What the stored text was extracted with: the rules' version and the document's own selectors.
 * When it differs from today's, the stored raw HTML is re-extracted as a technical update.
 */
export function extractionKey(doc: Pick<DocumentConfig, 'family' | 'select' | 'remove'>): string {
  const selectors = JSON.stringify([doc.family ?? null, doc.select ?? null, doc.remove]);
  return `${RULES_VERSION}+${shortHash(selectors).slice(0, 8)}`;
}
