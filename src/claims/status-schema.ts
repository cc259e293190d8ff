import { z } from '../shared/zod.ts';
import { TopicSchema } from '../config/schema.ts';
import { WordPartSchema } from './schema.ts';
import type { ClaimStatus } from './types.ts';

/**
 * A claim status as read back from snapshots/_records/claims.<doc-id>.json (and inside queued events): the one
 * place that says what a stored claim status must hold. `satisfies` ties it to the ClaimStatus type: a new required
 * field there fails the typecheck here until it is added. Unknown fields pass through (see store/records.ts).
 */
export const ClaimStatusSchema = z.looseObject({
  id: z.string(),
  docId: z.string(),
  topic: TopicSchema,
  quote: z.string(),
  status: z.enum(['verified', 'reworded', 'missing']),
  similarity: z.number(),
  currentWording: z.string().optional(),
  wordDiff: z.array(WordPartSchema).optional(),
  verifiedAt: z.string().optional(),
  checkedAt: z.string(),
}) satisfies z.ZodType<ClaimStatus>;
