import { describe, expect, it } from 'vitest';
import { diffClaimStatuses, verifyClaims } from '../../src/claims/index.ts';
import type { ClaimStatus } from '../../src/claims/index.ts';
import type { ClaimConfig } from '../../src/config/schema.ts';

const PAGE = `# How long do you store my data?

Updated 2026-02-11

## Consumer accounts

If you delete a conversation, it is **deleted** from our [back-end storage systems](https://privacy.example.com/a) within 30 days.

- If you allow us to use your chats for training, we will retain your data for up to 5 years.
- Trust and safety classification scores are kept for up to 7 years.

## Other

| Data | Period |
| --- | --- |
| Feedback | 5 years |
`;

const NOW = new Date('2026-11-22T10:00:00.000Z');

function check(quote: string, markdown = PAGE, previous: ClaimStatus[] = []): ClaimStatus {
  const [status] = verifyClaims({ id: 'doc', claims: [{ id: 'c', topic: 'retention', quote }] }, markdown, NOW, previous);
  if (!status) throw new Error('no status');
  return status;
}

describe('verifyClaims: matching', () => {
  it('verifies an exact quote and records the day of the run (so a later run that day changes nothing)', () => {
    const s = check('we will retain your data for up to 5 years');
    expect(s).toMatchObject({ status: 'verified', similarity: 1, verifiedAt: '2026-11-22', checkedAt: '2026-11-22' });
    expect(NOW.toISOString().slice(0, 10)).toBe('2026-11-22');
    const later = verifyClaims(
      { id: 'doc', claims: [{ id: 'c', topic: 'retention', quote: 'we will retain your data for up to 5 years' }] },
      PAGE,
      new Date(NOW.getTime() + 6 * 3_600_000),
      [s],
    )[0];
    expect(later).toEqual(s);
    expect(s.currentWording).toBe('we will retain your data for up to 5 years');
  });

  it('tolerates whitespace, case, quote and dash styles, and Markdown syntax', () => {
    expect(check('deleted   from our\nBACK–END storage systems within 30 days').status).toBe('verified');
    expect(check('it is deleted from our back-end storage systems').status).toBe('verified');
    expect(check('If you delete a conversation, it is “deleted” from our back-end').status).toBe('verified');
    const curly = 'We’ll keep it “as is” — for now.';
    expect(check("we'll keep it \"as is\" - for now", `Intro.\n\n${curly}\n`).status).toBe('verified');
  });

  it('tolerates date formats: the guide prints "August 28, 2025", extraction writes ISO', () => {
    expect(check('Updated February 11, 2026').status).toBe('verified');
    expect(check('Updated 11 February 2026').status).toBe('verified');
    expect(check('Updated 12 February 2026').status).not.toBe('verified');
  });

  it('does not verify when a number changed', () => {
    const s = check('we will retain your data for up to 2 years');
    expect(s.status).toBe('reworded');
    expect(s.currentWording).toBe('we will retain your data for up to 5 years');
    expect(s.wordDiff).toEqual(
      expect.arrayContaining([
        { op: 'delete', text: '2' },
        { op: 'insert', text: '5' },
      ]),
    );
    expect(s.similarity).toBeGreaterThan(0.8);
    expect(s.similarity).toBeLessThan(1);
    expect(check('kept for up to 7.5 years').status).not.toBe('verified');
    expect(check('kept for up to 75 years').status).not.toBe('verified');
  });

  it('does not verify part of a longer number or word', () => {
    expect(check('5 years. Trust and safety').status).toBe('verified');
    expect(check('15 years').status).not.toBe('verified');
    expect(check('or up to 5 year').status).not.toBe('verified');
    expect(check('5 years', 'Scores are kept for up to 15 years.').status).not.toBe('verified');
    expect(check('kept for up to 1 year', 'Scores are kept for up to 1 years.').status).not.toBe('verified');
  });

  it('still verifies a sentence moved to another section', () => {
    const moved = PAGE.replace('- Trust and safety classification scores are kept for up to 7 years.\n', '') +
      '\n## Moved here\n\nTrust and safety classification scores are kept for up to 7 years.\n';
    expect(moved).not.toBe(PAGE);
    expect(check('Trust and safety classification scores are kept for up to 7 years', moved).status).toBe('verified');
  });

  it('reports a reworded sentence with its current wording, word diff and similarity', () => {
    const page = PAGE.replace('within 30 days', 'within 90 days, unless required by law');
    const s = check('deleted from our back-end storage systems within 30 days', page);
    expect(s.status).toBe('reworded');
    expect(s.currentWording).toMatch(/^deleted from our back-end storage systems within 90 days/);
    expect(s.wordDiff?.filter((p) => p.op !== 'equal').map((p) => p.text.trim())).toEqual(expect.arrayContaining(['30', '90']));
    expect(s.similarity).toBeGreaterThan(0.6);
  });

  it('reports missing when nothing close remains', () => {
    const s = check('we sell your data to advertisers every single week');
    expect(s.status).toBe('missing');
    expect(s.currentWording).toBeUndefined();
    expect(s.verifiedAt).toBeUndefined();
  });

  it('keeps the last verified day while a claim is reworded or missing', () => {
    const earlier = check('we will retain your data for up to 5 years');
    const later = verifyClaims(
      { id: 'doc', claims: [{ id: 'c', topic: 'retention', quote: 'we will retain your data for up to 5 years' }] },
      PAGE.replace('5 years', '10 years'),
      new Date('2026-12-01T00:00:00Z'),
      [earlier],
    )[0];
    expect(later).toMatchObject({ status: 'reworded', verifiedAt: '2026-11-22', checkedAt: '2026-12-01' });
  });

  it('handles pages shorter than the quote', () => {
    expect(check('we will retain your data for up to 5 years', 'We will retain your data.').status).toBe('reworded');
    expect(check('we will retain your data for up to 5 years', 'Nothing here.').status).toBe('missing');
    expect(check('we will retain your data for up to 5 years', '').status).toBe('missing');
  });

  it('matches single identifiers like environment variable names', () => {
    const page = 'Set `DISABLE_TELEMETRY=1` or *DISABLE_ERROR_REPORTING* to opt out.';
    expect(check('DISABLE_TELEMETRY', page).status).toBe('verified');
    expect(check('DISABLE_ERROR_REPORTING', page).status).toBe('verified');
    expect(check('DISABLE_FEEDBACK_COMMAND', page).status).toBe('missing');
    expect(check('DISABLE_TELEMETRY', 'Set DISABLE TELEMETRY to 1.').status).not.toBe('verified');
  });

  it('handles a page of realistic size', () => {
    const filler = Array.from({ length: 2000 }, (_, i) => `Paragraph ${i} says that data may be processed for purpose ${i % 17}.`).join('\n\n');
    const page = `${filler}\n\nWe will retain your data for up to 5 years.\n\n${filler}`;
    expect(page.length).toBeGreaterThan(100_000);
    expect(check('we will retain your data for up to 5 years', page).status).toBe('verified');
    expect(check('we will retain your data for up to 3 years', page).status).toBe('reworded');
  });
});

