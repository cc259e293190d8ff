import { describe, expect, it } from 'vitest';
import { diffStructure } from '../../src/summarize/structure/index.ts';
import { summarizeChange } from '../../src/summarize/index.ts';
import type { KeyChange } from '../../src/summarize/index.ts';
import { toPlainText } from '../../src/text/index.ts';
import { doc, HEADER, portal, table, VENDORS } from './tables.ts';

const texts = (changes: readonly KeyChange[]): string[] => changes.map((c) => c.text);
/** Every change that claims something came or went. */
const claims = (changes: readonly KeyChange[]): string[] => changes.filter((c) => c.kind !== 'changed').map((c) => c.text);

describe('tables: a paginated view beside the full list counts once', () => {
  // The three new vendors sort first: three old vendors move off the first page without leaving the list.
  const added = [['Acorn AI', 'Model hosting', 'United States'], ['Aspen Chat', 'Chat support', 'Canada'], ['Atlas Tax', 'Tax calculation', 'Ireland']];
  const before = portal(VENDORS);
  const after = portal([...added, ...VENDORS]);

  it('reports the three new vendors and the count, and nothing removed', () => {
    const d = diffStructure(before, after);
    expect(texts(d.changes)).toEqual([
      "New vendors in 'Subprocessors': Acorn AI (Model hosting, United States), Aspen Chat (Chat support, Canada), Atlas Tax (Tax calculation, Ireland); 14 → 17 vendors",
    ]);
    expect(d.changes[0]).toMatchObject({ kind: 'new', source: 'record', short: 'new vendors Acorn AI, Aspen Chat, Atlas Tax' });
  });

  it('explains the view rows that moved between pages, so the sentence pass does not call them removed', () => {
    const d = diffStructure(before, after);
    expect(d.explained.before).toContain(toPlainText('| Delta Voice | Telephony | United States |'));
    expect(d.explained.after).toContain(toPlainText('| Acorn AI | Model hosting | United States |'));
    const s = summarizeChange({ title: 'Subprocessors' }, before, after);
    expect(claims(s.keyChanges).filter((t) => /^Removed/.test(t))).toEqual([]);
    expect(s.keyChanges.map((k) => k.text).join('\n')).not.toMatch(/Delta Voice|Cedar Logs|Lumen Translate/);
    expect(s.headline).toBe('Subprocessors: new vendors Acorn AI, Aspen Chat, Atlas Tax');
    expect(s.keyChanges[0]).toMatchObject({ source: 'record', topic: 'sub-processors' });
  });

  it('says nothing when only the page shown moved (the full list is the same)', () => {
    const paged = (first: number) => doc('## Subprocessors', `${first + 1}-${first + 10} of 14 results`, table(HEADER, VENDORS.slice(first, first + 10)), table(HEADER, VENDORS));
    const d = diffStructure(paged(0), paged(4));
    expect(d.changes).toEqual([]);
  });

  it('with no full list, a page that changed is not read as removals', () => {
    const page = (vendors: ReadonlyArray<readonly string[]>, total: number) => doc('## Subprocessors', `1-10 of ${total} results`, table(HEADER, vendors.slice(0, 10)));
    const d = diffStructure(page(VENDORS, 14), page([...added, ...VENDORS], 17));
    expect(claims(d.changes).some((t) => /^Removed/.test(t))).toBe(false);
    expect(texts(d.changes)).toEqual([
      "Now on the page of vendors shown in 'Subprocessors': Acorn AI (Model hosting, United States), Aspen Chat (Chat support, Canada), Atlas Tax (Tax calculation, Ireland); 14 → 17 vendors",
      "No longer on the page of vendors shown in 'Subprocessors': Lumen Translate (Translation, Japan), Cedar Logs (Logging, Ireland), Delta Voice (Telephony, United States)",
    ]);
  });
});

