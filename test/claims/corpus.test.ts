import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { verifyClaims } from '../../src/claims/index.ts';
import { summarizeChange } from '../../src/summarize/index.ts';
import { extract } from '../../src/normalize/index.ts';
import { corpusDir, describeWithCorpus } from '../support/corpus.ts';

/**
 * The real rewrite in the dev corpus, through the real extraction: "Non-User Privacy Policy rewritten, effective
 * 8 July 2026 (was 28 August 2025): 'Notice'->'Policy'; training sources expanded; old section 4 'Privacy
 * Safeguards' replaced by 'How personal information is used at each stage of training'; one-month GDPR response;
 * retention criteria added".
 */
const DIR = join(corpusDir('dev'), 'non-user-privacy-policy');
const OLD = join(DIR, '2026-07-08T103137Z.html');
const NEW = join(DIR, '2026-07-08T223140Z.html');

function markdownOf(path: string): string {
  const extraction = extract({
    body: readFileSync(path, 'utf8'),
    format: 'html',
    url: 'https://www.anthropic.com/legal/non-user-privacy-policy',
    doc: { id: 'non-user-privacy-policy', remove: [] },
  });
  return extraction.markdown;
}

describeWithCorpus('summary of the real Non-User Privacy Policy rewrite', ['dev'], () => {
  it('gives a short headline and the key changes a person would name', () => {
    expect(existsSync(OLD) && existsSync(NEW), `the dev corpus lacks the two snapshots of the rewrite in ${DIR}`).toBe(true);
    const before = markdownOf(OLD);
    const after = markdownOf(NEW);
    const summary = summarizeChange({ title: 'Non-User Privacy Policy' }, before, after);
    console.log(`headline: ${summary.headline}\n${summary.keyChanges.map((k) => `  - ${k.text}`).join('\n')}`);

    expect(summary.headline.length).toBeLessThanOrEqual(100);
    expect(summary.headline).toMatch(/^Non-User Privacy Policy rewritten, effective 2026-07-08(?: \(was 2025-08-28\))?: §4 replaced/);

    const texts = summary.keyChanges.map((k) => k.text);
    const has = (pattern: RegExp) => expect(texts.some((t) => pattern.test(t)), `no key change matches ${pattern}`).toBe(true);
    expect(texts[0]).toBe('Effective date: 2025-08-28 → 2026-07-08');
    has(/^Section 4 replaced: '4\. Privacy Safeguards During Data Collection and Training' → '4\. How personal information is used at each stage of training our models'/);
    has(/^Renamed throughout: 'Notice' → 'Policy'/);
    has(/^New list item in '3\. Collection of Personal Data' › .*: 'Data we generate internally\.'/);
    has(/^New: .*ClaudeBot/);
    has(/^Sharing: .*Third Party Datasets that we purchase/);
    has(/^New: .*within one calendar month/);
    has(/^New: 'We decide how long to keep information/);
    expect(summary.keyChanges.find((k) => /how long to keep/.test(k.text))?.topic).toBe('retention');
    // Spelling moved to American English in several sentences: not a policy change.
    expect(texts.filter((t) => /authoris|minimis|recognis/i.test(t))).toEqual([]);
    expect(summary.keyChanges.length).toBeLessThanOrEqual(40);
  });

  it('claims quoted from the old version: unchanged ones stay verified, rewritten ones are reworded', () => {
    const doc = {
      id: 'non-user-privacy-policy',
      claims: [
        { id: 'clawbot-robots', topic: 'training' as const, quote: 'it respects ‘Do Not Crawl’ signals (robots.txt)' },
        { id: 'third-party-sources', topic: 'training' as const, quote: 'Anthropic may obtain personal data from the following third party sources in order to train our models' },
        { id: 'constitution', topic: 'training' as const, quote: 'We have built key ‘privacy by design’ safeguards into the development of Claude' },
      ],
    };
    const at = new Date('2026-07-08T22:31:40Z');
    const [robots, sources, constitution] = verifyClaims(doc, markdownOf(NEW), at, verifyClaims(doc, markdownOf(OLD), new Date('2026-07-08T10:31:37Z')));
    expect(robots).toMatchObject({ status: 'verified', verifiedAt: '2026-07-08' });
    expect(sources).toMatchObject({
      status: 'reworded',
      currentWording: 'Anthropic may obtain personal data from the following sources in order to train our models',
      verifiedAt: '2026-07-08',
    });
    expect(constitution?.status).toBe('missing');
  });
});
