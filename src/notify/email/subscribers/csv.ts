import { parse } from 'csv-parse/sync';
import { DEFAULT_TOPICS } from '../../../config/schema.ts';
import type { Topic } from '../../../config/schema.ts';
import { maskAddress, normalizeAddress } from '../address.ts';
import type { Subscriber } from './schema.ts';

export interface CsvRow {
  line: number;
  address: string;
  docs: string[];
  topics: Topic[];
  /** A per-row consent note ("consent" or "confirmed_by" column). */
  consentBy?: string;
}

const ADDRESS_COLUMNS = ['email', 'address', 'e-mail', 'mail'];
const list = (cell: string | undefined) => (cell ?? '').split(/[;|\s]+/).map((s) => s.trim()).filter(Boolean);

/**
 * Reads "email,topics,docs,consent" CSV (header optional; a single column of addresses works too). Lists inside a
 * cell are separated by ";" or spaces. Problems name the line, never the address.
 */
export function parseSubscriberCsv(text: string, topics: readonly Topic[] = DEFAULT_TOPICS): { rows: CsvRow[]; problems: string[] } {
  const records = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true, bom: true }) as string[][];
  const first = records[0] ?? [];
  const hasHeader = first.length > 0 && normalizeAddress(first[0] ?? '') === undefined;
  const header = hasHeader ? first.map((h) => h.toLowerCase().replace(/[\s_]+/g, '')) : ['email'];
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const at = { address: col(ADDRESS_COLUMNS), topics: col(['topics', 'topic']), docs: col(['docs', 'documents', 'doc']), consent: col(['consent', 'confirmedby']) };
  const rows: CsvRow[] = [];
  const problems: string[] = [];
  const known = new Set(topics);
  if (at.address < 0) return { rows, problems: ['line 1: no "email" column'] };
  records.slice(hasHeader ? 1 : 0).forEach((record, index) => {
    const line = index + (hasHeader ? 2 : 1);
    const address = normalizeAddress(record[at.address] ?? '');
    if (!address) {
      problems.push(`line ${line}: not a valid email address`);
      return;
    }
    const followed: Topic[] = [];
    for (const name of list(at.topics >= 0 ? record[at.topics] : undefined)) {
      const topic = name.toLowerCase();
      if (known.has(topic)) followed.push(topic);
      else problems.push(`line ${line}: unknown topic "${name.slice(0, 40)}"; the declared topics are ${[...known].join(', ')}`);
    }
    const consentBy = at.consent >= 0 ? record[at.consent]?.trim() : undefined;
    rows.push({ line, address, topics: followed, docs: list(at.docs >= 0 ? record[at.docs] : undefined), ...(consentBy ? { consentBy } : {}) });
  });
  return { rows, problems };
}

const csvCell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

export function subscribersToCsv(subscribers: readonly Subscriber[], reveal: boolean): string {
  const lines = [['email', 'state', 'topics', 'docs', 'subscribed_at', 'source', 'consent'].join(',')];
  for (const s of subscribers) {
    const consent = s.consent.method === 'attested' ? `attested: ${s.consent.by}` : `double-opt-in${s.consent.confirmedAt ? ` confirmed ${s.consent.confirmedAt}` : ''}`;
    const [topics, docs] = s.follow.kind === 'all' ? ['', ''] : [s.follow.topics.join(';'), s.follow.docs.join(';')];
    lines.push([reveal ? s.address : maskAddress(s.address), s.state, topics, docs, s.subscribedAt, s.source, consent].map(csvCell).join(','));
  }
  return lines.join('\n') + '\n';
}
