import { onDemand, z } from '../shared/zod.ts';
import { FAILURE_REASONS } from '../shared/failure.ts';
import type { DocOutcomeKind } from './types.ts';

/**
 * What a run did: printed by `check --json`, read back by `publish` and `merge-shards` (one file per shard), shown as
 * the terminal summary, the job summary and annotations. One schema is the one type: whatever reads a report file
 * parses it here. Only the fields something uses are listed; claim statuses keep just what the summary shows.
 */

const OUTCOMES = {
  first: 'first',
  noise: 'noise',
  formatting: 'formatting',
  substantive: 'substantive',
  'not-modified': 'not-modified',
  technical: 'technical',
  held: 'held',
  failed: 'failed',
} as const satisfies { [K in DocOutcomeKind]: K };

/** Built on first use: `check` writes reports and prints summaries, and only what reads a report file back needs them. */
const schemas = onDemand(() => {
  const ReportDocumentSchema = z.object({
    id: z.string(),
    title: z.string(),
    url: z.string(),
    finalUrl: z.string().optional(),
    // 'suspicious': a held shrink, as reports written before any change could be held named it.
    outcome: z.union([z.enum(OUTCOMES), z.literal('suspicious').transform(() => 'held' as const)]),
    held: z.enum(['unconfirmed', 'drastic-shrink']).optional(),
    /** One-line description of the change; derived from page text, so untrusted. */
    headline: z.string().optional(),
    effectiveDate: z.string().optional(),
    failure: z.object({ reason: z.enum(FAILURE_REASONS), message: z.string(), status: z.number().optional() }).optional(),
    issueUrl: z.string().optional(),
  });

  const NotificationTallySchema = z.object({
    queued: z.number().int().min(0),
    delivered: z.number().int().min(0),
    failed: z.array(z.object({ notifier: z.string(), eventId: z.string(), error: z.string() })),
    pending: z.number().int().min(0),
  });

  const shard = z.object({ index: z.number().int().min(1), count: z.number().int().min(1) });

  const RunReportSchema = z.object({
    startedAt: z.string().optional(),
    finishedAt: z.string().optional(),
    toolVersion: z.string().optional(),
    shard: shard.optional(),
    /** Set on a report merged from shard reports: which of the `count` shards made it (a failed shard job is absent). */
    merged: z.object({ count: z.number().int().min(1), shards: z.array(z.number().int().min(1)) }).optional(),
    documents: z.array(ReportDocumentSchema),
    claims: z
      .object({
        verified: z.number().int().min(0),
        reworded: z.number().int().min(0),
        missing: z.number().int().min(0),
        items: z.array(z.object({ id: z.string(), docId: z.string(), status: z.enum(['verified', 'reworded', 'missing']) })).default([]),
      })
      .default({ verified: 0, reworded: 0, missing: 0, items: [] }),
    notifications: NotificationTallySchema.default({ queued: 0, delivered: 0, failed: [], pending: 0 }),
    /** URLs of the issues opened or updated. */
    issues: z.array(z.string()).default([]),
  });
  /** What `policywatch notify --json` prints: deliveries made after the snapshot commit. */
  const NotifyResultSchema = NotificationTallySchema.extend({ issues: z.array(z.string()) });
  return { RunReportSchema, NotificationTallySchema, NotifyResultSchema };
});
type Schemas = ReturnType<typeof schemas>;

export const runReportSchema = () => schemas().RunReportSchema;
export const notifyResultSchema = () => schemas().NotifyResultSchema;

export type RunReport = z.output<Schemas['RunReportSchema']>;
/** What a report file may hold: a hand-made or older one may lack the parts with defaults. */
export type RunReportFile = z.input<Schemas['RunReportSchema']>;
export type ReportDocument = RunReport['documents'][number];
export type NotificationTally = z.output<Schemas['NotificationTallySchema']>;
export type NotifyResult = z.output<Schemas['NotifyResultSchema']>;

/** Documents whose recorded snapshot changed in this run, i.e. what a commit carries. */
export const CHANGED_OUTCOMES: readonly DocOutcomeKind[] = ['substantive', 'formatting', 'first', 'technical'];

/**
 * Parses a report read back from a file; the problem names the first wrong field, for the caller to put beside the file.
 */
export function parseRunReport(value: unknown): { report: RunReport } | { problem: string } {
  const result = runReportSchema().safeParse(value);
  if (result.success) return { report: result.data };
  const issue = result.error.issues[0];
  return { problem: `field "${issue?.path.join('.') || '(root)'}": ${issue?.message ?? 'invalid'}` };
}

/** Why a document's change is held back, in words. */
export function heldWhy(reason: string | undefined): string {
  return reason === 'drastic-shrink'
    ? 'most of the text vanished; confirming on the next run before alerting'
    : 'a change seen once; confirming on the next run before alerting';
}

export function countOutcomes(report: RunReport): Record<DocOutcomeKind, number> {
  const counts = { first: 0, noise: 0, formatting: 0, substantive: 0, 'not-modified': 0, technical: 0, held: 0, failed: 0 };
  for (const doc of report.documents) counts[doc.outcome]++;
  return counts;
}
