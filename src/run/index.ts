import type { DocumentConfig } from '../config/schema.ts';
import { parseShard, selectShard } from '../config/shard.ts';
import { runCheck } from './check.ts';
import type { CheckDeps } from './check.ts';
import { writeClaimsJson } from './claims-report.ts';
import { actionsLinks } from './links.ts';
import type { RunReport } from './report.ts';
import type { RunProgress } from './progress.ts';
import { appendJobSummary } from './job-summary.ts';

export { runCheck, type CheckDeps, type CheckOptions } from './check.ts';
export { processFetched, processFailure, processNotModified } from './process.ts';
export { checkDocument, type DocumentDeps } from './document.ts';
export { reextractStale } from './reextract.ts';
export type { RunReport } from './report.ts';
export type { RunProgress } from './progress.ts';

/** `policywatch check` on what the composition root built (src/app): claims.json and the job summary included. */
export async function executeCheck(
  app: Omit<CheckDeps, 'links'> & { env: NodeJS.ProcessEnv },
  input: { documents: DocumentConfig[]; notify: boolean; shard?: string; summaryFile?: string; progress?: RunProgress },
): Promise<RunReport> {
  const { config, clock, env } = app;
  const shard = input.shard ? parseShard(input.shard) : undefined;
  const documents = shard ? selectShard(input.documents, shard) : input.documents;
  const report = await runCheck(
    { config, store: app.store, fetcher: app.fetcher, channels: app.channels, clock, logger: app.logger, links: actionsLinks(env) },
    { documents, notify: input.notify, ...(shard ? { shard } : {}), ...(input.progress ? { progress: input.progress } : {}) },
  );
  await writeClaimsJson({ config, store: app.store, now: clock.now() });
  if (input.summaryFile) await appendJobSummary(input.summaryFile, report, env);
  return report;
}
