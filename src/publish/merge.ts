import { ShardMergeError } from './errors.ts';
import type { RunReport } from '../run/report.ts';

const earliest = (values: (string | undefined)[]) => values.filter((v): v is string => !!v).sort()[0];
const latest = (values: (string | undefined)[]) => values.filter((v): v is string => !!v).sort().at(-1);

/**
 * One report from the shards' reports, as if one runner had checked everything. Shards must come from one split
 * (same N, distinct I); a document in two shards means they ran different configs, which is refused.
 */
export function mergeShardReports(reports: readonly RunReport[]): RunReport {
  if (reports.length === 0) throw new ShardMergeError('no shard reports to merge');
  const counts = new Set(reports.map((r) => r.shard?.count ?? 1));
  if (counts.size > 1) throw new ShardMergeError(`the shard reports come from different splits (${[...counts].join(', ')} shards)`);
  const count = [...counts][0] ?? 1;
  const indexes = reports.map((r) => r.shard?.index ?? 1);
  const repeated = indexes.find((index, i) => indexes.indexOf(index) !== i);
  if (repeated !== undefined) throw new ShardMergeError(`shard ${repeated}/${count} appears twice`);

  const seen = new Map<string, number>();
  for (const [i, report] of reports.entries()) {
    for (const doc of report.documents) {
      const other = seen.get(doc.id);
      if (other !== undefined) {
        throw new ShardMergeError(`document "${doc.id}" was checked by shards ${indexes[other]} and ${indexes[i]}: did they run different configs?`);
      }
      seen.set(doc.id, i);
    }
  }

  // Each shard's pending count includes what was already queued before the run, once per shard: count that once.
  const carried = Math.max(0, ...reports.map((r) => r.notifications.pending - r.notifications.queued));
  const queued = reports.reduce((n, r) => n + r.notifications.queued, 0);
  const delivered = reports.reduce((n, r) => n + r.notifications.delivered, 0);
  const merged: RunReport = {
    documents: reports.flatMap((r) => r.documents),
    claims: {
      verified: reports.reduce((n, r) => n + r.claims.verified, 0),
      reworded: reports.reduce((n, r) => n + r.claims.reworded, 0),
      missing: reports.reduce((n, r) => n + r.claims.missing, 0),
      items: reports.flatMap((r) => r.claims.items),
    },
    notifications: { queued, delivered, failed: reports.flatMap((r) => r.notifications.failed), pending: carried + queued - delivered },
    issues: [...new Set(reports.flatMap((r) => r.issues))],
    merged: { count, shards: [...indexes].sort((a, b) => a - b) },
  };
  const startedAt = earliest(reports.map((r) => r.startedAt));
  const finishedAt = latest(reports.map((r) => r.finishedAt));
  const toolVersion = reports.find((r) => r.toolVersion)?.toolVersion;
  if (startedAt) merged.startedAt = startedAt;
  if (finishedAt) merged.finishedAt = finishedAt;
  if (toolVersion) merged.toolVersion = toolVersion;
  return merged;
}

/** Shards of the split that produced no report (their job failed or was cancelled). */
export function missingShards(report: RunReport): number[] {
  if (!report.merged) return [];
  const present = new Set(report.merged.shards);
  return Array.from({ length: report.merged.count }, (_, i) => i + 1).filter((i) => !present.has(i));
}
