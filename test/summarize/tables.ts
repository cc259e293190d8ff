/**
 * Fixtures written the way src/normalize/markdown.ts renders pages: pipe tables with escaped pipes, "-"/"1." lists
 * indented by nesting, "#" headings, blank lines between blocks.
 */

export function table(header: readonly string[] | undefined, rows: ReadonlyArray<readonly string[]>): string {
  const width = header?.length ?? rows[0]?.length ?? 0;
  const line = (cells: readonly string[]): string => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header ?? Array<string>(width).fill('')), line(Array<string>(width).fill('---')), ...rows.map(line)].join('\n');
}

export function doc(...blocks: string[]): string {
  return `${blocks.join('\n\n')}\n`;
}

/** A sub-processor list: name, purpose, country. */
export const VENDORS: ReadonlyArray<readonly string[]> = [
  ['Northwind Cloud', 'Hosting', 'United States'],
  ['Blue Ledger', 'Billing', 'Ireland'],
  ['Quartz Mail', 'Email delivery', 'United States'],
  ['Harbor Analytics', 'Product analytics', 'Germany'],
  ['Pine Support', 'Customer support', 'Canada'],
  ['Tern Security', 'Fraud prevention', 'United Kingdom'],
  ['Orbit Search', 'Search', 'United States'],
  ['Lumen Translate', 'Translation', 'Japan'],
  ['Cedar Logs', 'Logging', 'Ireland'],
  ['Delta Voice', 'Telephony', 'United States'],
  ['Ember Sign', 'E-signature', 'France'],
  ['Fjord Storage', 'Backups', 'Norway'],
  ['Garnet Maps', 'Maps', 'United States'],
  ['Helix Identity', 'Identity verification', 'Netherlands'],
];

export const HEADER = ['Vendor', 'Purpose', 'Location'];

/** A trust portal: a visible 10-row page ("1-10 of N results") beside the hidden full list. */
export function portal(vendors: ReadonlyArray<readonly string[]>): string {
  return doc(
    '# Trust center',
    '## Subprocessors',
    'We use the following third parties to deliver our services.',
    `1-10 of ${vendors.length} results`,
    table(HEADER, vendors.slice(0, 10)),
    table(HEADER, vendors),
  );
}
