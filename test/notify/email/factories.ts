import type { Topic } from '../../../src/config/schema.ts';
import { SettingsSchema } from '../../../src/config/schema.ts';
import type { Settings } from '../../../src/config/schema.ts';
import type { ClaimChange } from '../../../src/claims/types.ts';
import type { KeyChange } from '../../../src/summarize/types.ts';
import type { ChangeEvent, ClaimsChangedEvent, DocRef } from '../../../src/notify/events.ts';
import { newBook, upsertSubscriber, followOf } from '../../../src/notify/email/index.ts';
import type { SubscriberBook } from '../../../src/notify/email/index.ts';

export const NOW = '2025-03-01T12:00:00.000Z';

export function doc(id: string, topics: Topic[] = ['privacy'], title = `${id} title`): DocRef {
  return { id, title, url: `https://policies.example.com/${id}`, topics };
}

export function keyChange(text: string, topic?: Topic, before?: string, after?: string): KeyChange {
  return { kind: 'changed', text, ...(topic ? { topic } : {}), ...(before ? { before } : {}), ...(after ? { after } : {}) };
}

export function claimChange(docId: string, quote: string, topic: Topic, nowReads: string): ClaimChange {
  return {
    claim: { id: `${docId}-claim`, quote, topic },
    docId,
    before: { status: 'verified', currentWording: quote },
    after: { id: `${docId}-claim`, docId, topic, quote, status: 'reworded', similarity: 0.8, currentWording: nowReads, checkedAt: NOW },
  };
}

export function changeEvent(d: DocRef, overrides: Partial<ChangeEvent> = {}): ChangeEvent {
  const before = 'We keep your chats for 30 days.';
  const after = 'We keep your chats for 90 days.';
  return {
    type: 'change',
    id: `${d.id}:aaaa:${overrides.newHash ?? 'bbbb'}`,
    doc: d,
    kind: 'substantive',
    at: NOW,
    oldHash: 'aaaa',
    newHash: 'bbbb',
    headline: `${d.title}: retention 30 days → 90 days`,
    keyChanges: [keyChange('Retention: 30 days → 90 days (How long do you keep my data?)', 'retention', '30 days', '90 days')],
    claimChanges: [],
    effectiveDate: {},
    diff: {
      hunks: [
        {
          section: 'How long do you keep my data?',
          before,
          after,
          words: [
            { op: 'equal', text: 'We keep your chats for ' },
            { op: 'delete', text: '30' },
            { op: 'insert', text: '90' },
            { op: 'equal', text: ' days.' },
          ],
        },
      ],
      truncated: false,
      stats: { added: 0, removed: 0, changed: 1 },
    },
    links: { page: d.url, issue: `https://github.example.com/o/r/issues/${d.id.length}` },
    ...overrides,
  };
}

export function claimsChangedEvent(d: DocRef, change: ClaimChange): ClaimsChangedEvent {
  return { type: 'claims-changed', id: `${d.id}:claims:1`, doc: d, at: NOW, claimChanges: [change] };
}

export function settings(email: Partial<Settings['email']> = {}): Settings {
  return SettingsSchema.parse({ email: { from: 'policywatch <bot@policywatch.example>', ratePerSecond: 1000, ...email } });
}

export interface SubSpec {
  address: string;
  docs?: string[];
  topics?: Topic[];
}

/** A book of active (attested) subscribers. */
export function book(specs: SubSpec[]): SubscriberBook {
  const b = newBook();
  for (const s of specs) {
    upsertSubscriber(b, { address: s.address, follow: followOf(s.docs, s.topics), consent: { kind: 'attested', by: 'test fixture' }, source: 'cli' }, new Date(NOW));
  }
  return b;
}
