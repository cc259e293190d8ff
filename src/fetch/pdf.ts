
/** Text of every page, pages separated by a blank line. Rejects when the bytes are not a readable PDF. */
export async function pdfToText(bytes: Uint8Array): Promise<string> {
  // pdf.js is large: it loads with the first PDF, not with every run.
  const { extractText, getDocumentProxy } = await import('unpdf');
  // pdf.js takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    const { text } = await extractText(pdf, { mergePages: false });
    return text
      .map((page) => page.replace(/[ \t]+\n/g, '\n').trim())
      .filter((page) => page.length > 0)
      .join('\n\n');
  } finally {
    await pdf.destroy();
  }
}

export function isPdf(bytes: Uint8Array): boolean {
  return bytes.length >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
}
