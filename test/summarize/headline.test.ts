import { describe, expect, it } from 'vitest';
import { summarizeChange } from '../../src/summarize/index.ts';
import { composeHeadline } from '../../src/summarize/headline.ts';
import { noStructure } from '../../src/summarize/summarize.ts';
import type { StructureDiffer } from '../../src/summarize/summarize.ts';
import type { ClaimChange } from '../../src/claims/types.ts';

const doc = { title: 'Doc' };
/** One edit of one sentence: `from` becomes `to` inside `markdown`. */
const edit = (markdown: string, from: string, to: string, d: Parameters<typeof summarizeChange>[0] = doc) => {
  expect(markdown).toContain(from);
  return summarizeChange(d, markdown, markdown.replace(from, to));
};

describe('no edit is dropped, and each reads as the words that changed, in a few words of context', () => {
  it.each([
    ['a legal entity, kept whole', '# Terms\n\n## 16. General\n\n- 16.5. Notices. Notices to OpenAI must be sent with a copy to: (a) if OpenAI, L.L.C., 1455 3rd Street, San Francisco.\n', 'OpenAI, L.L.C.', 'OpenAI OpCo, LLC', "Notices 'OpenAI, L.L.C.' → 'OpenAI OpCo, LLC'"],
    ['a plan name', '# Terms\n\nThis Agreement only applies to our APIs, ChatGPT Enterprise, ChatGPT Team, and other services for businesses.\n', 'ChatGPT Team', 'ChatGPT Business', "'ChatGPT Team' → 'ChatGPT Business'"],
    ['a contact channel dropped', '# Privacy\n\n## Your rights\n\nYou or an authorized agent may submit a request by emailing us at privacy@example.com.\n', 'emailing us at privacy@example.com', 'contacting us', "Your rights 'emailing us at privacy@example.com' → 'contacting us'"],
    ['a scope narrowed', '# Sub-processors\n\nThe following sub-processors apply to All Products unless stated otherwise.\n', 'All Products', 'All Products except Claude Code', "sub-processors 'All Products' → 'All Products except Claude Code'"],
    ['a promise turned permission', '# Privacy\n\n## Training\n\nWe will not use your conversations to train our models.\n', 'will not use', 'may use', "training 'will not use' → 'may use'"],
    ['a sale now allowed', '# Privacy\n\n## Sharing\n\nAnthropic does not sell your personal data to third parties.\n', 'does not sell', 'may sell', "sharing 'does not sell' → 'may sell'"],
    ['never → may', '# Privacy\n\n## Review\n\nOur staff never read your conversations.\n', 'never read', 'may read', "Review 'never read' → 'may read'"],
    ['a default flipped', '# Settings\n\n## Memory\n\nMemory is off by default for every account.\n', 'off by default', 'on by default', "Memory 'off by default' → 'on by default'"],
    ['opt in → opt out, with the modal change', '# Privacy\n\n## Training\n\nWe will not use your chats to train our models unless you opt in.\n', 'will not use your chats to train our models unless you opt in', 'will use your chats to train our models unless you opt out', "training 'will not use … opt in' → 'will use … opt out'"],
    ['a country', '# Transfers\n\n## Where\n\nYour data is stored on servers in the United States and Ireland.\n', 'Ireland', 'Germany', "location 'Ireland' → 'Germany'"],
    ['a phone number', '# Contact\n\n## Call us\n\nYou can call our privacy team at +1 415 555 0100 on weekdays.\n', '+1 415 555 0100', '+44 20 7946 0000', "Call us '+1 415 555 0100' → '+44 20 7946 0000'"],
    ['an amount', '# Terms\n\n## Liability\n\nOur liability is limited to $100 per claim.\n', '$100', '$500', 'Liability $100 → $500'],
  ])('%s', (_name, markdown, from, to, short) => {
    const s = edit(markdown, from, to);
    expect(s.keyChanges).toHaveLength(1);
    expect(s.keyChanges[0]?.short).toBe(short);
    expect(s.headline).toBe(`Doc: ${short}`);
  });

  it('a rename made throughout reads once, with its count', () => {
    const old = '# Policy\n\nThis Notice explains our practice.\n\nQuestions about this Notice go to us.\n\nWe may update this Notice from time to time.\n';
    const s = summarizeChange(doc, old, old.replaceAll('Notice', 'Policy'));
    expect(s.keyChanges.map((k) => [k.source, k.text])).toEqual([['rename', "Renamed throughout: 'Notice' → 'Policy' (3 places)"]]);
    expect(s.headline).toBe("Doc: 'Notice' → 'Policy' (3 places)");
  });

  it('an address added to many lines counts each address on its own (sentence by sentence; a table is the structure diff’s)', () => {
    const rows = ['_fbp', '_fbc', '_gcl_au'].map((c) => `| Meta Ads | ${c} | 90 Days | .grok.com |`).join('\n');
    const old = `# Cookies\n\n| Source | Name | Duration | Domain |\n| --- | --- | --- | --- |\n${rows}\n`;
    const s = summarizeChange(doc, old, old.replaceAll('.grok.com |', '.grok.com, x.ai, console.x.ai |'), undefined, { structure: noStructure });
    expect(s.headline).toBe("Doc: added 'x.ai' (3 places); added 'console.x.ai' (3 places)");
  });

  it('a period of shared transcripts is retention, not sharing', () => {
    const s = edit('# Sharing\n\n## Shared chats\n\nShared transcripts are kept for 6 months after the link is created.\n', '6 months', 'two years');
    expect(s.keyChanges[0]).toMatchObject({ topic: 'retention', text: 'Retention: 6 months → two years (Shared chats)' });
  });

  it('a sentence re-split by punctuation, or a paragraph moved, is no change', () => {
    const old = '# P\n\n## A\n\nWe may share your data with partners: the partners depend on the features you use.\n\n## B\n\nWe keep logs for 30 days.\n';
    const resplit = old.replace('partners: the', 'partners. The');
    expect(summarizeChange(doc, old, resplit).keyChanges).toEqual([]);
    const moved = '# P\n\n## B\n\nWe keep logs for 30 days.\n\n## A\n\nWe may share your data with partners: the partners depend on the features you use.\n';
    expect(summarizeChange(doc, old, moved).keyChanges.filter((k) => k.kind !== 'changed' || k.source !== 'section')).toEqual([]);
  });
});

