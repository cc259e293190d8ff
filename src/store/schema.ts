import { z } from 'zod';
import { FAILURE_REASONS } from '../shared/failure.ts';

/** What we read back from snapshots/<doc-id>/meta.json and state.json. Unknown fields are kept out. */
export const SnapshotMetaSchema = z.object({
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
});

export const DocStateSchema = z.object({
  consecutiveFailures: z.number().int().min(0),
  lastFailure: z
    .object({ reason: z.enum(FAILURE_REASONS), message: z.string(), status: z.number().optional(), at: z.string() })
    .optional(),
  failingSince: z.string().optional(),
  failingNotified: z.boolean(),
  pendingShrink: z.object({ contentHash: z.string(), firstSeenAt: z.string() }).optional(),
  selectorFallbackNotified: z.boolean(),
  lastCheckedAt: z.string().optional(),
  movedNotifiedTo: z.string().optional(),
  http: z.object({ etag: z.string().optional(), lastModified: z.string().optional(), finalUrl: z.string().optional() }).optional(),
});
