import { expect, it } from 'vitest';
import { renderMessage } from '../../../src/notify/email/index.ts';
import { rateOptions } from '../../../src/notify/email/transport.ts';
import { book, changeEvent, claimChange, doc, settings } from './factories.ts';

const claude = doc('claude-privacy', ['retention'], 'Claude privacy');

it('renders the same message for the same subscriber and events (pure), with a stable Message-ID per event set', () => {
  const [sub] = book([{ address: 'reader@example.com' }]).subscribers;
  const e1 = changeEvent(claude, { effectiveDate: { before: '2024-09-01', after: '2025-03-01' } });
  const e2 = changeEvent(claude, { newHash: 'cccc' });
  const s = settings();
  const a = renderMessage(sub!, [e1, e2], s);
  expect(renderMessage(sub!, [e1, e2], s)).toEqual(a);
  expect(renderMessage(sub!, [e2, e1], s).messageId).toBe(a.messageId);
  expect(renderMessage(sub!, [e1], s).messageId).not.toBe(a.messageId);
  expect(a.messageId).toMatch(/^<pw\.[0-9a-f]{40}@policywatch\.example>$/);
  expect(a.messageId).not.toContain('reader');
  expect(a.text).toContain('Effective date: 2024-09-01 → 2025-03-01');
  expect(a.html).toContain('>30</del> <ins');
});

it('shows an affected claim old and new, and says why the reader gets the note', () => {
  const [sub] = book([{ address: 'reader@example.com', topics: ['retention'] }]).subscribers;
  const event = changeEvent(claude, { claimChanges: [claimChange('claude-privacy', 'We delete chats after 30 days.', 'retention', 'We delete chats after 90 days.')] });
  const m = renderMessage(sub!, [event], settings());
  expect(m.subject).toBe('Claude privacy: retention 30 days → 90 days');
  expect(m.text).toContain('"We delete chats after 30 days."\n    was verified, now reworded\n    now reads: "We delete chats after 90 days."');
  expect(m.text).toContain('You get this note because you follow topics retention.');
  expect(m.html).toContain('Now reads: “We delete chats after 90 days.”');
});

it('turns settings.email.ratePerSecond into nodemailer pool limits', () => {
  expect(rateOptions(5)).toEqual({ rateLimit: 5, rateDelta: 1000 });
  expect(rateOptions(0.5)).toEqual({ rateLimit: 1, rateDelta: 2000 });
});