describe('tables: rows by key', () => {
  const base = doc('## Subprocessors', table(HEADER, VENDORS));

  it('reordered rows are not changes', () => {
    const d = diffStructure(base, doc('## Subprocessors', table(HEADER, [...VENDORS].reverse())));
    expect(d.changes).toEqual([]);
  });

  it('tells a removed row and a changed field', () => {
    const next = VENDORS.filter((v) => v[0] !== 'Garnet Maps').map((v) => (v[0] === 'Blue Ledger' ? ['Blue Ledger', 'Billing', 'Ireland, United States'] : v));
    const d = diffStructure(base, doc('## Subprocessors', table(HEADER, next)));
    expect(texts(d.changes)).toEqual([
      "Removed vendor in 'Subprocessors': Garnet Maps (Maps, United States); 14 → 13 vendors",
      "Vendor 'Blue Ledger': location 'Ireland' → 'Ireland, United States' (Subprocessors)",
    ]);
  });

  it('finds the key column when it is not first and its header is not a name', () => {
    const rows = [['OpenCo', 'sid', '1 day', 'Security'], ['OpenCo', 'pref', '1 year', 'Preferences'], ['Ads Inc', 'clk', '90 days', 'Advertising'], ['Ads Inc', 'uid', '2 years', 'Advertising']];
    const head = ['Provider', 'Cookie', 'Expiry', 'Category'];
    const next = rows.map((r) => (r[1] === 'clk' ? ['Ads Inc', 'clk', '30 days', 'Advertising'] : r));
    const d = diffStructure(doc('## Cookies', table(head, rows)), doc('## Cookies', table(head, next)));
    expect(texts(d.changes)).toEqual(["Cookie 'clk': expiry '90 days' → '30 days' (Cookies)"]);
  });

  it('reads a header written as the first row (empty pipe header, bold labels) and keeps names as written', () => {
    const rows = (domain: string) => [['**Source**', '**Cookie name**', '**Duration**', '**Domain**'], ['Edge', '__cf_bm', '30 min', domain], ['Edge', '_cfuvid', 'Session', domain], ['Shop', '_ga_<ID>', '2 years', 'shop.example']];
    const d = diffStructure(doc(table(undefined, rows('a.example b.example c.example'))), doc(table(undefined, rows('a.example c.example'))));
    expect(texts(d.changes)).toEqual([
      "Cookie '__cf_bm': domain 'a.example b.example c.example' → 'a.example c.example'",
      "Cookie '_cfuvid': domain 'a.example b.example c.example' → 'a.example c.example'",
    ]);
  });

  it('tells one field edit shared by many rows once, as a pattern', () => {
    const head = ['Provider', 'Cookie name', 'Duration', 'Domain'];
    const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
    const rows = (gone: boolean) => names.map((n, i) => ['Acme', n, `${i + 1} days`, gone && i < 5 ? 'app.example' : 'app.example, www.example']);
    const d = diffStructure(doc(table(head, rows(false))), doc(table(head, rows(true))));
    expect(texts(d.changes)).toEqual(["Cookie domain changed for 5 cookies: 'www.example' removed for 5 cookies (a1, a2, a3, a4, a5)"]);
    expect(d.changes[0]?.short).toBe("cookie domain 'www.example' removed for 5 cookies");
  });

  it('names the most shared of several field edits in the headline words, with how many rows of all it touched', () => {
    const head = ['Provider', 'Cookie name', 'Duration', 'Domain'];
    const names = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
    const domain = (i: number, after: boolean) => (!after ? 'app.example, www.example, old.example' : i < 5 ? 'app.example, old.example' : 'app.example, www.example');
    const rows = (after: boolean) => names.map((n, i) => ['Acme', n, `${i + 1} days`, domain(i, after)]);
    const d = diffStructure(doc(table(head, rows(false))), doc(table(head, rows(true))));
    expect(d.changes).toHaveLength(1);
    expect(d.changes[0]?.short).toBe("cookie domain 'www.example' removed for 5 of 7 cookies");
  });

  it('tells a new column once, with its values, not every row as changed', () => {
    const rows = VENDORS.slice(0, 5);
    const next = rows.map((r, i) => [...r, i < 2 ? 'Core' : 'Optional']);
    const d = diffStructure(doc('## Subprocessors', table(HEADER, rows)), doc('## Subprocessors', table([...HEADER, 'Type'], next)));
    expect(texts(d.changes)).toEqual(["Vendor table in 'Subprocessors': new column 'Type' (Core: 2, Optional: 3)"]);
    expect(d.explained.after).toContain(toPlainText('| Northwind Cloud | Hosting | United States | Core |'));
  });

  it('tells a renamed column once', () => {
    const d = diffStructure(doc(table(HEADER, VENDORS.slice(0, 4))), doc(table(['Vendor', 'Purpose', 'Country'], VENDORS.slice(0, 4))));
    expect(texts(d.changes)).toEqual(["Vendor table: column 'Location' renamed 'Country'"]);
  });

  it('a row that moved to another table moved: it was not removed and added', () => {
    const head = ['Cookie', 'Duration'];
    const before = doc('## Strictly necessary', table(head, [['sid', '1 day'], ['csrf', 'Session'], ['lang', '1 year']]), '## Analytics', table(head, [['_ga', '2 years'], ['_gid', '1 day']]));
    const after = doc('## Strictly necessary', table(head, [['sid', '1 day'], ['csrf', 'Session']]), '## Analytics', table(head, [['_ga', '2 years'], ['_gid', '1 day'], ['lang', '1 year']]));
    const d = diffStructure(before, after);
    expect(claims(d.changes)).toEqual([]);
    expect(texts(d.changes)).toEqual(["Cookie moved from 'Strictly necessary' to 'Analytics': lang"]);
  });

  it('a whole table that went is told once, with what its rows shared', () => {
    const head = ['Source', 'Cookie name', 'Duration', 'Purpose'];
    const before = doc('These help us measure use.', table(head, [['Tracky', '_pk_id', '13 months', 'Analytics'], ['Tracky', '_pk_ses', '30 minutes', 'Analytics']]), 'These help us market.', table(head, [['Adco', 'adid', '90 days', 'Marketing'], ['Adco', 'adclk', '1 day', 'Marketing']]));
    const after = doc('These help us market.', table(head, [['Adco', 'adid', '90 days', 'Marketing'], ['Adco', 'adclk', '1 day', 'Marketing']]));
    expect(texts(diffStructure(before, after).changes)).toEqual([
      'Removed cookies (Tracky, Analytics): _pk_id (13 months), _pk_ses (30 minutes) (the whole table of 2 cookies)',
    ]);
  });

  it('a row whose name is still on the page is "no longer listed", not removed', () => {
    const before = doc('## Subprocessors', table(HEADER, VENDORS.slice(0, 4)));
    const after = doc('## Subprocessors', table(HEADER, VENDORS.slice(0, 3)), 'Harbor Analytics now works for us as a controller.');
    expect(texts(diffStructure(before, after).changes)).toEqual([
      "No longer listed as vendor (still on the page outside the table) in 'Subprocessors': Harbor Analytics (Product analytics, Germany); 4 → 3 vendors",
    ]);
  });

  it('rows named by prose are paired by their words, and their edits told as words', () => {
    const head = ['Purpose of processing', 'Legal basis'];
    const rows = (w: string) => [
      [`To provide and maintain our Services, including to ${w} accounts and answer support requests`, 'Contract'],
      ['To process payments for subscriptions and purchases you make through our Services', 'Contract'],
      ['To comply with legal obligations and to protect the rights of users and third parties', 'Legal obligation'],
    ];
    const d = diffStructure(doc(table(head, rows('secure'))), doc(table(head, rows('verify'))));
    expect(texts(d.changes)).toEqual(["Purpose 'To provide and maintain our Services, including to verify…': 'secure' → 'verify'"]);
    expect(claims(d.changes)).toEqual([]);
  });
});

