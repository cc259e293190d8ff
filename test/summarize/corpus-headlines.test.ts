import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.ts';
import type { LoadedConfig } from '../../src/config/load.ts';
import { readCorpus } from '../../src/fetch/index.ts';
import type { CorpusDocument } from '../../src/fetch/index.ts';
import { corpusDocumentConfig, replayDocument } from '../../src/run/replay.ts';
import type { ReplayEvent } from '../../src/run/replay.ts';
import { corpusDir, describeWithCorpus } from '../support/corpus.ts';
import type { CorpusSet } from '../support/corpus.ts';

/**
 * Every labelled change of dev and dev-other, replayed through the check path (the labelled pair of snapshots, from
 * an empty store), must get a headline (issue title, email subject) that carries the key fact of what the person
 * saw change. The fact words were picked by hand from each summary, as a reader would pick them; `a|b` accepts
 * either. Rows marked `layout` are edits a reader would not call a change (punctuation): there a plain count is fine.
 */
interface Row {
  set: CorpusSet;
  doc: string;
  to: string;
  /** The person's summary, from labels.tsv (checked against it, so the table cannot drift from the labels). */
  summary: string;
  facts: string[];
  layout?: true;
  /**
   * Why this headline misses the person's fact today, when the cause lies outside the summary's reach: the test is
   * then expected to fail, and fails loudly the day it passes, so the mark cannot outlive the gap.
   */
  gap?: string;
}

