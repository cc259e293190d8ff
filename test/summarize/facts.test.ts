import { describe, expect, it } from 'vitest';
import { findFacts, shortUrl } from '../../src/summarize/facts.ts';
import { scoreTopic, topicLabel, topicOf } from '../../src/summarize/topics.ts';

const facts = (text: string) => findFacts(text).map((f) => `${f.kind}:${f.text}`);

describe('findFacts: the facts of a sentence, by their shape', () => {
  it.each([
    ['Notices go to OpenAI, L.L.C., 1455 3rd Street, San Francisco, California 94158.', ['entity:OpenAI, L.L.C.', 'address:1455 3rd Street', 'name:San Francisco', 'region:California']],
    ['We at OpenAI OpCo, LLC respect your privacy.', ['entity:OpenAI OpCo, LLC']],
    ['Write to dpo@taceo.co.uk or call +44 20 7946 0000.', ['email:dpo@taceo.co.uk', 'phone:+44 20 7946 0000']],
    ['Submit a request at https://xai-privacy.relyance.ai/ today.', ['url:https://xai-privacy.relyance.ai/']],
    ['Stored in the United States and Ireland.', ['region:United States', 'region:Ireland']],
    ['Memory is off by default; you can opt out.', ['default:off by default', 'modality:can', 'opt:opt out']],
    ['We will not sell it, and keep it for up to 5 years.', ['modality:will not', 'duration:up to 5 years']],
    ['Fees rise to $500 or 5% from 2026-01-01.', ['amount:$500', 'percent:5%', 'date:2026-01-01']],
    ['Call 1-800-555-0199 or (415) 555-0100; rows 30 90 365 730 are no number to call.', ['phone:1-800-555-0199', 'phone:(415) 555-0100']],
    ['The plan is now ChatGPT Business, for Clinicians too.', ['name:ChatGPT Business', 'name:Clinicians']],
  ])('%s', (text, expected) => {
    expect(facts(text)).toEqual(expected);
  });

  it('marks a web address given as a way to reach someone as a contact channel, a cited document not', () => {
    expect(findFacts('Submit a request at https://example.com/portal.')[0]?.contact).toBe(true);
    expect(findFacts('The addendum is at https://ico.org.uk/addendum.pdf.')[0]?.contact).toBeUndefined();
    expect(findFacts('See https://example.com/forms/dispute for details.')[0]?.contact).toBe(true);
  });

  it('shortens web addresses to what a reader recognizes', () => {
    expect(shortUrl('https://www.example.com/policies/may-2025-business-terms/')).toBe('example.com/policies/may-2025-business-terms');
    expect(shortUrl('https://ico.org.uk/media/for-organisations/documents/4019539/international-data-transfer-addendum.pdf')).toBe(
      'ico.org.uk/…/international-data-transfer-addendum.pdf',
    );
    expect(shortUrl('https://chatgpt.com/pricing?openaicom-did=afd85542&x=1')).toBe('chatgpt.com/pricing');
  });
});

describe('topics: from the sentence as a whole, the changed words weighing more', () => {
  it('calls a changed period of shared transcripts retention, though "shared" comes first', () => {
    const text = 'Shared transcripts are kept for two years after the link is created.';
    const changed = findFacts(text).filter((f) => f.kind === 'duration');
    expect(topicOf(text, 'two years', changed)).toBe('retention');
  });

  it('labels a default topic in words and a topic a tracker declared by its name', () => {
    expect(topicLabel('human-review')).toBe('Human review');
    expect(topicLabel('cookie-banners')).toBe('Cookie banners');
    expect(topicLabel(undefined)).toBe('Changed');
  });

  it('a period alone is no retention cue ("Updated 9 days ago")', () => {
    const text = 'Updated 10 days ago';
    expect(topicOf(text, '10 days', findFacts(text))).toBeUndefined();
  });

  it('cues in the changed words outweigh the first cue of the sentence', () => {
    const text = 'We store your chats and may share them with third-party partners.';
    expect(topicOf(text)).toBe('sharing');
    expect(topicOf(text, 'store your chats')).toBe('retention');
  });

  it('says where its cue is, so a rewording can be named by it', () => {
    const text = 'Learn more about how we help protect you from impersonation through face analysis.';
    const scored = scoreTopic(text);
    expect(scored?.topic).toBe('privacy');
    expect(text.slice(scored?.cue?.start, scored?.cue?.end)).toBe('face analysis');
  });
});