describe('records written as blocks', () => {
  const cookie = (name: string, purpose: string, duration: string) => `### ${name}\n\nPurpose: ${purpose}\n\nDuration: ${duration}`;

  it('headed blocks with the same fields are records', () => {
    const before = doc('## Cookies we use', cookie('sid', 'Login', '1 day'), cookie('lang', 'Preferences', '1 year'), cookie('_ga', 'Analytics', '2 years'));
    const after = doc('## Cookies we use', cookie('sid', 'Login', '7 days'), cookie('lang', 'Preferences', '1 year'), cookie('_ga', 'Analytics', '2 years'), cookie('_fbp', 'Advertising', '90 days'));
    const d = diffStructure(before, after);
    expect(texts(d.changes)).toEqual([
      "New cookie in 'Cookies we use': _fbp (Advertising, 90 days); 3 → 4 cookies",
      "Cookie 'sid': duration '1 day' → '7 days' (Cookies we use)",
    ]);
    // The record titles are records, not sections.
    expect(d.changes.some((c) => c.source === 'section')).toBe(false);
  });

  it('definition lists ("**Name**" then its value) are records, split where the first label repeats', () => {
    const entry = (name: string, vendor: string, region: string) => `**Name**\n\n${name}\n\n**Vendor**\n\n${vendor}\n\n**Region**\n\n${region}`;
    const before = doc('## Sub-processors', entry('Hosting', 'Northwind Cloud', 'US'), entry('Email', 'Quartz Mail', 'EU'), entry('Support', 'Pine Support', 'CA'));
    const after = doc('## Sub-processors', entry('Hosting', 'Northwind Cloud', 'US, EU'), entry('Email', 'Quartz Mail', 'EU'), entry('Support', 'Pine Support', 'CA'));
    expect(texts(diffStructure(before, after).changes)).toEqual(["Sub-processor 'Hosting': region 'US' → 'US, EU' (Sub-processors)"]);
  });

  it('cards (a heading over short lines in the same order) are records keyed by their heading', () => {
    const card = (name: string, what: string, where: string) => `### ${name}\n\n${what}\n\n${where}`;
    const before = doc('## Our subprocessors', card('Northwind Cloud', 'Cloud hosting', 'United States'), card('Quartz Mail', 'Email delivery', 'Ireland'), card('Pine Support', 'Customer support', 'Canada'));
    const after = doc('## Our subprocessors', card('Northwind Cloud', 'Cloud hosting', 'United States'), card('Pine Support', 'Customer support', 'Canada'), card('Quartz Mail', 'Email delivery', 'Ireland'), card('Tern Security', 'Fraud prevention', 'United Kingdom'));
    expect(texts(diffStructure(before, after).changes)).toEqual([
      "New subprocessor in 'Our subprocessors': Tern Security (Fraud prevention, United Kingdom); 3 → 4 subprocessors",
    ]);
  });
});

