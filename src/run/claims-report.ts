import type { LoadedConfig } from '../config/load.ts';
import { resolveFromRoot } from '../config/load.ts';
import { buildClaimsReport } from '../claims/report.ts';
import type { SnapshotStore } from '../store/types.ts';
import { writeFileAtomic } from '../shared/fs.ts';
import { TOOL_VERSION } from '../shared/version.ts';
import { readClaimStatuses } from './claims-record.ts';

/**
 * Writes claims.json from every configured document's latest claim statuses, not only this run's (or shard's),
 * so the published report always lists every claim.
 */
export async function writeClaimsJson(deps: { config: LoadedConfig; store: SnapshotStore; now: Date }): Promise<string> {
  const { config, store } = deps;
  const statuses = (await Promise.all(config.documents.map((d) => readClaimStatuses(store, d.id)))).flat();
  const report = buildClaimsReport(statuses, {
    generatedAt: deps.now,
    documents: config.documents,
    toolVersion: TOOL_VERSION,
    schemaUrl: './config/schema/claims-report.schema.json',
  });
  const path = resolveFromRoot(config, config.settings.paths.claimsReport);
  await writeFileAtomic(path, JSON.stringify(report, null, 2) + '\n');
  return path;
}
