import { z } from '../shared/zod.ts';
import { ClaimStatusSchema } from '../claims/status-schema.ts';
import { WordPartSchema } from '../claims/schema.ts';
import { TopicSchema } from '../config/schema.ts';
import { FAILURE_REASONS } from '../shared/failure.ts';

/**
 * A pipeline event as read back from the notification queue: the fields the queue and the notifiers read (the
 * old and new text hashes are only part of the id, and are not checked). Unknown fields pass through.
 */
const DocRefSchema = z.looseObject({ id: z.string(), title: z.string(), url: z.string(), topics: z.array(TopicSchema) });

const ClaimChangeSchema = z.looseObject({
  claim: z.looseObject({ id: z.string(), quote: z.string(), topic: TopicSchema }),
  docId: z.string(),
  before: z.looseObject({ status: z.enum(['verified', 'reworded', 'missing']), currentWording: z.string().optional() }).optional(),
  after: ClaimStatusSchema,
});

const common = { id: z.string(), doc: DocRefSchema, at: z.string() };

export const PipelineEventSchema = z.discriminatedUnion('type', [
  z.looseObject({
    type: z.literal('change'),
    ...common,
    kind: z.enum(['substantive', 'formatting']),
    headline: z.string(),
    keyChanges: z.array(
      z.looseObject({
        kind: z.enum(['changed', 'new', 'removed']),
        topic: TopicSchema.optional(),
        text: z.string(),
        before: z.string().optional(),
        after: z.string().optional(),
        section: z.string().optional(),
      }),
    ),
    claimChanges: z.array(ClaimChangeSchema),
    effectiveDate: z.looseObject({ before: z.string().optional(), after: z.string().optional() }),
    diff: z.looseObject({
      hunks: z.array(z.looseObject({ section: z.string().optional(), before: z.string(), after: z.string(), words: z.array(WordPartSchema) })),
      truncated: z.boolean(),
      stats: z.looseObject({ added: z.number(), removed: z.number(), changed: z.number() }),
    }),
    links: z.looseObject({ page: z.string(), commit: z.string().optional(), compare: z.string().optional(), issue: z.string().optional() }),
  }),
  z.looseObject({
    type: z.literal('tracking-failing'),
    ...common,
    failure: z.looseObject({ reason: z.enum(FAILURE_REASONS), message: z.string(), status: z.number().optional() }),
    consecutiveFailures: z.number(),
    since: z.string(),
  }),
  z.looseObject({ type: z.literal('tracking-resumed'), ...common }),
  z.looseObject({ type: z.literal('document-moved'), ...common, from: z.string(), to: z.string() }),
  z.looseObject({ type: z.literal('selector-fallback'), ...common, selectors: z.array(z.string()) }),
  z.looseObject({ type: z.literal('claims-changed'), ...common, claimChanges: z.array(ClaimChangeSchema) }),
]);