describe('lists by item', () => {
  const lists = doc(
    '## What we collect',
    'Your activity:',
    '- Content you create, like posts or comments\n- Messages you send\n- Public content you or others share',
    '## How we use it',
    'Your activity:',
    '- Content you create, like posts or comments\n- Public content you or others share',
  );

  it('a removed item is told once, in its own list (the same text stays in another list)', () => {
    const next = lists.replace('- Content you create, like posts or comments\n- Public content you or others share\n', '- Content you create, like posts or comments\n');
    const d = diffStructure(lists, next);
    expect(texts(d.changes)).toEqual(["Removed list item in 'How we use it' › 'Your activity:': 'Public content you or others share' (2 → 1 list items)"]);
    const s = summarizeChange({ title: 'P' }, lists, next);
    expect(texts(s.keyChanges)).toEqual(texts(d.changes));
  });

  it('reordered items and a list split in two say nothing', () => {
    const reordered = lists.replace('- Content you create, like posts or comments\n- Messages you send', '- Messages you send\n- Content you create, like posts or comments');
    expect(diffStructure(lists, reordered).changes).toEqual([]);
    const split = lists.replace('- Messages you send\n', '- Messages you send\n\nAnd also:\n\n');
    expect(diffStructure(lists, split).changes).toEqual([]);
  });

  it('an edited item is one item changed, with its lead term', () => {
    const before = doc('## Categories', '- **Strictly Necessary Cookies** – required for the site to work.\n- **Performance Cookies** – count visits.');
    const after = before.replace('**Strictly Necessary Cookies**', '**Essential Cookies**');
    expect(texts(diffStructure(before, after).changes)).toEqual(["List item 'Essential Cookies' in 'Categories': 'Strictly Necessary' → 'Essential'"]);
  });

  it('an item moved under another parent is told as such, not removed and added', () => {
    const before = doc('## Categories', '- Essential cookies\n- Performance cookies\n- Targeting cookies');
    const after = doc('## Categories', '- Essential cookies\n- Non-essential cookies, which you can turn off:\n  - Performance cookies\n  - Targeting cookies');
    const d = diffStructure(before, after);
    expect(texts(d.changes)).toEqual([
      "New list item in 'Categories': 'Non-essential cookies, which you can turn off:'",
      "'Performance cookies', 'Targeting cookies' now listed under 'Non-essential cookies, which you can turn off:' in 'Categories'",
    ]);
  });

  it('an item replaced in place is one item changed', () => {
    const before = doc('## Contact', 'Other contacts:', '- You can contact our Data Protection Officer: Acme DPO Ltd, 1 Main Street, London, dpo@acme.example\n- Write to us by post');
    const after = before.replace('You can contact our Data Protection Officer: Acme DPO Ltd, 1 Main Street, London, dpo@acme.example', 'You can contact our Data Protection Officer at privacy@example.com');
    const d = diffStructure(before, after);
    expect(claims(d.changes)).toEqual([]);
    expect(texts(d.changes)).toEqual(["List item in 'Contact' › 'Other contacts:': 'Acme DPO Ltd, 1 Main Street, London, dpo@acme.example' → 'at privacy@example.com'"]);
  });

  it('runs of paragraphs opening with a bold term (definitions) are items', () => {
    const defs = ['“**Affiliate**” means an entity that controls us.', '“**Company**” means the entity that signed the terms.', '“**Services**” means what we provide.'];
    const after = doc(...defs.slice(0, 2), '“**Severability**” means a part can fall without the rest.', defs[2] as string);
    expect(texts(diffStructure(doc(...defs), after).changes)).toEqual(["New definition: 'Severability' (3 → 4 definitions)"]);
  });
});