const ROWS: Row[] = [
  // dev
  {
    set: 'dev', doc: 'non-user-privacy-policy', to: '2026-07-08T223140Z',
    summary: "Non-User Privacy Policy rewritten, effective 8 July 2026 (was 28 August 2025): 'Notice'->'Policy'; training sources expanded (ClaudeBot crawling, third-party datasets purchased/open, internally generated data); old section 4 'Privacy Safeguards' replaced by 'How personal information is used at each stage of training'; one-month GDPR response; retention criteria added",
    facts: ['2026-07-08', "'Notice'|§4|training|ClaudeBot"],
  },
  {
    set: 'dev', doc: 'data-processing-addendum', to: '2026-03-21T113102Z',
    summary: 'UK Addendum definition (A.10): cited ICO URL changed from .../documents/4019539/international-data-transfer-addendum.pdf to .../media2/migrated/4019538/international-data-transfer-agreement.pdf (minor, reference only)',
    facts: ['international-data-transfer-agreement'],
  },
  // dev-other
  {
    set: 'dev-other', doc: 'openai-eu-privacy-policy', to: '2026-05-18T103006Z',
    summary: 'new Europe privacy policy "Updated: April 1, 2026" (previous: November 4, 2024): new introduction, Data controller moved from §1 to §12, new §5 Data controls, Contact Data and other new collection items, previous-version link',
    facts: ['2026-04-01', 'Data controls|Data controller|Contact Data'],
    gap: "the extraction keeps none of this page's section headings ('5. Data controls', '12. Data controller'): what moved or came is invisible to the summary",
  },
  {
    set: 'dev-other', doc: 'openai-eu-privacy-policy', to: '2026-06-29T103008Z',
    summary: 'policy "Updated: 4 June 2026": advertising-controls sentence removed, "or authorities" removed from teen-safety item, new privacy@openai.com sentence, accuracy note split, ROW-version link now points to communications-privacy-policy',
    facts: ['privacy@openai.com|advertising|or authorities'],
  },
  {
    set: 'dev-other', doc: 'openai-cookie-policy', to: '2025-12-18T233136Z',
    summary: 'Last updated November 4 -> December 17, 2025; new cookies oai-sidebar-closed-applied and oai-sidebar-expanded; deploymentsafety.openai.com domain added',
    facts: ['oai-sidebar|deploymentsafety.openai.com'],
  },
  {
    set: 'dev-other', doc: 'openai-cookie-policy', to: '2026-01-21T233150Z',
    summary: 'cookie table Domain column loses its second domain in every cell (e.g. __cf_bm: auth.openai.com, chatgpt.com, openai.com ... -> fewer domains); no date change',
    facts: ['removed|→', 'openai.com|chatgpt.com'],
  },
  {
    set: 'dev-other', doc: 'openai-cookie-policy', to: '2026-05-18T103120Z',
    summary: 'Last updated May 6, 2026: new ads.openai.com and consent cookies (oai_consent_personalization, personalized_marketing_consent, sofaLastAdAccountId ...)',
    facts: ['ads.openai.com|consent'],
  },
  {
    set: 'dev-other', doc: 'openai-cookie-policy', to: '2026-06-29T103123Z',
    summary: 'Last updated 23 June 2026: sora.chatgpt.com entries removed, videos.openai.com -> devday.openai.com, devday -> events.openai.com, Google g_state cookie added',
    facts: ['sora.chatgpt.com|devday|events.openai.com|g_state'],
  },
  {
    set: 'dev-other', doc: 'openai-cookie-policy', to: '2026-07-16T223132Z',
    summary: 'Last updated 16 July 2026: Swoogo (_pk_*) cookies removed, OpenAI __obi cookie added',
    facts: ['Swoogo|_pk_|__obi'],
  },
  {
    set: 'dev-other', doc: 'openai-cookie-policy', to: '2026-08-03T223134Z',
    summary: 'Last updated 30 July 2026: many ads.openai.com domains added; browser instructions Internet Explorer -> Edge (link target changed)',
    facts: ['ads.openai.com|Edge'],
  },
  {
    set: 'dev-other', doc: 'openai-cookie-policy', to: '2026-08-14T223137Z',
    summary: 'Last updated 14 August 2026: Google GBRAID and WBRAID cookies (24 hours, marketing measurement) added',
    facts: ['GBRAID'],
  },
  {
    set: 'dev-other', doc: 'openai-services-agreement', to: '2025-11-24T155054Z',
    summary: 'scope sentence: "ChatGPT Team" -> "ChatGPT Business"',
    facts: ['ChatGPT Business'],
  },
  {
    set: 'dev-other', doc: 'openai-services-agreement', to: '2025-12-01T233055Z',
    summary: 'new version: "Effective: May 31, 2025" -> "Updated: December 1, 2025" + "Effective: January 1, 2026"; contracting party OpenAI, L.L.C. -> OpenAI OpCo, LLC',
    facts: ['OpCo', '2026-01-01'],
  },
  {
    set: 'dev-other', doc: 'openai-services-agreement', to: '2025-12-13T113049Z',
    summary: 'only the "View previous business terms" link target changed (nov-2023-business-terms -> may-2025-business-terms)',
    facts: ['may-2025-business-terms'],
  },
  {
    set: 'dev-other', doc: 'openai-services-agreement', to: '2025-12-17T233054Z',
    summary: 'scope sentence: "other services for businesses" -> "other services for customers who are businesses"',
    facts: ['customers who are'],
  },
  {
    set: 'dev-other', doc: 'openai-services-agreement', to: '2025-12-18T233057Z',
    summary: '16.5 Notices: notice address entity OpenAI, L.L.C. -> OpenAI OpCo, LLC',
    facts: ['OpCo'],
  },
  {
    set: 'dev-other', doc: 'openai-services-agreement', to: '2026-05-18T103045Z',
    summary: 'scope sentence adds "ChatGPT for Clinicians" and "unless specified above"',
    facts: ['ChatGPT for Clinicians'],
  },
  {
    set: 'dev-other', doc: 'openai-services-agreement', to: '2026-05-18T223047Z',
    summary: 'Pricing Page definition: link target of "https://openai.com/chatgpt/pricing" now chatgpt.com/pricing (visible text unchanged; the chatgpt.com link carries a rotating openaicom-did token from here on)',
    facts: ['chatgpt.com/pricing'],
  },
  {
    set: 'dev-other', doc: 'openai-services-agreement', to: '2026-06-29T103051Z',
    summary: 'Informal Dispute Resolution Form link moved from a Google Form to openai.com/form/informal-dispute and linked in 15.2; date re-rendered "December 1, 2025" -> "1 December 2025"; pricing link en-GB',
    facts: ['informal-dispute'],
  },
  {
    set: 'dev-other', doc: 'xai-privacy-policy', to: '2025-11-24T155428Z',
    summary: 'Data Protection Officer changed from Taceo Limited (London, dpo@taceo.co.uk) to privacy@x.ai (rendered "(mailto:privacy@x.ai)")',
    facts: ['privacy@x.ai'],
  },
  {
    set: 'dev-other', doc: 'xai-privacy-policy', to: '2026-05-18T103247Z',
    summary: 'new privacy policy effective April 4, 2026 (was July 10, 2025) with previous-version link: cookies paragraph rewritten (targeted advertising), sensitive-information paragraph removed',
    facts: ['2026-04-04', 'advertising|sensitive|cookies|sell'],
  },
  {
    set: 'dev-other', doc: 'xai-privacy-policy', to: '2026-06-30T223302Z',
    summary: 'new sentence: information about handling of California Consumer Privacy Act (CCPA) requests is available here (x.ai/legal/ccpa)',
    facts: ['CCPA'],
  },
  {
    set: 'dev-other', doc: 'xai-cookie-policy', to: '2026-05-18T103333Z',
    summary: 'new cookie policy effective April 4, 2026 (was "Last updated: July 8, 2025"): "only necessary cookies" replaced by strictly necessary, performance and targeting cookies; cookie table extended',
    facts: ['2026-04-04', 'Targeting|Performance|necessary'],
  },
  {
    set: 'dev-other', doc: 'xai-cookie-policy', to: '2026-05-22T223317Z',
    summary: 'punctuation only: "xAI’s Cookies Policy to: privacy@x.ai" -> "xAI\'s Cookies Policy to privacy@x.ai"; the www.google.com link in the cookie table https -> http (A/B variant, flips back and forth later)',
    facts: [],
    layout: true,
  },
  {
    set: 'dev-other', doc: 'xai-cookie-policy', to: '2026-07-02T223336Z',
    summary: 'effective July 2, 2026: Strictly Necessary -> Essential cookies, new Non-Essential category, cookie table gets a Type column',
    facts: ['Essential'],
  },
  {
    set: 'dev-other', doc: 'xai-cookie-policy', to: '2026-08-10T223228Z',
    summary: 'effective August 10, 2026: cookie domains ".grok.com" -> ".grok.com, x.ai, console.x.ai" for several cookies',
    facts: ['console.x.ai'],
  },
  {
    set: 'dev-other', doc: 'xai-cookie-policy', to: '2026-08-11T223217Z',
    summary: 'effective August 11, 2026: new instruction "On x.ai, click Privacy choices in the footer"',
    facts: ['Privacy choices'],
  },
  {
    set: 'dev-other', doc: 'xai-cookie-policy', to: '2026-08-12T223228Z',
    summary: 'effective August 12, 2026: more cookie domains ".grok.com, x.ai, accounts.x.ai"',
    facts: ['accounts.x.ai'],
  },
  {
    set: 'dev-other', doc: 'meta-privacy-policy', to: '2025-11-24T155629Z',
    summary: 'face-analysis sentence reworded ("how we help protect you ... through face analysis"), "account photos" -> "profile photo", Meta Company Products link target changed',
    facts: ['face analysis|profile photo'],
  },
  {
    set: 'dev-other', doc: 'meta-privacy-policy', to: '2025-12-16T233544Z',
    summary: 'new Privacy Policy effective December 16, 2025 (was June 16, 2025): AI at Meta added to Products, chats with AI at Meta collected, notice "We updated our Privacy Policy on December 16, 2025"',
    facts: ['2025-12-16', 'AI at Meta'],
  },
  {
    set: 'dev-other', doc: 'meta-privacy-policy', to: '2026-01-14T233537Z',
    summary: 'the notice "We updated our Privacy Policy on December 16, 2025. View our previous policy." was removed',
    facts: ['updated our Privacy Policy'],
  },
  {
    set: 'dev-other', doc: 'meta-privacy-policy', to: '2026-02-25T233453Z',
    summary: 'legitimate-interests list: item "Public content you or others create or share, like posts, comments or audio on Meta Products" removed',
    facts: ['Public content'],
  },
  {
    set: 'dev-other', doc: 'meta-privacy-policy', to: '2026-07-23T223438Z',
    summary: 'new Privacy Policy effective July 23, 2026: "our features that are part of AI at Meta", "Information you or others exchange with AI at Meta" section rewritten; notice "Policy updated on Jul 23, 2026."',
    facts: ['2026-07-23', 'AI at Meta'],
  },
  {
    set: 'dev-other', doc: 'meta-privacy-policy', to: '2026-08-21T223304Z',
    summary: 'the notice "Policy updated on Jul 23, 2026." was removed',
    facts: ['Policy updated'],
  },
  {
    set: 'dev-other', doc: 'meta-ai-terms', to: '2026-04-21T103237Z',
    summary: 'the date line "January 5, 2026" now reads "Effective January 5, 2026" (label added, same date)',
    facts: ['Effective'],
  },
  {
    set: 'dev-other', doc: 'meta-ai-terms', to: '2026-05-13T103230Z',
    summary: 'effective May 13, 2026 (was January 5, 2026): the paragraphs on human/automated review of AI interactions and on sharing with search-engine partners swapped and reworded',
    facts: ['2026-05-13', 'review|search'],
  },
  {
    set: 'dev-other', doc: 'meta-global-processor-terms', to: '2026-02-18T233314Z',
    summary: 'notice only, terms unchanged: announcement added: "We\'re updating the Meta Global Processor Terms. The updates go into effect on March 20, 2026. Read the new terms." (preview link)',
    facts: ['updating|2026-03-20'],
  },
  {
    set: 'dev-other', doc: 'meta-global-processor-terms', to: '2026-03-20T233411Z',
    summary: 'new MGPT "Last Updated: March 20, 2026" (was August 23, 2025): announcement removed, new 4.2 Severability & Waiver, Meta Affiliates renumbered 4.3',
    facts: ['Severability'],
  },
];

