import type { ChannelDefinition } from './channel.ts';
import { emlDraftChannel, smtpChannel } from './email/channel.ts';
import { githubChannel } from './github/channel.ts';
import { issueDraftChannel } from './outbox/channel.ts';
import { serveChannel } from './serve/channel.ts';
import { slackChannel } from './slack/channel.ts';
import { webhookChannel } from './webhook/channel.ts';

/**
 * Every notification channel, one line each. Order matters twice: roles are delivered in the order they first
 * appear (maintainers first, so subscribers' mail can link the issue), and within a role the first configured
 * definition serves it (GitHub before drafts, SMTP before .eml files).
 * Adding a channel: a folder under src/notify/ that exports a defineChannel(...), and a line here.
 */
export const CHANNELS = [
  githubChannel,
  issueDraftChannel,
  serveChannel,
  smtpChannel,
  emlDraftChannel,
  webhookChannel,
  slackChannel,
] as const satisfies readonly ChannelDefinition<string, never>[];

type OptionsOf<D> = D extends ChannelDefinition<string, infer Options> ? Options : never;

/** Overrides per adapter, keyed by its name: `{ github: { writeSpacingMs: 0 }, smtp: { smtp: { pool: false } } }`. */
export type ChannelOptions = { [D in (typeof CHANNELS)[number] as D['name']]?: OptionsOf<D> };
