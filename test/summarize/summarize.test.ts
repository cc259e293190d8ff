import { describe, expect, it } from 'vitest';
import { summarizeChange } from '../../src/summarize/index.ts';
import { noStructure } from '../../src/summarize/summarize.ts';
import type { ReadableDiff } from '../../src/diff/types.ts';

const doc = { title: 'Privacy center: How long do you store my data?' };

const RETENTION = `# How long do you store my data?

## Deleting chats

If you delete a chat, we delete it from our back-end storage systems within 30 days.

## Training

We may use your Inputs and Outputs to train our models and improve our Services, unless you opt out through your account settings.

## What we collect

- Account Data (name, email address)
- Usage Data (features used, timestamps)
- Feedback you send us

## 4. Safeguards

We take steps to minimise the privacy impact on individuals.
Our crawler respects robots.txt signals.
We filter personal data from training sets where we can.
`;

describe('summarizeChange on fixture pairs', () => {
  it('says a duration change the way a person would', () => {
    const s = summarizeChange(doc, RETENTION, RETENTION.replace('within 30 days', 'within 90 days'));
    expect(s.keyChanges).toHaveLength(1);
    expect(s.keyChanges[0]).toMatchObject({ kind: 'changed', topic: 'deletion', section: 'Deleting chats' });
    expect(s.keyChanges[0]?.text).toBe('Deletion: 30 days → 90 days (Deleting chats)');
    expect(s.headline).toBe(`${doc.title}: deletion 30 days → 90 days`);
  });

  it('reports a new data category', () => {
    const next = RETENTION.replace('- Feedback you send us', '- Feedback you send us\n- Verification Data (ID/biometrics)');
    const s = summarizeChange(doc, RETENTION, next);
    expect(s.keyChanges.map((k) => k.text)).toEqual(["New list item in 'What we collect': 'Verification Data (ID/biometrics)' (3 → 4 list items)"]);
    expect(s.keyChanges[0]).toMatchObject({ kind: 'new', source: 'item', topic: 'privacy', after: 'Verification Data (ID/biometrics)' });
    expect(s.headline).toContain("new 'Verification Data (ID/biometrics)'");
  });

  it('reports a removed opt-out clause', () => {
    const next = RETENTION.replace(', unless you opt out through your account settings', '');
    const s = summarizeChange(doc, RETENTION, next);
    expect(s.keyChanges[0]).toMatchObject({
      kind: 'removed',
      topic: 'training',
      text: "Removed: 'unless you opt out through your account settings' (Training)",
      source: 'fact',
    });
    expect(s.headline).toMatch(/: removed 'unless you opt out through your…'$/);
  });

  it('reports a section rewrite as one entry, plus the facts in it', () => {
    const next = RETENTION.replace(
      /## 4\. Safeguards[\s\S]*$/,
      `## 4. How personal information is used at each stage of training

Gathering and filtering training material.
Pre-training on the prepared material.
We keep training material for up to 3 years.
`,
    );
    const s = summarizeChange(doc, RETENTION, next);
    const texts = s.keyChanges.map((k) => k.text);
    expect(texts[0]).toMatch(/^Section 4 replaced: '4\. Safeguards' → '4\. How personal information is used at each stage of training'/);
    expect(texts).toContain("New: 'We keep training material for up to 3 years' (§4 How personal information is used at each stage of training)");
    expect(s.keyChanges.find((k) => k.text.includes('3 years'))?.topic).toBe('retention');
    expect(s.headline.startsWith(`${doc.title}: §4 replaced`)).toBe(true);
    expect(s.headline.length).toBeLessThanOrEqual(100);
  });

  it('reports a word swapped throughout once, not per sentence', () => {
    const old = `We share data as this Notice says.\n\nQuestions about this Notice go to us.\n\nWe sell nothing under this Notice.\n`;
    const s = summarizeChange({ title: 'Notice' }, old, old.replaceAll('Notice', 'Policy'));
    expect(s.keyChanges.map((k) => k.text)).toEqual(["Renamed throughout: 'Notice' → 'Policy' (3 places)"]);
  });

  it('ignores spelling and hyphenation, and falls back to a plain count when nothing a reader would call changed did', () => {
    const next = RETENTION.replace('minimise', 'minimize').replace('training sets', 'training-sets');
    const s = summarizeChange(doc, RETENTION, next);
    expect(s.keyChanges).toEqual([]);
    expect(s.headline).toBe(`${doc.title}: 1 paragraph changed in §4`);
  });

  it('drops no edit: a word added to a sentence with no number or policy word is told, with its context', () => {
    const s = summarizeChange(doc, RETENTION, RETENTION.replace('Our crawler respects', 'Our web crawler respects'));
    expect(s.keyChanges.map((k) => k.text)).toEqual(["Safeguards: 'Our crawler' → 'Our web crawler'"]);
    expect(s.headline).toBe(`${doc.title}: Safeguards 'Our crawler' → 'Our web crawler'`);
  });

  it('uses the diff hunks for the plain count when given', () => {
    const diff: ReadableDiff = {
      // The diff's section is Markdown: read as its words.
      hunks: ['a', 'b', 'c'].map((x) => ({ section: '**4. Safeguards**', before: x, after: `${x}!`, words: [] })),
      truncated: false,
      stats: { added: 0, removed: 0, changed: 3 },
    };
    const next = RETENTION.replace('minimise', 'minimize');
    expect(summarizeChange(doc, RETENTION, next, diff).headline).toBe(`${doc.title}: 3 paragraphs changed in §4`);
  });

  it('keeps the headline short when many facts change: the facts before the date when both do not fit', () => {
    const old = `Effective 28 August 2025\n\n${Array.from({ length: 12 }, (_, i) => `We retain log type ${i} for ${i + 1} days.`).join('\n\n')}`;
    const next = old.replace('28 August 2025', '8 July 2026').replace(/for (\d+) days/g, (_, n: string) => `for ${Number(n) * 2} days`);
    const s = summarizeChange({ title: 'Data Retention Policy for Consumer and Commercial Products' }, old, next);
    expect(s.headline.length).toBeLessThanOrEqual(100);
    // The title leaves no room for both: the first fact stays, the date is counted among the rest.
    expect(s.headline).toBe('Data Retention Policy for Consumer and Commercial Products: retention 1 days → 2 days (+12 more)');
    expect(s.keyChanges[0]).toMatchObject({ text: 'Effective date: 2025-08-28 → 2026-07-08', source: 'date' });
    expect(s.keyChanges.filter((k) => k.topic === 'retention')).toHaveLength(12);
    expect(s.keyChanges[1]?.text).toBe('Retention: 1 days → 2 days');
    // A shorter title leaves room for the date.
    const short = summarizeChange({ title: 'Retention' }, old, next);
    expect(short.headline).toMatch(/^Retention, effective 2026-07-08(?: \(was 2025-08-28\))?: (?:retention )?1 days → 2 days; /);
  });

  it('reads a changed table cell as a fact change', () => {
    const old = `# Retention\n\n## 2. Periods\n\n| Data | Period |\n| --- | --- |\n| Feedback | 5 years |\n| Logs | 30 days |\n`;
    const s = summarizeChange({ title: 'T' }, old, old.replace('5 years', '10 years'));
    expect(s.keyChanges.map((k) => k.text)).toEqual(["Data 'Feedback': period '5 years' → '10 years' (§2 Periods)"]);
    expect(s.keyChanges[0]).toMatchObject({ kind: 'changed', source: 'record', before: 'Feedback | 5 years', after: 'Feedback | 10 years' });
    expect(s.headline).toBe("T: Feedback period '5 years' → '10 years'");
  });
});