describe('the page dates', () => {
  it('a new version date leads; a relabelled date line is one move, not a removal and an addition', () => {
    const old = '# Cookies\n\n**Last updated:** July 8, 2025\n\nWe use only necessary cookies.\n';
    const next = '# Cookies\n\n_Effective: April 4, 2026 ([previous version](https://example.com/previous))_\n\nWe use necessary and targeting cookies.\n';
    const s = summarizeChange(doc, old, next);
    expect(s.keyChanges[0]).toMatchObject({ source: 'date', text: 'Effective date: 2025-07-08 → 2026-04-04' });
    expect(s.keyChanges.filter((k) => /previous|Effective:|Last updated/.test(k.text) && k.source !== 'date')).toEqual([]);
    expect(s.headline).toMatch(/^Doc, effective 2026-04-04(?: \(was 2025-07-08\))?: /);
  });

  it('a notice of the update that came with the new date is the same news', () => {
    const old = '# Privacy Policy\n\nEffective June 16, 2025\n\nWe collect data.\n';
    const next = '# Privacy Policy\n\nWe updated our Privacy Policy on December 16, 2025.\n\nEffective December 16, 2025\n\nWe collect data and chats.\n';
    const s = summarizeChange(doc, old, next);
    expect(s.keyChanges.map((k) => k.text)).not.toContainEqual(expect.stringContaining('We updated our Privacy Policy'));
    // Removed later on its own, the notice is told.
    const later = summarizeChange(doc, next, next.replace('We updated our Privacy Policy on December 16, 2025.\n\n', ''));
    expect(later.headline).toBe("Doc: removed 'We updated our Privacy Policy on 2025-12-16'");
  });
});

describe('cited links', () => {
  it('tells a link that now goes elsewhere, ignoring rotating query tokens and a date line’s own link', () => {
    const page = (terms: string, token: string, previous: string) =>
      `# Terms\n\n_Effective: 2026-01-01 ([previous version](https://example.com/${previous}))_\n\n[View previous business terms](https://example.com/policies/${terms}/) and [pricing](https://example.com/pricing?did=${token}).\n`;
    const s = summarizeChange(doc, page('nov-2023-terms', 'aaa', 'v1'), page('may-2025-terms', 'bbb', 'v1'));
    expect(s.keyChanges.map((k) => k.text)).toEqual(["Link 'View previous business terms': example.com/policies/nov-2023-terms → example.com/policies/may-2025-terms"]);
    expect(s.headline).toBe("Doc: link 'View previous business terms' → example.com/policies/may-2025-terms");
  });

  it('groups links that now all go to one place, a contact form first among them', () => {
    const page = (a: string, b: string) => `# Privacy\n\nYou can [contact us](${a}) or [object](${b}) at any time.\n`;
    const s = summarizeChange(doc, page('https://example.com/help/contact/1', 'https://example.com/help/contact/2'), page('https://example.com/support/privacy', 'https://example.com/support/privacy'));
    expect(s.headline).toBe('Doc: 2 contact links → example.com/support/privacy');
  });
});