describe('sections by heading', () => {
  const policy = doc(
    '# Privacy policy',
    '## 1. Data controller',
    'Acme Ltd is the controller of your personal data.',
    '## 2. What we collect',
    'We collect account data and usage data.',
    '## 3. How we use data',
    'We use data to provide the service.',
    '## 4. Your rights',
    'You can access and delete your data.',
  );

  it('a moved section is moved, once: not removed and added, not its sentences', () => {
    const moved = doc(
      '# Privacy policy',
      '## 2. What we collect',
      'We collect account data and usage data.',
      '## 3. How we use data',
      'We use data to provide the service.',
      '## 4. Your rights',
      'You can access and delete your data.',
      '## 1. Data controller',
      'Acme Ltd is the controller of your personal data.',
    );
    const d = diffStructure(policy, moved);
    expect(texts(d.changes)).toEqual(["Section 'Data controller' moved to after '4. Your rights'"]);
    expect(claims(summarizeChange({ title: 'P' }, policy, moved).keyChanges)).toEqual([]);
  });

  it('renumbered sections are renumbered, told once; a new section is new', () => {
    const next = policy
      .replace('## 4. Your rights', '## 5. Your rights')
      .replace('## 3. How we use data', '## 3. Data controls\n\nYou can turn off training in settings.\n\n## 4. How we use data');
    const d = diffStructure(policy, next);
    expect(texts(d.changes)).toEqual([
      "Sections renumbered: 3 'How we use data' → 4, 4 'Your rights' → 5",
      "New section '3 Data controls': 'You can turn off training in settings.'",
    ]);
    const s = summarizeChange({ title: 'P' }, policy, next);
    expect(claims(s.keyChanges)).toEqual(["New section '3 Data controls': 'You can turn off training in settings.'"]);
  });

  it('numbered clauses written as paragraphs: a new 4.2 and the old 4.2 renumbered 4.3', () => {
    const terms = doc('Miscellaneous.', '4.1. Updates. We may update these terms.', '4.2. Affiliates. We may engage our affiliates as subprocessors.', 'Definitions.');
    const next = terms.replace('4.2. Affiliates.', '4.2. Severability & Waiver. If a part is unenforceable, the rest stays in force.\n\n4.3. Affiliates.');
    const d = diffStructure(terms, next);
    expect(texts(d.changes)).toEqual([
      "Section 'Affiliates' renumbered 4.2 → 4.3",
      "New section '4.2 Severability & Waiver': 'If a part is unenforceable, the rest stays in force.'",
    ]);
    const s = summarizeChange({ title: 'Terms' }, terms, next);
    // The renumbering ranks far below the new section: the headline counts it, the list tells it.
    expect(s.headline).toBe("Terms: new section '4.2 Severability & Waiver' (+1 more)");
    expect(s.keyChanges.map((k) => k.short)).toEqual(["new section '4.2 Severability & Waiver'", '§4.2 Affiliates now §4.3']);
  });

  it('a renamed section (same text, new heading) is renamed', () => {
    const d = diffStructure(policy, policy.replace('## 4. Your rights', '## 4. Your choices'));
    expect(texts(d.changes)).toEqual(["Section renamed: '4. Your rights' → '4. Your choices'"]);
  });

  it('a heading added over text that was there is not a new section', () => {
    const next = policy.replace('You can access and delete your data.', '### Access\n\nYou can access and delete your data.');
    expect(texts(diffStructure(policy, next).changes)).toEqual(["New heading 'Access' over text that was already there"]);
  });

  it('a removed section is told once with what it held; its sentences are not told again', () => {
    const next = policy.replace('## 3. How we use data\n\nWe use data to provide the service.\n\n', '');
    const s = summarizeChange({ title: 'P' }, policy, next);
    expect(texts(s.keyChanges)).toEqual(["Removed section '3 How we use data': 'We use data to provide the service.'"]);
  });
});

