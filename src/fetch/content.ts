import type { BodyFormat } from './types.ts';
import { isPdf, pdfToText } from './pdf.ts';

export type ContentOutcome =
  | { ok: true; body: string; format: BodyFormat; contentType: string }
  | { ok: false; reason: 'unsupported-type'; message: string; cause?: unknown };

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const SNIFFABLE = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/x-download']);

export function mimeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

function charsetOf(contentType: string | undefined, bytes: Buffer): string {
  const header = /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  if (header) return header;
  // A <meta charset> must sit in the first 1024 bytes to count (HTML spec prescan).
  const head = bytes.subarray(0, 1024).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ?? 'utf-8';
}

function decode(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    // An unknown label: UTF-8 is what browsers fall back to for modern pages.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Text with NULs or a run of undecodable bytes is binary in disguise: never store it. */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) return true;
  const sample = text.slice(0, 64 * 1024);
  // Counted by the engine's search, not a loop over code points (most of this function's time on a large page):
  // U+FFFD is one UTF-16 unit and never half of a pair, so the count is the same.
  let bad = 0;
  for (let at = sample.indexOf('\uFFFD'); at !== -1; at = sample.indexOf('\uFFFD', at + 1)) bad += 1;
  return sample.length > 0 && bad / sample.length > 0.02;
}

async function fromPdf(bytes: Buffer, contentType: string): Promise<ContentOutcome> {
  let text: string;
  try {
    text = await pdfToText(bytes);
  } catch (cause) {
    return { ok: false, reason: 'unsupported-type', message: 'PDF could not be read (damaged or encrypted)', cause };
  }
  if (text.trim().length === 0) {
    return { ok: false, reason: 'unsupported-type', message: 'PDF has no extractable text (scanned images?): unsupported' };
  }
  return { ok: true, body: text, format: 'text', contentType };
}

/** Turns a 2xx body into HTML or plain text, or says clearly why it cannot. */
export async function interpretBody(bytes: Buffer, contentType: string | undefined): Promise<ContentOutcome> {
  const mime = mimeOf(contentType);
  const shown = mime || 'no content type';
  if (mime === 'application/pdf' || (SNIFFABLE.has(mime) && isPdf(bytes))) return fromPdf(bytes, 'application/pdf');
  const textual = HTML_TYPES.has(mime) || mime === 'text/plain' || mime === '';
  if (!textual) return { ok: false, reason: 'unsupported-type', message: `unsupported content type ${shown}` };
  const text = decode(bytes, charsetOf(contentType, bytes));
  if (looksBinary(text)) return { ok: false, reason: 'unsupported-type', message: `body served as ${shown} is binary, not text` };
  const format: BodyFormat = mime === 'text/plain' ? 'text' : 'html';
  return { ok: true, body: text, format, contentType: contentType ?? 'text/html' };
}

/** Decodes an error page just enough for the gate's response rules (a bot check or login wall served with 403). */
export function decodeForInspection(bytes: Buffer, contentType: string | undefined): string {
  return decode(bytes, charsetOf(contentType, bytes));
}