describe('ranking and the headline', () => {
  const claim = (quote: string, now: string): ClaimChange => ({
    claim: { id: 'c', quote, topic: 'training', guide: { section: 'Training' } },
    docId: 'd',
    before: { status: 'verified', currentWording: quote },
    after: { id: 'c', docId: 'd', topic: 'training', quote, status: 'reworded', similarity: 0.8, currentWording: now, checkedAt: '2026-01-01T00:00:00Z' },
  });
  const filler = Array.from({ length: 12 }, (_, i) => `We describe practice ${i} in plain words here.`).join('\n\n');
  const PAGE = `# Privacy\n\n## 3. Retention\n\nWe keep logs for 30 days.\n\n${filler}\n\n## 4. Training\n\nWe will not use your chats to train our models unless you opt in.\n`;

  it('a changed guide claim leads, then facts on the guide topics, then sections', () => {
    const next = `${PAGE.replace('30 days', '90 days').replace('will not use', 'will use').replace('opt in', 'opt out')}\n## 5. Supplemental Disclosures for Nevada Residents\n\nText.\n`;
    const s = summarizeChange({ title: 'Doc', topics: ['retention'] }, PAGE, next, undefined, {
      claimChanges: [claim('will not use your chats to train our models unless you opt in', 'will use your chats to train our models unless you opt out')],
    });
    expect(s.keyChanges.map((k) => k.source)).toEqual(['claim', 'fact', 'section']);
    expect(s.headline).toMatch(/^Doc: Training claim: 'will not use … opt in' → 'will use … opt out'; (?:retention )?30 days → 90 days/);
  });

  it('keeps the word that tells a new section from its siblings, never a bare shared prefix', () => {
    const old = '# Privacy\n\n## 12. Supplemental Disclosures for California Residents\n\nText.\n';
    const next = `${old}\n## 13. Supplemental Disclosures for Residents of Certain Other US States Including Nevada\n\nMore text.\n`;
    const s = summarizeChange({ title: 'A privacy policy with a rather long title for its headline' }, old, next);
    expect(s.headline.length).toBeLessThanOrEqual(100);
    expect(s.headline).toMatch(/Nevada/);
  });

  it('an acronym turned plural or singular names no new thing: the rewording is no fact change', () => {
    const old = '# Terms\n\n## AI\n\nWhen you share your messages with AIs that use Private Processing, Meta cannot read them.\n';
    const next = old
      .replace('share your messages with AIs', 'chat with AI')
      .replace('cannot read them.', 'cannot read them.\n\nSearch terms based on your chat may be sent to our search partners.');
    const s = summarizeChange({ title: 'Doc' }, old, next);
    const reworded = s.keyChanges.find((k) => k.kind === 'changed');
    expect(reworded).toMatchObject({ source: 'sentence', before: expect.stringContaining('AIs'), after: expect.stringContaining('with AI that') });
    expect(s.headline).toMatch(/search partners/);
  });

  it('"(+N more)" counts exactly the changes left out', () => {
    const items = ['a', 'b', 'c', 'd', 'e'].map((x) => ({ variants: [`change ${x} told at some length`], score: 100 }));
    const headline = composeHeadline({ title: 'Title', rewritten: false, items, fallback: '', max: 80 });
    const shown = headline.split(': ')[1]?.split('; ').length ?? 0;
    expect(headline).toMatch(new RegExp(`\\(\\+${5 - shown} more\\)$`));
    expect(headline.length).toBeLessThanOrEqual(80);
    // A date dropped for room is counted too.
    const date = { short: 'effective 2026-01-01', long: 'effective 2026-01-01 (was 2025-01-01)' };
    const title = 'A title long enough to leave no room for the date';
    const dated = composeHeadline({ title, rewritten: false, date, items: items.slice(0, 1), fallback: '', max: 90 });
    expect(dated).toBe(`${title}: change a told at some length (+1 more)`);
  });
});