/** An email subject and an issue title: long ones are cut by mail clients and GitHub's lists. */
const HEADLINE_MAX = 100;
/** The plain count a summary falls back to when it found no fact. */
const GENERIC = /\b\d+ paragraphs? changed\b|\bwording unchanged\b/;

interface Label {
  from: string;
  weight: string;
  summary: string;
}

function readLabels(set: CorpusSet): Map<string, Label> {
  const labels = new Map<string, Label>();
  const [head, ...lines] = readFileSync(join(corpusDir(set), 'labels.tsv'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const keys = (head ?? '').split('\t');
  for (const line of lines) {
    const cells = Object.fromEntries(line.split('\t').map((cell, i) => [keys[i], cell]));
    if (cells.label !== 'substantive') continue;
    labels.set(`${cells.doc}\u0000${cells.to_snapshot}`, { from: cells.from_snapshot ?? '', weight: cells.weight ?? '', summary: cells.summary ?? '' });
  }
  return labels;
}

const has = (headline: string, fact: string) => fact.split('|').some((word) => headline.toLowerCase().includes(word.toLowerCase()));

describeWithCorpus('headlines carry the key fact of every labelled change (dev, dev-other)', ['dev', 'dev-other'], () => {
  const labels = new Map<CorpusSet, Map<string, Label>>();
  const corpora = new Map<CorpusSet, CorpusDocument[]>();
  let config: LoadedConfig;
  const seen: Array<{ row: Row; event: ReplayEvent | undefined }> = [];

  beforeAll(async () => {
    config = await loadConfig(join(import.meta.dirname, '../../config'));
    for (const set of ['dev', 'dev-other'] as const) {
      labels.set(set, readLabels(set));
      corpora.set(set, await readCorpus(corpusDir(set)));
    }
  });

  it('has a row for every labelled substantive change, with the person\'s summary beside it', () => {
    for (const set of ['dev', 'dev-other'] as const) {
      const rows = ROWS.filter((r) => r.set === set).map((r) => `${r.doc}\u0000${r.to}`);
      expect(rows.sort()).toEqual([...(labels.get(set)?.keys() ?? [])].sort());
    }
    for (const row of ROWS) expect(row.summary).toBe(labels.get(row.set)?.get(`${row.doc}\u0000${row.to}`)?.summary);
  });

  for (const row of ROWS) (row.gap ? it.fails : it)(`${row.doc} ${row.to}${row.gap ? ` (known gap: ${row.gap})` : ''}`, async () => {
    const label = labels.get(row.set)?.get(`${row.doc}\u0000${row.to}`);
    const entry = corpora.get(row.set)?.find((d) => d.folder === row.doc);
    expect(label && entry, `${row.doc} ${row.to} is not a labelled change of ${row.set}`).toBeTruthy();
    if (!label || !entry) return;
    const doc = corpusDocumentConfig(entry, config.documents);
    const replayed = await replayDocument(corpusDir(row.set), { ...entry, snapshots: [label.from, row.to] }, doc, config.settings);
    const event = replayed.events.find((e) => e.snapshot === row.to && (e.kind === 'substantive' || e.kind === 'formatting'));
    seen.push({ row, event });
    if (label.weight === 'must') expect(event?.kind, `a required change must alert: ${row.summary}`).toBe('substantive');
    // A minor change the pipeline calls noise has no headline; the scorer accepts either.
    if (!event) return;
    const headline = event.summary ?? '';
    expect(headline.length, headline).toBeLessThanOrEqual(HEADLINE_MAX);
    if (row.layout) return;
    expect(headline, 'a labelled change is a change a reader can name: no plain count').not.toMatch(GENERIC);
    for (const fact of row.facts) expect(has(headline, fact), `headline "${headline}" lacks ${fact}\n  the person saw: ${row.summary}`).toBe(true);
    // The email, the issue and `replay --json` list the same changes the headline leads with.
    expect(event.keyChanges?.length ?? 0).toBeGreaterThan(0);
  });

  it('prints each headline beside the person\'s summary', () => {
    for (const { row, event } of seen) {
      console.log(`${row.set}/${row.doc} ${row.to}\n  person:   ${row.summary}\n  headline: ${event ? `[${event.kind}] ${event.summary}` : '(no alert)'}`);
    }
    expect(seen.length).toBe(ROWS.length);
  });
});
