// Subscriber email: the notifier, its transports, the encrypted subscribers file and the message renderer.
export { smtpChannel, emlDraftChannel } from './channel.ts';
export type { SmtpChannelOptions, EmlDraftChannelOptions } from './channel.ts';
export { createEmailNotifier } from './notifier.ts';
export type { EmailNotifierDeps } from './notifier.ts';
export { createSmtpTransport, createOutboxTransport, hasSmtpSettings, outboxFileName } from './transport.ts';
export type { MailTransport, OutgoingMail, SmtpPoolOptions } from './transport.ts';
export { renderMessage, renderSubject } from './render.ts';
export type { RenderedMessage } from './render.ts';
export { isMailEvent } from './view.ts';
export type { MailEvent } from './view.ts';
export { follows, eventTopics } from './match.ts';
export { renderConfirmation, sendConfirmation } from './confirm.ts';
export { addressKey, maskAddress, normalizeAddress } from './address.ts';
export { EmailSendError, SubscribersError } from './errors.ts';
export {
  SUBSCRIBERS_KEY_ENV,
  loadSubscribers,
  createFileSubscriberRepository,
  createMemorySubscriberRepository,
  encryptBook,
  decryptBook,
  newBook,
} from './subscribers/file.ts';
export type { SubscriberRepository } from './subscribers/file.ts';
export { upsertSubscriber, confirmSubscriber, unsubscribe, followOf, mergeFollow } from './subscribers/ops.ts';
export type { AddInput, AddOutcome, ConsentInput } from './subscribers/ops.ts';
export { parseSubscriberCsv, subscribersToCsv } from './subscribers/csv.ts';
export type { Subscriber, SubscriberBook, Follow, Consent } from './subscribers/schema.ts';
