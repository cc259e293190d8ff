import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, renderDiffText } from '../../src/diff/index.ts';
import type { ChangeKind } from '../../src/diff/index.ts';
import { judgeContent } from '../../src/gate/index.ts';
import { extract } from '../../src/normalize/index.ts';
import type { Perturbation } from './perturb.ts';
import { formattingPerturbations, fullListEdits, fullListPageTurns, hiddenRowEdits, substantivePerturbations as edits, tablePageTurns } from './perturbations-change.ts';
import { noisePerturbations as noiseOnly } from './perturbations-noise.ts';
import { corpusDir, describeWithCorpus, hasCorpus } from '../support/corpus.ts';

/**
 * Generality of the extraction rules: real pages (the dev corpus) and the committed fixtures, each perturbed the way
 * pages of these kinds really change between fetches. A noise perturbation that gives a substantive (or formatting)
 * change is a false alert; a substantive one that gives noise is a missed change.
 *
 * Perturbations are applied when the tests are collected: a test exists only for a page the perturbation changes,
 * so every test asserts. Each perturbation must apply to at least one page, or its coverage test fails.
 */

const noisePerturbations = [...noiseOnly, ...tablePageTurns, ...fullListPageTurns];
const substantivePerturbations = [...edits, ...hiddenRowEdits, ...fullListEdits];
const KINDS: [ChangeKind, Perturbation[]][] = [
  ['noise', noisePerturbations],
  ['formatting', formattingPerturbations],
  ['substantive', substantivePerturbations],
];

interface Page {
  name: string;
  url: string;
  html: string;
}

const fixtures = join(import.meta.dirname, '../fixtures/pages');
const FIXTURES: Page[] = [
  { name: 'legal-page', url: 'https://www.anthropic.com/legal/consumer-terms' },
  { name: 'help-intercom-article', url: 'https://privacy.claude.com/en/articles/7996866' },
  { name: 'help-docs-article', url: 'https://privacy.claude.com/en/articles/7996866' },
  { name: 'mintlify-docs', url: 'https://code.claude.com/docs/en/data-usage' },
  { name: 'trust-portal', url: 'https://trust.anthropic.com/subprocessors' },
].map(({ name, url }) => ({ name: `fixture ${name}`, url, html: readFileSync(join(fixtures, `${name}.html`), 'utf8') }));

/** The latest snapshot of each dev-corpus document (one page per document keeps the suite quick on two cores). */
function corpusPages(): Page[] {
  if (!hasCorpus('dev')) return [];
  const dir = corpusDir('dev');
  const rows = readFileSync(join(dir, 'documents.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows.flatMap((row) => {
    const [doc = '', url = ''] = row.split('\t');
    const latest = readdirSync(join(dir, doc)).filter((f) => f.endsWith('.html')).sort().at(-1);
    return latest ? [{ name: `${doc}/${latest}`, url, html: readFileSync(join(dir, doc, latest), 'utf8') }] : [];
  });
}

function markdownOf(page: Page, html: string): string {
  const result = extract({ body: html, format: 'html', url: page.url, doc: { id: 'p', remove: [] } });
  expect(judgeContent({ ...result.signals, markdown: result.markdown }).kind, `${page.name}: perturbed page rejected as not the document`).toBe('document');
  return result.markdown;
}

/** Pages each perturbation applied to, filled while the tests are collected. */
const appliedTo = new Map<string, string[]>();

function perturbationTests(page: Page): void {
  it('has content to perturb', () => {
    expect(markdownOf(page, page.html).length).toBeGreaterThan(200);
  });
  for (const [expected, perturbations] of KINDS) {
    for (const p of perturbations) {
      const original = p.before ? p.before(page.html) : page.html;
      const perturbed = original === undefined ? undefined : p.apply(page.html);
      // Nothing on this page to perturb (no table to page, no date to restyle): no test, and none is counted.
      if (original === undefined || perturbed === undefined) continue;
      expect(perturbed, `${p.name} returned the page unchanged on ${page.name}`).not.toBe(original);
      appliedTo.set(p.name, [...(appliedTo.get(p.name) ?? []), page.name]);
      it(`${expected}: ${p.name}`, () => {
        const verdict = classify(markdownOf(page, original), markdownOf(page, perturbed));
        const shown = verdict.diff ? renderDiffText(verdict.diff).slice(0, 1500) : '';
        expect(verdict.kind, `${page.name} / ${p.name}\n${shown}`).toBe(expected);
      });
    }
  }
}

for (const page of FIXTURES) describe(`noise robustness: ${page.name}`, () => perturbationTests(page));

describeWithCorpus('noise robustness on the dev corpus', ['dev'], () => {
  for (const page of corpusPages()) describe(page.name, () => perturbationTests(page));
});

describe('perturbation coverage', () => {
  const all = KINDS.flatMap(([kind, ps]) => ps.map((p) => [kind, p.name] as const));
  const pages = FIXTURES.length + corpusPages().length;
  console.log(`noise-robustness: ${all.length} perturbations, ${[...appliedTo.values()].reduce((n, v) => n + v.length, 0)} applied over ${pages} pages`);
  for (const [kind, name] of all) {
    it(`${kind} perturbation applies to at least one page: ${name}`, () => {
      expect(appliedTo.get(name) ?? [], `"${name}" changed no page: it tests nothing`).not.toEqual([]);
    });
  }
});