describe('diffClaimStatuses', () => {
  const claim: ClaimConfig = { id: 'c', topic: 'retention', quote: 'we will retain your data for up to 5 years' };
  const run = (markdown: string, previous: ClaimStatus[] = []) =>
    verifyClaims({ id: 'doc', claims: [claim] }, markdown, NOW, previous);

  it('reports a status change with old and new wording', () => {
    const before = run(PAGE);
    const after = run(PAGE.replace('5 years', '10 years'), before);
    const changes = diffClaimStatuses(before, after, [{ id: 'doc', claims: [claim] }]);
    expect(changes).toHaveLength(1);
    expect(changes[0]).toMatchObject({
      claim,
      docId: 'doc',
      before: { status: 'verified', currentWording: 'we will retain your data for up to 5 years' },
      after: { status: 'reworded', currentWording: 'we will retain your data for up to 10 years' },
    });
  });

  it('reports nothing when statuses hold, even if the rest of the page changed', () => {
    const before = run(PAGE);
    const after = run(PAGE.replace('## Other', '### Other things'), before);
    expect(diffClaimStatuses(before, after, [claim])).toEqual([]);
  });

  it('reports a reworded claim whose wording moved again, and a new claim that is not verified', () => {
    const first = run(PAGE.replace('5 years', '10 years'));
    const second = run(PAGE.replace('5 years', '12 years'), first);
    expect(diffClaimStatuses(first, second, [claim])).toHaveLength(1);
    expect(diffClaimStatuses([], first, [claim])[0]?.before).toBeUndefined();
    expect(diffClaimStatuses([], run(PAGE), [claim])).toEqual([]);
  });
});
