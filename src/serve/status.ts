import { z } from '../shared/zod.ts';
import { resolveFromRoot } from '../config/load.ts';
import type { LoadedConfig } from '../config/load.ts';
import { buildClaimsReport } from '../claims/report.ts';
import { ClaimsReportSchema, parseClaimsReport } from '../claims/schema.ts';
import type { ClaimsReport } from '../claims/schema.ts';
import { readClaimStatuses } from '../run/claims-record.ts';
import { readFileIfExists } from '../shared/fs.ts';
import type { DocumentStatus } from '../status/index.ts';
import type { SnapshotStore } from '../store/types.ts';
import type { Db } from '../store/database.ts';
import { readRecord, writeRecord } from '../store/database.ts';
import { eventHeadline } from '../notify/email/view.ts';
import type { MailEvent } from '../notify/email/view.ts';

/** What GET /, /claims.json and /badge.json show. */
export interface SiteStatus {
  documents: DocumentStatus[];
  claims: ClaimsReport;
}

const DocumentStatusSchema = z.object({
  id: z.string().max(100),
  title: z.string().max(500),
  url: z.string().max(2000),
  lastCheckedAt: z.string().max(40).optional(),
  lastChange: z.object({ at: z.string().max(40), headline: z.string().max(1000).optional() }).optional(),
});

/** The body of POST /api/status: a workflow's view of its documents and claims after its run. */
export const PushedStatusSchema = z.object({
  documents: z.array(DocumentStatusSchema).max(5000),
  claims: ClaimsReportSchema,
});

const STATUS_KEY = 'status';

/** The status from this host's own snapshots and claims.json (serve --schedule, or a check beside serve). */
export async function localStatus(config: LoadedConfig, store: SnapshotStore, now: Date): Promise<SiteStatus> {
  const documents = await Promise.all(
    config.documents.map(async (doc): Promise<DocumentStatus> => {
      const [state, snapshot] = await Promise.all([store.readState(doc.id), store.readSnapshot(doc.id)]);
      const meta = snapshot?.meta;
      return {
        id: doc.id,
        title: doc.title,
        url: doc.url,
        ...(state.lastCheckedAt ? { lastCheckedAt: state.lastCheckedAt } : {}),
        // The last recorded version that changed words (what readers are alerted about).
        ...(meta && meta.kind === 'substantive' ? { lastChange: { at: meta.fetchedAt } } : {}),
      };
    }),
  );
  return { documents, claims: await localClaims(config, store, now) };
}

/** Gives each document's last change the summary of its alert, when serve holds one at least as recent. */
export function withAlertSummaries(status: SiteStatus, latest: ReadonlyMap<string, MailEvent>): SiteStatus {
  return {
    ...status,
    documents: status.documents.map((d) => {
      const alert = latest.get(d.id);
      if (!alert || (d.lastChange && alert.at < d.lastChange.at)) return d;
      return { ...d, lastChange: { at: alert.at, headline: eventHeadline(alert) } };
    }),
  };
}

/** claims.json as the last run wrote it; before any run, every configured claim as pending. */
async function localClaims(config: LoadedConfig, store: SnapshotStore, now: Date): Promise<ClaimsReport> {
  const bytes = await readFileIfExists(resolveFromRoot(config, config.settings.paths.claimsReport));
  if (bytes) {
    try {
      return parseClaimsReport(JSON.parse(bytes.toString('utf8')));
    } catch {
      // A damaged claims.json: rebuild from the stored statuses rather than show nothing.
    }
  }
  const statuses = (await Promise.all(config.documents.map((d) => readClaimStatuses(store, d.id)))).flat();
  return buildClaimsReport(statuses, { generatedAt: now, documents: config.documents });
}

export function savePushedStatus(db: Db, status: SiteStatus, now: Date): void {
  writeRecord(db, STATUS_KEY, status, now);
}

/** The status a workflow pushed last (the GitHub Actions pairing), if any. */
export function pushedStatus(db: Db): SiteStatus | undefined {
  const record = readRecord(db, STATUS_KEY);
  if (!record) return undefined;
  const parsed = PushedStatusSchema.safeParse(record.value);
  return parsed.success ? (parsed.data as SiteStatus) : undefined;
}
