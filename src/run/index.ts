import type { LoadedConfig } from '../config/load.ts';
import type { DocumentConfig } from '../config/schema.ts';
import { parseShard, selectShard } from '../config/shard.ts';
import { createFetcher } from '../fetch/index.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { runCheck } from './check.ts';
import { writeClaimsJson } from './claims-report.ts';
import { actionsLinks } from './links.ts';
import type { RunReport } from './report.ts';
import { setupNotifiers, snapshotStoreFor } from './setup.ts';
import { appendJobSummary } from './job-summary.ts';

export { runCheck, type CheckDeps, type CheckOptions } from './check.ts';
export { replayCorpus, type ReplayOutput } from './replay.ts';
export { processFetched, processFailure, processNotModified } from './process.ts';
export { checkDocument, type DocumentDeps } from './document.ts';
export { reextractStale } from './reextract.ts';
export { setupNotifiers } from './setup.ts';
export type { RunReport } from './report.ts';

/** `policywatch check` with real adapters: the filesystem store, the HTTP/browser fetcher, the configured notifiers. */
export async function executeCheck(input: {
  config: LoadedConfig;
  documents: DocumentConfig[];
  env: NodeJS.ProcessEnv;
  clock: Clock;
  logger: Logger;
  notify: boolean;
  shard?: string;
  summaryFile?: string;
}): Promise<{ report: RunReport; channels: string[] }> {
  const { config, clock, logger, env } = input;
  const shard = input.shard ? parseShard(input.shard) : undefined;
  const documents = shard ? selectShard(input.documents, shard) : input.documents;
  const store = snapshotStoreFor(config);
  const { notifiers, channels, close } = await setupNotifiers({ config, env, store, clock, logger });
  const fetcher = createFetcher({ settings: config.settings, clock, logger, env });
  let report: RunReport;
  try {
    report = await runCheck(
      { config, store, fetcher, notifiers, clock, logger, links: actionsLinks(env) },
      { documents, notify: input.notify, ...(shard ? { shard } : {}) },
    );
  } finally {
    await Promise.all([fetcher.close(), close()]);
  }
  await writeClaimsJson({ config, store, now: clock.now() });
  if (input.summaryFile) await appendJobSummary(input.summaryFile, report);
  return { report, channels };
}
