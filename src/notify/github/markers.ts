/**
 * Hidden markers in issue and comment bodies. They make GitHub itself the record of what was posted, so a re-run
 * (even after a crash between posting and recording) finds its earlier work. Page text cannot forge them:
 * the untrusted-text module (src/untrusted, stripHtml) breaks every "<!--" in page text.
 */

export type IssueKind = 'change' | 'tracking' | 'maintenance';

const PATTERN = /^<!-- policywatch:([a-z-]+)=(\S*) -->$/gm;

export function marker(key: string, value: string): string {
  return `<!-- policywatch:${key}=${encodeURIComponent(value)} -->`;
}

/** Every value of `key` in the text, in order. */
export function readMarkers(text: string | null | undefined, key: string): string[] {
  if (!text) return [];
  const values: string[] = [];
  for (const match of text.matchAll(PATTERN)) {
    if (match[1] !== key || match[2] === undefined) continue;
    try {
      values.push(decodeURIComponent(match[2]));
    } catch {
      // A hand-edited, malformed marker is not ours.
    }
  }
  return values;
}

export function hasFingerprint(text: string | null | undefined, eventId: string): boolean {
  return readMarkers(text, 'fingerprint').includes(eventId);
}

export function kindOf(text: string | null | undefined): IssueKind | undefined {
  const kind = readMarkers(text, 'kind')[0];
  return kind === 'change' || kind === 'tracking' || kind === 'maintenance' ? kind : undefined;
}
