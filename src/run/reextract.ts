import type { DocumentConfig } from '../config/schema.ts';
import { judgeContent } from '../gate/index.ts';
import type { SnapshotRecord, SnapshotStore } from '../store/types.ts';
import { sha256 } from '../shared/hash.ts';
import type { Logger } from '../shared/logger.ts';
import { extractionKey } from './extraction-key.ts';
import { contentEvidence, loadExtract } from './process.ts';

type ReextractDeps = { store: SnapshotStore; logger: Logger; now: string };

/**
 * When the extraction rules or a document's selectors changed since its text was recorded, re-extract the
 * stored raw HTML and record the result as a technical update. It never alerts: the page did not change, we did.
 * Returns the ids of documents whose text was rewritten.
 */
export async function reextractStale(deps: ReextractDeps, documents: DocumentConfig[], options: { force?: boolean } = {}): Promise<string[]> {
  const updated: string[] = [];
  for (const doc of documents) {
    const record = await deps.store.readSnapshot(doc.id);
    if (record && (await reextractRecord(deps, doc, record, options)).updated) updated.push(doc.id);
  }
  logReextracted(deps.logger, updated);
  return updated;
}

/** The one line that says which documents' stored text the current rules rewrote (nothing when none). */
export function logReextracted(logger: Logger, ids: readonly string[]): void {
  if (ids.length > 0) logger.info(`re-extracted ${ids.length} document(s) with the current rules: ${ids.join(', ')}`);
}

/**
 * One stored record, already read (check reads it once per document): re-extracted when stale. Returns the record
 * as it is now stored, and whether its text changed.
 */
export async function reextractRecord(
  deps: ReextractDeps,
  doc: DocumentConfig,
  record: SnapshotRecord,
  options: { force?: boolean } = {},
): Promise<{ record: SnapshotRecord; updated: boolean }> {
  const key = extractionKey(doc);
  if (record.meta.rulesVersion === key && !options.force) return { record, updated: false };
  const raw = await deps.store.readRaw(doc.id);
  if (raw === undefined) return { record, updated: false };
  const extract = await loadExtract();
  const extraction = extract({ body: raw, format: 'html', url: record.meta.finalUrl, doc });
  const verdict = judgeContent(contentEvidence(extraction));
  if (verdict.kind === 'not-document') {
    deps.logger.warn(`${doc.id}: stored raw HTML no longer extracts (${verdict.failure.reason}); kept the old text`);
    return { record, updated: false };
  }
  const contentHash = sha256(extraction.markdown);
  const meta = { ...record.meta, rulesVersion: key };
  const updated = contentHash !== record.meta.contentHash;
  if (updated) {
    Object.assign(meta, { contentHash, kind: 'technical' as const });
    if (extraction.effectiveDate) meta.effectiveDate = extraction.effectiveDate;
  }
  const next = { meta, markdown: extraction.markdown };
  await deps.store.writeSnapshot(next);
  return { record: next, updated };
}
