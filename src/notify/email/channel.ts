import { join } from 'node:path';
import type { ChannelInput, ChannelStatus, TestMessage } from '../channel.ts';
import { defineChannel } from '../channel.ts';
import { subscribersTake } from '../routing.ts';
import type { EmailNotifierDeps } from './notifier.ts';
import { deferredNotifier } from '../port.ts';
import { SUBSCRIBERS_KEY_ENV } from './subscribers/file.ts';
import { chooseSubscriberStore, openSubscriberStore } from './subscribers/open.ts';
import { createOutboxTransport, createSmtpTransport, hasSmtpSettings } from './transport.ts';
import type { MailTransport, SmtpPoolOptions } from './transport.ts';
import type { Settings } from '../../config/schema.ts';
import { escapeHtml } from '../../untrusted/index.ts';
import { maskAddress } from './address.ts';
import { bareAddress, senderOf } from './view.ts';

export interface EmlDraftChannelOptions {
  /** Tries per message and the first wait between them (doubling). Default 3 tries from 2 s. */
  retry?: EmailNotifierDeps['retry'];
}

export interface SmtpChannelOptions extends EmlDraftChannelOptions {
  smtp?: SmtpPoolOptions;
}

/**
 * No subscriber store (neither serve's database nor the encrypted file): nobody subscribed. A file but no key: the
 * notifier fails each run with a clear error and the mail stays queued until the key is provided, rather than
 * being dropped.
 */
function subscribersStatus(input: ChannelInput): ChannelStatus {
  const { settings } = input;
  return chooseSubscriberStore(input.config).exists
    ? { configured: true }
    : { configured: false, missing: `no ${settings.email.subscribersFile} and no ${settings.paths.database}; add subscribers with \`policywatch subscribers add\` or \`policywatch serve\`` };
}

function emailChannel(input: ChannelInput, transport: MailTransport, options: EmlDraftChannelOptions | undefined, description: string) {
  const { config, env, store, clock, logger } = input;
  const opened = input.subscribers ? undefined : openSubscriberStore(config, env);
  const subscribers = input.subscribers?.() ?? opened!.repository;
  // The notifier, its renderer and its ledger load with the first delivery (port.ts deferredNotifier).
  const notifier = deferredNotifier('email', async () =>
    (await import('./notifier.ts')).createEmailNotifier({
      transport,
      subscribers,
      store,
      settings: input.settings,
      clock,
      logger,
      ...(options?.retry ? { retry: options.retry } : {}),
      ...(input.subscriberLinks ? { links: input.subscriberLinks } : {}),
    }),
  );
  return {
    notifier,
    description,
    close: async () => {
      opened?.close();
      await transport.close();
    },
  };
}

/** `notify --test`: one plain message to the address given, never to a subscriber. */
async function sendTest(transport: MailTransport, settings: Settings, message: TestMessage, draftsDir?: string): Promise<string> {
  try {
    if (!message.to) return 'nothing sent: give --to ADDRESS to send a test email (subscribers never get one)';
    const domain = bareAddress(senderOf(settings)).split('@')[1] || 'policywatch.invalid';
    await transport.send({
      from: senderOf(settings),
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: `<!DOCTYPE html><html lang="en"><body><p>${escapeHtml(message.text)}</p></body></html>`,
      headers: { 'Auto-Submitted': 'auto-generated' },
      messageId: `<${message.id}@${domain.replace(/[^a-z0-9.-]/gi, '')}>`,
      date: message.at,
    });
    // Drafts are written, not sent: say where, so nobody waits for a message that never leaves the machine.
    return draftsDir ? `wrote a test message to ${maskAddress(message.to)} as an .eml file in ${draftsDir}` : `sent a test message to ${maskAddress(message.to)}`;
  } finally {
    await transport.close();
  }
}

/** Subscribers' channel with SMTP settings: one email per reader per run, over a pooled, rate-limited connection. */
export const smtpChannel = defineChannel({
  name: 'smtp',
  role: 'subscribers',
  settings: ['SMTP_URL (or SMTP_HOST, SMTP_PORT, SMTP_USER, SMTP_PASSWORD)', SUBSCRIBERS_KEY_ENV, 'email.subscribersFile', 'email.subscriberStore', 'paths.database'],
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
  test: (input, message, options) => sendTest(createSmtpTransport(input.env, input.settings, options?.smtp)!, input.settings, message),
});

/** Subscribers' channel without SMTP settings: the same messages as .eml files in outbox/email/. */
export const emlDraftChannel = defineChannel({
  name: 'eml-drafts',
  role: 'subscribers',
  settings: [SUBSCRIBERS_KEY_ENV, 'email.subscribersFile', 'email.subscriberStore', 'paths.database', 'paths.outbox'],
  takes: subscribersTake,
  status: subscribersStatus,
  create(input, options: EmlDraftChannelOptions | undefined) {
    const dir = join(input.outboxDir, 'email');
    return emailChannel(input, createOutboxTransport(dir), options, `.eml files in ${dir}`);
  },
  test: (input, message) => sendTest(createOutboxTransport(join(input.outboxDir, 'email')), input.settings, message, join(input.outboxDir, 'email')),
});