describe('presentation changes are not removals or additions', () => {
  it('a list rewritten as paragraphs with literal numbers ("B.1.", "•") says nothing', () => {
    const before = doc('## B. Processing', '1. Customer is the controller.\n2. Anthropic processes data on instructions:\n   1. to provide the Services;\n   2. to prevent abuse.');
    const after = doc('## B. Processing', 'B.1. Customer is the controller.', 'B.2. Anthropic processes data on instructions:', 'B.2.a. to provide the Services;', '• to prevent abuse.');
    const d = diffStructure(before, after);
    expect(d.changes).toEqual([]);
    expect(d.explained.before).toContain('Customer is the controller.');
    expect(d.explained.after).toContain('B.1. Customer is the controller.');
  });

  it('headings that changed level did not move', () => {
    const before = doc('# Directory policy', '## 1. Safety', 'Be safe.', '## 2. Compatibility', 'Be compatible.');
    expect(diffStructure(before, before.replace(/^## /gm, '# ')).changes).toEqual([]);
  });

  it('a heading that became bold text was not removed', () => {
    const before = doc('## Schedule 1 - Details', 'The parties are set out above.', '## Schedule 2 - Measures', 'We keep data safe.');
    expect(diffStructure(before, before.replace('## Schedule 1 - Details', '**Schedule 1 - Details**')).changes).toEqual([]);
  });

  it('definitions that became bold terms are not new', () => {
    const defs = ['“Approved Addendum” means the template addendum.', '“Mandatory Clauses” means Part 2 of the Approved Addendum.', '“UK GDPR” means the UK data protection law.'];
    const bold = defs.map((d) => d.replace(/^“([^”]+)”/, '**“$1”**'));
    expect(diffStructure(doc(...defs), doc(...bold)).changes).toEqual([]);
  });

  it('an item that was extended is one item edited, not one removed and one added', () => {
    const before = doc('## Sources', 'We obtain personal data from:', '- Publicly available information via the Internet\n- Datasets from third party businesses');
    const after = before.replace('- Datasets from third party businesses', '- Datasets from third party businesses that we license or purchase');
    const d = diffStructure(before, after);
    expect(claims(d.changes)).toEqual([]);
    expect(texts(d.changes)).toEqual(["List item in 'Sources' › 'We obtain personal data from:': added 'that we license or purchase'"]);
  });
});

describe('diffStructure on unchanged and empty input', () => {
  it('finds nothing in identical or empty documents', () => {
    const page = doc('## A', table(HEADER, VENDORS), '- one\n- two');
    expect(diffStructure(page, page)).toEqual({ changes: [], explained: { before: new Set(), after: new Set() } });
    expect(diffStructure('', '').changes).toEqual([]);
  });
});
