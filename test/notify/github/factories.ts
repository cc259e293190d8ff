import type { ClaimChange } from '../../../src/claims/types.ts';
import type { KeyChange } from '../../../src/summarize/types.ts';
import type { DiffHunk, ReadableDiff } from '../../../src/diff/types.ts';
import type {
  ChangeEvent,
  DocRef,
  DocumentMovedEvent,
  SelectorFallbackEvent,
  TrackingFailingEvent,
  TrackingResumedEvent,
} from '../../../src/notify/events.ts';
import type { FailureReason } from '../../../src/shared/failure.ts';

export function makeDoc(overrides: Partial<DocRef> = {}): DocRef {
  return {
    id: 'consumer-retention',
    title: 'Consumer retention article',
    url: 'https://policies.example.test/retention',
    topics: ['retention'],
    ...overrides,
  };
}

export function makeHunk(before: string, after: string, section?: string): DiffHunk {
  return {
    ...(section ? { section } : {}),
    before,
    after,
    words: [
      { op: 'delete', text: before },
      { op: 'insert', text: after },
    ],
  };
}

export function makeDiff(hunks: DiffHunk[] = [makeHunk('We keep chats for 30 days.', 'We keep chats for 90 days.', 'How long')]): ReadableDiff {
  return { hunks, truncated: false, stats: { added: 0, removed: 0, changed: hunks.length } };
}

export function makeClaimChange(overrides: Partial<ClaimChange> = {}): ClaimChange {
  return {
    claim: { id: 'consumer-30-day-deletion', quote: 'We delete your chats within 30 days.', topic: 'retention' },
    docId: 'consumer-retention',
    before: { status: 'verified', currentWording: 'We delete your chats within 30 days.' },
    after: {
      id: 'consumer-30-day-deletion',
      docId: 'consumer-retention',
      topic: 'retention',
      quote: 'We delete your chats within 30 days.',
      status: 'reworded',
      similarity: 0.82,
      currentWording: 'We delete your chats within 90 days.',
      checkedAt: '2025-03-02T06:00:00Z',
    },
    ...overrides,
  };
}

const keyChange: KeyChange = { kind: 'changed', topic: 'retention', text: 'Retention: 30 days → 90 days', before: '30 days', after: '90 days' };

export function makeChange(overrides: Partial<ChangeEvent> = {}): ChangeEvent {
  const oldHash = overrides.oldHash ?? 'aaaa1111';
  const newHash = overrides.newHash ?? 'bbbb2222';
  const doc = overrides.doc ?? makeDoc();
  return {
    type: 'change',
    id: `${doc.id}:${oldHash}:${newHash}`,
    doc,
    kind: 'substantive',
    at: '2025-03-02T06:00:00Z',
    oldHash,
    newHash,
    headline: 'Consumer retention article: retention 30 days → 90 days',
    keyChanges: [keyChange],
    claimChanges: [makeClaimChange()],
    effectiveDate: { before: 'January 1, 2025', after: 'March 1, 2025' },
    diff: makeDiff(),
    links: {
      page: doc.url,
      commit: 'https://github.example.test/acme/guide/commit/abc123',
      compare: 'https://github.example.test/acme/guide/compare/abc122...abc123',
    },
    ...overrides,
  };
}

export function makeFailing(reason: FailureReason, n = 1, doc = makeDoc()): TrackingFailingEvent {
  return {
    type: 'tracking-failing',
    id: `${doc.id}:failing:${reason}:${n}`,
    doc,
    at: `2025-03-0${n}T06:00:00Z`,
    failure: { reason, message: `the page could not be read (${reason})`, ...(reason === 'http-status' ? { status: 503 } : {}) },
    consecutiveFailures: 3 + n,
    since: '2025-02-27T06:00:00Z',
  };
}

export function makeResumed(doc = makeDoc()): TrackingResumedEvent {
  return { type: 'tracking-resumed', id: `${doc.id}:resumed:2025-03-09`, doc, at: '2025-03-09T06:00:00Z' };
}

export function makeMoved(doc = makeDoc()): DocumentMovedEvent {
  return { type: 'document-moved', id: `${doc.id}:moved:new`, doc, at: '2025-03-03T06:00:00Z', from: doc.url, to: 'https://policies.example.test/new-retention' };
}

export function makeSelectorFallback(doc = makeDoc()): SelectorFallbackEvent {
  return { type: 'selector-fallback', id: `${doc.id}:selector:1`, doc, at: '2025-03-04T06:00:00Z', selectors: ['main article', '#content'] };
}
