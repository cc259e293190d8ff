/**
 * Control characters and bidi overrides in page text can rewrite what a terminal, a log or an editor shows
 * (ANSI escapes, "Trojan Source" reordering). Line breaks and tabs are kept.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function stripUnsafeControls(text: string, replacement = ''): string {
  return text.replace(UNSAFE, replacement);
}

/** For one-line terminal and log output: also folds line breaks, so a message cannot fake extra lines. */
export function terminalSafe(text: string): string {
  return stripUnsafeControls(text, ' ').replace(/[\r\n\t]+/g, ' ');
}
