import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { resolveFromRoot } from '../../config/load.ts';
import type { ChannelInput, ChannelStatus } from '../channel.ts';
import { defineChannel } from '../channel.ts';
import { subscribersTake } from '../routing.ts';
import { createEmailNotifier } from './notifier.ts';
import type { EmailNotifierDeps } from './notifier.ts';
import { createFileSubscriberRepository, SUBSCRIBERS_KEY_ENV } from './subscribers/file.ts';
import { createOutboxTransport, createSmtpTransport, hasSmtpSettings } from './transport.ts';
import type { MailTransport, SmtpPoolOptions } from './transport.ts';

export interface EmlDraftChannelOptions {
  /** Tries per message and the first wait between them (doubling). Default 3 tries from 2 s. */
  retry?: EmailNotifierDeps['retry'];
}

export interface SmtpChannelOptions extends EmlDraftChannelOptions {
  smtp?: SmtpPoolOptions;
}

/**
 * No subscribers file: nobody subscribed. A file but no key: the notifier fails each run with a clear error and
 * the mail stays queued until the key is provided, rather than being dropped.
 */
function subscribersStatus({ config, settings }: ChannelInput): ChannelStatus {
  return existsSync(resolveFromRoot(config, settings.email.subscribersFile))
    ? { configured: true }
    : { configured: false, missing: `no ${settings.email.subscribersFile}; add some with \`policywatch subscribers add\`` };
}

function emailChannel(input: ChannelInput, transport: MailTransport, options: EmlDraftChannelOptions | undefined, description: string) {
  const { config, settings, env, store, clock, logger } = input;
  const subscribers = createFileSubscriberRepository(resolveFromRoot(config, settings.email.subscribersFile), env[SUBSCRIBERS_KEY_ENV]);
  const notifier = createEmailNotifier({ transport, subscribers, store, settings, clock, logger, ...(options?.retry ? { retry: options.retry } : {}) });
  return { notifier, description, close: () => transport.close() };
}

/** Subscribers' channel with SMTP settings: one email per reader per run, over a pooled, rate-limited connection. */
export const smtpChannel = defineChannel({
  name: 'smtp',
  role: 'subscribers',
  settings: ['SMTP_URL (or SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD)', SUBSCRIBERS_KEY_ENV, 'email.subscribersFile'],
  takes: subscribersTake,
  status(input) {
    const subscribers = subscribersStatus(input);
    if (!subscribers.configured) return subscribers;
    return hasSmtpSettings(input.env) ? { configured: true } : { configured: false, missing: 'no SMTP settings' };
  },
  create(input, options: SmtpChannelOptions | undefined) {
    const transport = createSmtpTransport(input.env, input.settings, options?.smtp);
    if (!transport) throw new Error('the smtp channel was built without SMTP settings; check status() first');
    return emailChannel(input, transport, options, 'email over SMTP');
  },
});

/** Subscribers' channel without SMTP settings: the same messages as .eml files in outbox/email/. */
export const emlDraftChannel = defineChannel({
  name: 'eml-drafts',
  role: 'subscribers',
  settings: [SUBSCRIBERS_KEY_ENV, 'email.subscribersFile', 'paths.outbox'],
  takes: subscribersTake,
  status: subscribersStatus,
  create(input, options: EmlDraftChannelOptions | undefined) {
    const dir = join(input.outboxDir, 'email');
    return emailChannel(input, createOutboxTransport(dir), options, `.eml files in ${dir}`);
  },
});
