import { dirname, relative, sep } from 'node:path';
import type { LoadedConfig } from '../config/load.ts';
import { resolveFromRoot } from '../config/load.ts';
import { buildClaimsReport } from '../claims/report.ts';
import type { ClaimsReport } from '../claims/schema.ts';
import { badgeJson, renderStatusPage } from '../status/index.ts';
import type { SnapshotStore } from '../store/types.ts';
import { writeFileIfChanged } from '../shared/fs.ts';
import { TOOL_VERSION } from '../shared/version.ts';
import { readClaimStatuses } from './claims-record.ts';

/**
 * Writes claims.json from every configured document's latest claim statuses, not only this run's (or shard's),
 * so the published report always lists every claim (a claim never checked is `pending`); then the status page and
 * the badge from the same report (settings.paths). A file whose content would not change is not rewritten.
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
  await writeFileIfChanged(path, JSON.stringify(report, null, 2) + '\n');
  await writeStatusOutputs(config, report);
  return path;
}

/** The status page and the badge JSON of a claims report, at settings.paths.statusPage and .badge. */
export async function writeStatusOutputs(config: LoadedConfig, report: ClaimsReport): Promise<{ page: string; badge: string }> {
  const { paths } = config.settings;
  const page = resolveFromRoot(config, paths.statusPage);
  const badge = resolveFromRoot(config, paths.badge);
  const reportHref = relative(dirname(page), resolveFromRoot(config, paths.claimsReport)).split(sep).join('/');
  await writeFileIfChanged(page, renderStatusPage(report, config.documents, { reportHref }));
  await writeFileIfChanged(badge, JSON.stringify(badgeJson(report), null, 2) + '\n');
  return { page, badge };
}
