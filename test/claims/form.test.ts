import { describe, expect, it } from 'vitest';
import { parseMatchForm, verifyClaims } from '../../src/claims/index.ts';

const at = new Date('2026-11-22T08:00:00Z');
const verify = (page: string, claim: { quote: string; match?: string; kind?: 'quote' | 'label' }) =>
  verifyClaims({ id: 'd', claims: [{ id: 'c', topic: 'privacy', ...claim }] }, page, at)[0]!;

const PAGE = [
  '# Who can see my chats?',
  '',
  'Before any review we automatically de-link your data from your user ID (like your email address).',
  '',
  'Access is limited to a small number of personnel involved in model training.',
  '',
  'We require all users to be at least 18 years old to create and use a Claude account.',
  '',
  'Open Settings and choose **Export data**.',
].join('\n');

describe('the tolerant matching form of editorially marked quotes', () => {
  it('parses brackets as short changes and ellipses as left-out words; edges and empty parts are dropped', () => {
    expect(parseMatchForm('automatically de-link[s] your data')).toEqual([
      { text: 'automatically de-link' },
      { text: 'your data', gapBefore: 'short' },
    ]);
    expect(parseMatchForm('[W]e keep … for 30 days…')).toEqual([{ text: 'e keep' }, { text: 'for 30 days', gapBefore: 'long' }]);
    expect(parseMatchForm('a [...] b')).toEqual([{ text: 'a' }, { text: 'b', gapBefore: 'long' }]);
  });

  it('"de-link[s]" and "require[s]" verify against "de-link" and "require" (the quote alone reads as reworded)', () => {
    const quote = 'automatically de-link[s] your data from your user ID (like your email address)';
    expect(verify(PAGE, { quote }).status).toBe('reworded');
    const marked = verify(PAGE, { quote, match: quote });
    expect(marked).toMatchObject({ status: 'verified', currentWording: 'automatically de-link your data from your user ID (like your email address' });
    const age = 'require[s] all users to be at least 18 years old to create and use a Claude account';
    expect(verify(PAGE, { quote: age, match: age }).status).toBe('verified');
  });

  it('a gap matches both parts in order, within one paragraph, and no further', () => {
    expect(verify(PAGE, { quote: 'x', match: 'Access is limited … involved in model training' }).status).toBe('verified');
    // Wrong order: not verified.
    expect(verify(PAGE, { quote: 'x', match: 'involved in model training … Access is limited' }).status).not.toBe('verified');
    // Across paragraphs: not verified.
    expect(verify(PAGE, { quote: 'x', match: 'your email address … Access is limited' }).status).not.toBe('verified');
    // A bracket allows a few words, not a sentence.
    expect(verify(PAGE, { quote: 'x', match: 'Access is [x] involved in model training' }).status).not.toBe('verified');
  });

  it('a changed page still reads as reworded through the form, with a word diff against the unmarked words', () => {
    const quote = 'automatically de-link[s] your data from your user ID (like your email address)';
    const page = PAGE.replace('de-link your data from your user ID', 'de-link your data from your account ID');
    const status = verify(page, { quote, match: quote });
    expect(status.status).toBe('reworded');
    expect(status.wordDiff?.some((w) => w.op === 'insert' && /account/.test(w.text))).toBe(true);
  });

  it('a label is there or missing, never reworded', () => {
    expect(verify(PAGE, { quote: 'Export data', kind: 'label' }).status).toBe('verified');
    expect(verify(PAGE.replace('Export data', 'Export your data'), { quote: 'Export data', kind: 'label' })).toMatchObject({ status: 'missing' });
    expect(verify(PAGE.replace('Export data', 'Export your data'), { quote: 'Export data' }).status).toBe('reworded');
  });
});
