import type { DocumentConfig } from '../config/schema.ts';
import { judgeContent } from '../gate/index.ts';
import type { SnapshotStore } from '../store/types.ts';
import { sha256 } from '../shared/hash.ts';
import type { Logger } from '../shared/logger.ts';
import { extractionKey } from './extraction-key.ts';
import { contentEvidence, loadExtract } from './process.ts';

/**
 * When the extraction rules or a document's selectors changed since its text was recorded, re-extract the
 * stored raw HTML and record the result as a technical update. It never alerts: the page did not change, we did.
 * Returns the ids of documents whose text was rewritten.
 */
export async function reextractStale(
  deps: { store: SnapshotStore; logger: Logger; now: string },
  documents: DocumentConfig[],
  options: { force?: boolean } = {},
): Promise<string[]> {
  const updated: string[] = [];
  for (const doc of documents) {
    const record = await deps.store.readSnapshot(doc.id);
    const key = extractionKey(doc);
    if (!record || (record.meta.rulesVersion === key && !options.force)) continue;
    const raw = await deps.store.readRaw(doc.id);
    if (raw === undefined) continue;
    const extract = await loadExtract();
    const extraction = extract({ body: raw, format: 'html', url: record.meta.finalUrl, doc });
    const verdict = judgeContent(contentEvidence(extraction));
    if (verdict.kind === 'not-document') {
      deps.logger.warn(`${doc.id}: stored raw HTML no longer extracts (${verdict.failure.reason}); kept the old text`);
      continue;
    }
    const contentHash = sha256(extraction.markdown);
    const meta = { ...record.meta, rulesVersion: key };
    if (contentHash !== record.meta.contentHash) {
      Object.assign(meta, { contentHash, kind: 'technical' as const });
      if (extraction.effectiveDate) meta.effectiveDate = extraction.effectiveDate;
      updated.push(doc.id);
    }
    await deps.store.writeSnapshot({ meta, markdown: extraction.markdown });
  }
  if (updated.length > 0) deps.logger.info(`re-extracted ${updated.length} document(s) with the current rules: ${updated.join(', ')}`);
  return updated;
}