describe('the structure diff’s changes (summarize/structure) beside the sentence pass', () => {
  const ITEM_OLD = 'Investigate suspicious activity. Learn more about face analysis and how we use it to help protect you from impersonation.';
  const ITEM_NEW = 'Investigate suspicious activity. Learn more about how we help protect you from impersonation through face analysis.';
  const PAGE = (item: string, row: string) => `# Privacy Policy\n\n## Safety\n\n- ${item}\n- Detect spam.\n\n## Consent\n\n| Purpose | Information categories we use |\n| --- | --- |\n| ${row} |\n`;
  const ROW_OLD = 'Verifying your identity or account, or helping to protect against impersonation | account photos';
  const ROW_NEW = 'Verifying your identity or account, or helping to protect against impersonation | profile photo';
  const structure: StructureDiffer = () => ({
    changes: [
      { kind: 'changed', source: 'item', text: `List item in 'Safety': '${ITEM_OLD}' → '${ITEM_NEW}'`, short: "removed 'face analysis and'", before: ITEM_OLD, after: ITEM_NEW, section: 'Safety' },
      {
        kind: 'changed',
        source: 'record',
        text: "Row 'Verifying your identity or account, or helping to protect…': information categories we use 'account photos' → 'profile photo' (Consent)",
        short: "Verifying your identity or… information categories we use 'account photos' → 'profile photo'",
        before: ROW_OLD,
        after: ROW_NEW,
        section: 'Consent',
      },
    ],
    explained: { before: new Set([ITEM_OLD, ROW_OLD.replace(' |', '')]), after: new Set([ITEM_NEW, ROW_NEW.replace(' |', '')]) },
  });

  it('tells a list item in the words of the sentence pass and a record in its own, each once', () => {
    const s = summarizeChange({ title: 'Meta Privacy Policy' }, PAGE(ITEM_OLD, ROW_OLD), PAGE(ITEM_NEW, ROW_NEW), undefined, { structure });
    expect(s.keyChanges.map((k) => k.source).sort()).toEqual(['item', 'record']);
    const item = s.keyChanges.find((k) => k.source === 'item');
    expect(item?.text).toMatch(/face analysis/);
    expect(s.headline.length).toBeLessThanOrEqual(100);
    expect(s.headline).toContain("'account photos' → 'profile photo'");
  });

  it('without the structure diff, the same lines are told sentence by sentence', () => {
    const s = summarizeChange({ title: 'Meta Privacy Policy' }, PAGE(ITEM_OLD, ROW_OLD), PAGE(ITEM_NEW, ROW_NEW), undefined, { structure: noStructure });
    expect(s.keyChanges.every((k) => k.source === 'fact' || k.source === 'sentence')).toBe(true);
    expect(s.keyChanges).toHaveLength(2);
  });

  it('a count inside a change ("(+3 more)") goes whole or not at all: never cut into, never beside the headline’s own', () => {
    const cookies: StructureDiffer = () => ({
      changes: [
        { kind: 'new', source: 'record', text: "New cookies in 'Cookies': oai_consent_personalization, a2, a3, a4", short: 'new cookies oai_consent_personalization (+3 more)', after: 'x', section: 'Cookies' },
        { kind: 'new', source: 'record', text: "New cookie in 'Cookies': msclkid_measured_for_a_campaign", short: 'new cookie msclkid_measured_for_a_campaign', after: 'y', section: 'Cookies' },
      ],
      explained: { before: new Set(), after: new Set() },
    });
    const page = '# Cookies\n\nWe use cookies.\n';
    const s = summarizeChange({ title: 'A cookie policy' }, page, page, undefined, { structure: cookies, headlineMax: 75 });
    expect(s.headline).toBe('A cookie policy: new cookies oai_consent_personalization (+1 more)');
  });

  it('list items the structure diff paired count in a rename made throughout, told once', () => {
    const items = ['Interactions with AI at Meta and related metadata.', 'Messages you send to AI at Meta.', 'Feedback you give AI at Meta.'];
    const page = (list: readonly string[]) => `# Privacy\n\n## Data\n\n${list.map((i) => `- ${i}`).join('\n')}\n`;
    const renamed = items.map((i) => i.replace('AI at Meta', 'these features'));
    const pairs: StructureDiffer = () => ({
      changes: items.map((before, i) => ({ kind: 'changed' as const, source: 'item' as const, text: `List item in 'Data': '${before}' → '${renamed[i]}'`, before, after: renamed[i] as string, section: 'Data' })),
      explained: { before: new Set(items), after: new Set(renamed) },
    });
    const s = summarizeChange(doc, page(items), page(renamed), undefined, { structure: pairs });
    expect(s.keyChanges.map((k) => [k.source, k.text])).toEqual([['rename', "Renamed throughout: 'AI at Meta' → 'these features' (3 places)"]]);
  });
});
