import { createHmac } from 'node:crypto';
import { domainToASCII } from 'node:url';

// Deliberately stricter than RFC 5321: no quoted local parts, no IP literals. Those are valid but almost always
// typos or abuse in a newsletter list, and rejecting them keeps headers and logs simple.
const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Returns the normalized address (trimmed, lowercased, IDN domain in ASCII), or undefined when it is not valid. */
export function normalizeAddress(input: string): string | undefined {
  const trimmed = input.trim().replace(/^mailto:/i, '');
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return undefined;
  // Mailbox providers treat local parts case-insensitively in practice; lowercasing is what makes duplicates merge.
  const local = trimmed.slice(0, at).toLowerCase();
  const domain = domainToASCII(trimmed.slice(at + 1).toLowerCase());
  if (!domain || local.length > 64 || !LOCAL.test(local)) return undefined;
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^[0-9]+$/.test(labels.at(-1) ?? '')) return undefined;
  const address = `${local}@${domain}`;
  return address.length <= 254 ? address : undefined;
}

/** a***@example.com: enough for a maintainer to recognise a subscriber, not enough to harvest. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return '***';
  return `${address.slice(0, 1)}***@${address.slice(at + 1)}`;
}

/**
 * A keyed hash of an address, for the delivery ledger and logs. Keyed with the secret kept inside the encrypted
 * subscribers file, so a reader of the public ledger cannot test guessed addresses against it.
 */
export function addressKey(secret: string, address: string): string {
  return createHmac('sha256', Buffer.from(secret, 'base64')).update(address).digest('hex').slice(0, 32);
}
