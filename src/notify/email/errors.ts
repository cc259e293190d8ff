import { NotifyError, StoreError } from '../../shared/errors.ts';
import type { PolicywatchErrorOptions } from '../../shared/errors.ts';

export type SubscribersProblem = 'missing-key' | 'wrong-key' | 'corrupt' | 'invalid-address' | 'not-found';

/** The subscribers file could not be opened or changed. Messages never contain an address. */
export class SubscribersError extends StoreError {
  constructor(
    message: string,
    readonly problem: SubscribersProblem,
    options: PolicywatchErrorOptions = {},
  ) {
    super(message, options);
  }
}

export type SendFailureKind = 'temporary' | 'permanent' | 'connection' | 'other';

/**
 * One message could not be handed to the mail server. Built from the library's codes at the adapter boundary;
 * the library's message text is dropped because SMTP replies often quote the recipient's address.
 */
export class EmailSendError extends NotifyError {
  constructor(
    message: string,
    readonly kind: SendFailureKind,
    readonly responseCode?: number,
    options: PolicywatchErrorOptions = {},
  ) {
    super(message, 'email', { ...options, transient: kind === 'temporary' || kind === 'connection' });
  }
}
