import { z } from '../../../shared/zod.ts';
import { TopicSchema } from '../../../config/schema.ts';

export const SUBSCRIBER_STATES = ['pending', 'active', 'unsubscribed', 'bounced'] as const;

export const FollowSchema = z.union([
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('some'), docs: z.array(z.string()), topics: z.array(TopicSchema) }),
]);
export type Follow = z.infer<typeof FollowSchema>;

/** How consent was given: the record must always be able to answer "why does this person get mail?". */
export const ConsentSchema = z.union([
  z.object({
    method: z.literal('double-opt-in'),
    requestedAt: z.string(),
    confirmedAt: z.string().optional(),
  }),
  z.object({
    /** A maintainer states that consent was collected elsewhere (a sign-up form, an event list ...). */
    method: z.literal('attested'),
    by: z.string().min(1),
    at: z.string(),
  }),
]);
export type Consent = z.infer<typeof ConsentSchema>;

export const SubscriberSchema = z.object({
  /** Random, never derived from the address. */
  id: z.string(),
  address: z.string(),
  follow: FollowSchema,
  subscribedAt: z.string(),
  source: z.enum(['cli', 'import', 'web']),
  consent: ConsentSchema,
  state: z.enum(SUBSCRIBER_STATES),
  stateChangedAt: z.string(),
  unsubscribeToken: z.string(),
  /** While pending: the code of the confirmation note. */
  confirmCode: z.string().optional(),
  /** Permanent rejections in a row; reset by an accepted message. */
  rejections: z.number().int().min(0).default(0),
});
export type Subscriber = z.infer<typeof SubscriberSchema>;

export const SubscriberBookSchema = z.object({
  version: z.literal(1),
  /** Keys the address hashes in the public delivery ledger. Lives only inside the encrypted file. */
  secret: z.string(),
  subscribers: z.array(SubscriberSchema),
});
export type SubscriberBook = z.infer<typeof SubscriberBookSchema>;

/** The file on disk: plain JSON around the ciphertext, so it diffs sanely and can be committed. */
export const EnvelopeSchema = z.object({
  format: z.literal('policywatch-subscribers'),
  version: z.literal(1),
  kdf: z.literal('scrypt'),
  salt: z.string(),
  /** HMAC of a constant under the derived key: tells a wrong key apart from a damaged file. */
  keyCheck: z.string(),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});
export type Envelope = z.infer<typeof EnvelopeSchema>;
