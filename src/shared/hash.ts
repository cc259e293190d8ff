import { createHash } from 'node:crypto';

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A short, stable id for texts: enough to tell versions apart in names and markers. */
export function shortHash(text: string): string {
  return sha256(text).slice(0, 16);
}
