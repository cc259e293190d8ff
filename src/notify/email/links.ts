import type { Clock } from '../../shared/clock.ts';
import type { TokenSigner } from '../../shared/tokens.ts';
import type { Subscriber } from './subscribers/schema.ts';

/**
 * The links in a subscriber's email, when `serve` answers them: unsubscribe (RFC 8058 one-click and a page),
 * preferences and confirmation, each carrying a signed, expiring token for that subscriber.
 */
export interface SubscriberLinks {
  unsubscribe(subscriber: Subscriber): string;
  preferences(subscriber: Subscriber): string;
  confirm(subscriber: Subscriber): string;
}

export interface SignedLinkOptions {
  signer: TokenSigner;
  /** Where serve is reached, e.g. https://alerts.example.org (a path prefix is kept). */
  publicUrl: string;
  clock: Clock;
  /** How long unsubscribe and preferences links work. */
  linkDays: number;
  /** How long a confirmation link works. */
  confirmHours: number;
}

export function createSignedLinks(options: SignedLinkOptions): SubscriberLinks & { manageToken(subscriber: Subscriber): string } {
  const base = options.publicUrl.replace(/\/+$/, '');
  const url = (path: string, token: string) => `${base}${path}?token=${encodeURIComponent(token)}`;
  const manageToken = (s: Subscriber) =>
    options.signer.sign({ purpose: 'manage', subject: s.id, nonce: 'm', expiresAt: new Date(options.clock.now().getTime() + options.linkDays * 86_400_000) });
  return {
    manageToken,
    unsubscribe: (s) => url('/unsubscribe', manageToken(s)),
    preferences: (s) => url('/preferences', manageToken(s)),
    confirm(s) {
      if (!s.confirmCode) throw new Error('a confirmation link needs a pending subscriber');
      const expiresAt = new Date(options.clock.now().getTime() + options.confirmHours * 3_600_000);
      return url('/confirm', options.signer.sign({ purpose: 'confirm', subject: s.id, nonce: s.confirmCode, expiresAt }));
    },
  };
}
