import { describe, expect, it } from 'vitest';
import { classify, presentationFree, readableDiff, renderDiffText } from '../../src/diff/index.ts';

const doc = `# Policy

Effective 2025-02-24

## A. Definitions

1. "Customer Data" means all data submitted by Customer.
2. "GDPR" means Regulation (EU) 2016/679.

## B. Processing

We process data as described in the [annotations](https://spec.example.org/draft/annotations) section.

The UK Addendum is available at https://ico.org.uk/media/documents/4019539/addendum.pdf.
`;

describe('classify', () => {
  it('reports the first record', () => {
    expect(classify(undefined, doc)).toEqual({ kind: 'first' });
  });

  it('reports identical Markdown as noise', () => {
    expect(classify(doc, doc)).toEqual({ kind: 'noise' });
  });

  it('reports <ol> numbering that became literal "A.1." text as formatting', () => {
    const literal = doc
      .replace('1. "Customer Data"', 'A.1. **“Customer Data”**')
      .replace('2. "GDPR"', 'A.2. **"GDPR"**')
      .replace('1. "', '')
      .replace('\n1. ', '\n');
    const result = classify(doc, literal.replace(/\nA\.1\./, '\nA.1.'));
    expect(result.kind).toBe('formatting');
    expect(result.diff?.hunks.length).toBeGreaterThan(0);
  });

  it('reports heading levels, bullets, quote styles, dashes and whitespace as formatting', () => {
    const restyled = doc
      .replace('## A. Definitions', '# A. Definitions')
      .replace('1. "Customer', '- “Customer')
      .replace('2. "GDPR"', '•  ‘GDPR’'.replace(/‘|’/g, '"'))
      .replace('We process data', 'We  process\u0020data');
    expect(classify(doc, restyled).kind).toBe('formatting');
  });

  it('reports a changed hidden link target as formatting, and a changed cited URL as substantive', () => {
    const hidden = doc.replace('/draft/annotations', '/2025-11-25/annotations');
    expect(classify(doc, hidden).kind).toBe('formatting');
    const cited = doc.replace('documents/4019539/addendum.pdf', 'migrated/4019538/agreement.pdf');
    expect(classify(doc, cited).kind).toBe('substantive');
  });

  it('reports a cited URL whose link now leads to another page as substantive, and a link that only adds a query, a scheme or a slash as formatting', () => {
    const bare = 'The pricing pages are available at https://pay.example.com/plans or https://www.example.com/api/pricing.';
    const cases: [string, string][] = [
      ['https://www.example.com/api/pricing', 'https://api.example.net/pricing?ref=site'],
      ['https://pay.example.com/plans', 'https://pay.example.com/business/plans'],
      ['https://www.example.com/api/pricing', 'https://www.example.com/legal/pricing'],
    ];
    for (const [url, target] of cases) {
      expect(classify(bare, bare.replace(url, `[${url}](${target})`)).kind, `${url} → ${target}`).toBe('substantive');
    }
    const same: [string, string][] = [
      ['https://www.example.com/api/pricing', 'https://www.example.com/api/pricing/?utm_source=policy'],
      ['https://www.example.com/api/pricing', 'http://example.com/api/pricing#tiers'],
      ['https://pay.example.com/plans', 'https://PAY.example.com/plans'],
    ];
    for (const [url, target] of same) {
      expect(classify(bare, bare.replace(url, `[${url}](${target})`)).kind, `${url} → ${target}`).toBe('formatting');
    }
    // A link whose text is words keeps its target hidden: a new target is presentation.
    const worded = 'See our [pricing page](https://www.example.com/pricing).';
    expect(classify(worded, worded.replace('www.example.com/pricing', 'pay.example.net/plans')).kind).toBe('formatting');
  });

  it('reports any changed word or number as substantive, with the section and word marks', () => {
    const changed = doc.replace('Regulation (EU) 2016/679', 'Regulation (EU) 2016/680');
    const result = classify(doc, changed);
    expect(result.kind).toBe('substantive');
    const hunk = result.diff?.hunks[0];
    expect(hunk?.section).toBe('A. Definitions');
    expect(hunk?.words.filter((w) => w.op !== 'equal').map((w) => w.text)).toEqual(['679', '680']);
    expect(result.diff?.stats).toEqual({ added: 0, removed: 0, changed: 1 });
  });

  it('counts added and removed blocks', () => {
    const added = `${doc}\n## C. New section\n\nWe now keep logs for 90 days.\n`;
    const result = classify(doc, added);
    expect(result.kind).toBe('substantive');
    expect(result.diff?.stats).toEqual({ added: 2, removed: 0, changed: 0 });
    expect(classify(added, doc).diff?.stats).toEqual({ added: 0, removed: 2, changed: 0 });
  });
});

describe('readable diff', () => {
  it('caps the number of hunks and says so', () => {
    const many = (n: number): string => Array.from({ length: 100 }, (_, i) => `Paragraph ${i} version ${n}.`).join('\n\n');
    const diff = readableDiff(many(1), many(2));
    expect(diff.truncated).toBe(true);
    expect(diff.hunks.length).toBeLessThan(100);
    expect(diff.stats.changed).toBe(100);
  });

  it('renders plain text with [-removed-]{+added+} marks', () => {
    const diff = readableDiff(doc, doc.replace('all data submitted', 'all data or content submitted'));
    expect(renderDiffText(diff)).toBe('§ A. Definitions\n1. "Customer Data" means all data {+or content +}submitted by Customer.');
  });

  it('strips presentation but keeps words', () => {
    expect(presentationFree('## 1. **Scope**\n\n- A.1. “Data” – see [here](https://x.example/y)')).toBe('Scope "Data"-see here');
  });
});
