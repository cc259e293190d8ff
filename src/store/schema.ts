import { z } from '../shared/zod.ts';
import { PipelineEventSchema } from '../notify/event-schema.ts';
import { FAILURE_REASONS } from '../shared/failure.ts';
import type { DeliveryRecord, DocState, EmailJournalRecord, LedgerEntry, LedgerRecord, SnapshotMeta } from './types.ts';

/*
 * What we accept when reading back snapshots/<doc-id>/meta.json, state.json and the records in snapshots/_records.
 * Unknown fields pass through (looseObject), so a record written by a newer version keeps what it added when this
 * version rewrites it. Claim statuses: claims/status-schema.ts; queued events: notify/event-schema.ts.
 */

export const SnapshotMetaSchema = z.looseObject({
  docId: z.string(),
  url: z.string(),
  finalUrl: z.string(),
  fetchedAt: z.string(),
  status: z.number(),
  etag: z.string().optional(),
  lastModified: z.string().optional(),
  contentHash: z.string(),
  effectiveDate: z.string().optional(),
  title: z.string().optional(),
  kind: z.enum(['first', 'noise', 'formatting', 'substantive', 'technical']),
  via: z.enum(['http', 'browser']),
  toolVersion: z.string(),
  rulesVersion: z.string(),
}) satisfies z.ZodType<SnapshotMeta>;

export const DocStateSchema = z.looseObject({
  consecutiveFailures: z.number().int().min(0),
  lastFailure: z
    .looseObject({ reason: z.enum(FAILURE_REASONS), message: z.string(), status: z.number().optional(), at: z.string() })
    .optional(),
  failingSince: z.string().optional(),
  failingNotified: z.boolean(),
  pendingChange: z
    .looseObject({
      contentHash: z.string(),
      firstSeenAt: z.string(),
      reason: z.enum(['unconfirmed', 'drastic-shrink']),
      page: z
        .looseObject({
          finalUrl: z.string(),
          status: z.number(),
          via: z.enum(['http', 'browser']),
          format: z.enum(['html', 'text']),
          etag: z.string().optional(),
          lastModified: z.string().optional(),
        })
        .optional(),
    })
    .optional(),
  pendingShrink: z.looseObject({ contentHash: z.string(), firstSeenAt: z.string() }).optional(),
  selectorFallbackNotified: z.boolean(),
  lastCheckedAt: z.string().optional(),
  movedNotifiedTo: z.string().optional(),
  http: z.looseObject({ etag: z.string().optional(), lastModified: z.string().optional(), finalUrl: z.string().optional() }).optional(),
}) satisfies z.ZodType<DocState>;

export const QueueRecordSchema = z.looseObject({
  version: z.literal(1),
  items: z.array(
    z.looseObject({
      event: PipelineEventSchema,
      pendingFor: z.array(z.string()),
      attempts: z.number().int().min(0),
      lastError: z.string().optional(),
      linksFinal: z.boolean().optional(),
    }),
  ),
});

const LedgerEntrySchema = z.looseObject({
  status: z.enum(['sent', 'rejected']),
  at: z.string(),
  messageId: z.string().optional(),
  code: z.number().optional(),
}) satisfies z.ZodType<LedgerEntry>;

export const DeliveryRecordSchema = z.looseObject({
  version: z.literal(1),
  delivered: z.record(z.string(), z.looseObject({ at: z.string(), status: z.number().optional() })),
}) satisfies z.ZodType<DeliveryRecord>;

export const LedgerRecordSchema = z.looseObject({
  version: z.literal(1),
  entries: z.record(z.string(), z.record(z.string(), LedgerEntrySchema)),
}) satisfies z.ZodType<LedgerRecord>;

export const EmailJournalSchema = z.looseObject({
  version: z.literal(1),
  sending: z.array(z.looseObject({ key: z.string(), eventIds: z.array(z.string()), messageId: z.string(), date: z.string() })),
  outcomes: z.array(z.looseObject({ key: z.string(), eventIds: z.array(z.string()), entry: LedgerEntrySchema })),
}) satisfies z.ZodType<EmailJournalRecord>;
