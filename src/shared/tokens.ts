import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from './errors.ts';

/** The environment variable holding the key that signs every link `serve` hands out. */
export const SERVE_SECRET_ENV = 'POLICYWATCH_SERVE_SECRET';
const MIN_SECRET_LENGTH = 32;

/** Reads and checks the signing secret; a missing or short one is a clear error naming the variable. */
export function serveSecret(env: NodeJS.ProcessEnv): string {
  const secret = env[SERVE_SECRET_ENV];
  if (!secret) {
    throw new ConfigError(`${SERVE_SECRET_ENV} is not set: serve signs its confirmation, unsubscribe and form tokens with it`, [
      `set ${SERVE_SECRET_ENV} to a random string of at least ${MIN_SECRET_LENGTH} characters, e.g. ${SERVE_SECRET_ENV}=$(openssl rand -hex 32); keep it across restarts, or links already sent stop working`,
    ]);
  }
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`${SERVE_SECRET_ENV} is too short (${secret.length} characters)`, [
      `use at least ${MIN_SECRET_LENGTH} random characters, e.g. ${SERVE_SECRET_ENV}=$(openssl rand -hex 32)`,
    ]);
  }
  return secret;
}

/** What a token is for: a token made for one purpose never passes as another. */
export type TokenPurpose = 'confirm' | 'manage' | 'form';

export interface TokenClaims {
  purpose: TokenPurpose;
  /** The subscriber id ('-' for a form token). */
  subject: string;
  /** Binds a token to one state of its subject (the pending confirmation code): a later state voids it. */
  nonce: string;
  expiresAt: Date;
}

export type TokenCheck =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'wrong-purpose' }
  | { ok: false; reason: 'expired'; claims: TokenClaims };

const PART = /^[A-Za-z0-9_-]{1,64}$/;
const PREFIX: Record<TokenPurpose, string> = { confirm: 'c', manage: 'm', form: 'f' };
const PURPOSE = Object.fromEntries(Object.entries(PREFIX).map(([k, v]) => [v, k])) as Record<string, TokenPurpose>;

/**
 * Signed, expiring tokens: `<purpose>.<subject>.<nonce>.<expiry>.<hmac>`, HMAC-SHA256 over everything before the
 * signature, truncated to 128 bits. No state on the server: a token is checked by its signature, then its subject's
 * current record decides whether it is still usable (a confirmation link works once).
 */
export function createTokenSigner(secret: string) {
  const key = createHmac('sha256', secret).update('policywatch serve tokens v1').digest();
  const mac = (body: string) => createHmac('sha256', key).update(body).digest().subarray(0, 16);
  return {
    sign(claims: TokenClaims): string {
      for (const part of [claims.subject, claims.nonce]) if (!PART.test(part)) throw new Error('token parts must be base64url');
      const body = `${PREFIX[claims.purpose]}.${claims.subject}.${claims.nonce}.${Math.floor(claims.expiresAt.getTime() / 1000).toString(36)}`;
      return `${body}.${mac(body).toString('base64url')}`;
    },
    verify(token: string, purpose: TokenPurpose, now: Date): TokenCheck {
      if (token.length > 300) return { ok: false, reason: 'malformed' };
      const parts = token.split('.');
      if (parts.length !== 5 || !parts.every((p) => PART.test(p))) return { ok: false, reason: 'malformed' };
      const [prefix, subject, nonce, expiry, signature] = parts as [string, string, string, string, string];
      const given = Buffer.from(signature, 'base64url');
      const expected = mac(parts.slice(0, 4).join('.'));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
      const kind = PURPOSE[prefix];
      if (kind !== purpose) return { ok: false, reason: 'wrong-purpose' };
      const seconds = Number.parseInt(expiry, 36);
      if (!Number.isSafeInteger(seconds)) return { ok: false, reason: 'malformed' };
      const claims: TokenClaims = { purpose: kind, subject, nonce, expiresAt: new Date(seconds * 1000) };
      return claims.expiresAt.getTime() <= now.getTime() ? { ok: false, reason: 'expired', claims } : { ok: true, claims };
    },
  };
}
export type TokenSigner = ReturnType<typeof createTokenSigner>;