describe('what ranks last', () => {
  const HELP = `# Privacy policy

## Your rights

You can ask us to delete your data. To do so, [contact support](https://help.example.com/en/articles/123-contact-support).

## Retention

We keep chats for 30 days.
`;
  const NEW_ADDRESS = 'for 30 days.\n\nYou can also write to us at privacy@example.com.';

  it('tells a link that only gained, lost or swapped its language segment after any fact', () => {
    for (const to of ['/articles/', '/en-us/articles/', '/de-DE/articles/', '/articles/fr/']) {
      const s = summarizeChange(doc, HELP, HELP.replace('/en/articles/', to).replace('for 30 days.', NEW_ADDRESS));
      expect(s.headline, to).toContain('privacy@example.com');
      expect(s.keyChanges.at(-1)?.text, to).toMatch(/^Link 'contact support'/);
    }
  });

  it('keeps the rank of a link moved to another path or host', () => {
    for (const to of ['help.example.com/en/requests/new', 'support.example.net/en/articles/123-contact-support', 'help.example.com/es/articulos/123-contact-support']) {
      const s = summarizeChange(doc, HELP, HELP.replace('help.example.com/en/articles/123-contact-support', to).replace('for 30 days.', NEW_ADDRESS));
      expect(s.keyChanges[0]?.text, to).toMatch(/^Link 'contact support'/);
    }
  });

  const TERMS = `# Processor terms

We're updating these Processor Terms. The updates take effect on March 20, 2026. Read the new terms.

## 4. General

4.1 Assignment. You may not assign this agreement without our consent.
`;
  const SECTION = '4.1 Assignment. You may not assign this agreement without our consent.\n\n4.2 Severability. If any portion of these terms is found unenforceable, the rest remains in effect.';

  it('tells a notice of the page\'s own update after a clause that came', () => {
    const next = TERMS.replace(/^We're updating.*\n\n/mu, '').replace(/^4\.1 Assignment.*$/mu, SECTION);
    const s = summarizeChange(doc, TERMS, next);
    expect(s.headline).toContain('Severability');
    expect(s.headline).not.toContain('updating');
    expect(s.keyChanges.at(-1)?.text).toMatch(/^Removed: 'We're updating/);
  });

  it('keeps the rank of a notice that says what changed', () => {
    // Beside a new sentence with no fact: a bare notice goes after it, one that states a fact before it.
    const plainSentence = (page: string) => page.replace(/^4\.1 Assignment.*$/mu, '$&\n\nThese terms are written in plain words for everyone.');
    const order = (page: string) => summarizeChange(doc, page, plainSentence(page.replace(/^We're updating.*\n\n/mu, ''))).keyChanges.map((c) => c.text.slice(0, 12).trim());
    expect(order(TERMS)).toEqual(["New: 'These", "Removed: 'We"]);
    const substance = TERMS.replace('The updates take effect on March 20, 2026.', 'From March 20, 2026 we keep your data for 90 days.');
    expect(order(substance)).toEqual(["Removed: 'We", "New: 'These"]);
  });

  it('names a new clause by its run-in title when its number matched the old clause of that number', () => {
    // "4.2." splits off as a sentence of its own and pairs with the old 4.2 (now 4.3): the title still opens what came.
    const before = `# Terms\n\n4.1. Assignment. You may not assign this agreement without our consent.\n\n4.2. Affiliates. Our affiliates may perform these terms on our behalf.\n`;
    const after = before.replace(
      '4.2. Affiliates.',
      '4.2. Severability & Waiver. If any portion of this agreement is found to be unenforceable, that portion will be limited to the minimum extent necessary.\n\n4.3. Affiliates.',
    );
    const s = summarizeChange({ title: 'Processor terms' }, before, after, undefined, { structure: noStructure });
    expect(s.headline).toContain("new 'Severability & Waiver'");
  });
});
