import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classify, renderDiffText } from '../../src/diff/index.ts';
import type { ChangeKind } from '../../src/diff/index.ts';
import { judgeContent } from '../../src/gate/index.ts';
import { extract } from '../../src/normalize/index.ts';
import type { Perturbation } from './perturb.ts';
import { formattingPerturbations, hiddenRowEdits, substantivePerturbations as edits, tablePageTurns } from './perturbations-change.ts';
import { noisePerturbations as noiseOnly } from './perturbations-noise.ts';

const noisePerturbations = [...noiseOnly, ...tablePageTurns];
const substantivePerturbations = [...edits, ...hiddenRowEdits];

/**
 * Generality of the extraction rules: real pages (the dev corpus, when it sits beside the project) and the committed
 * fixtures, each perturbed the way pages of these families really change between fetches. A noise perturbation that
 * gives a substantive (or formatting) change is a false alert; a substantive one that gives noise is a missed change.
 */

interface Page {
  name: string;
  url: string;
  html: string;
}

const fixtures = join(import.meta.dirname, '../fixtures/pages');
const FIXTURES: { name: string; url: string }[] = [
  { name: 'legal-page', url: 'https://www.anthropic.com/legal/consumer-terms' },
  { name: 'help-intercom-article', url: 'https://privacy.claude.com/en/articles/7996866' },
  { name: 'help-docs-article', url: 'https://privacy.claude.com/en/articles/7996866' },
  { name: 'mintlify-docs', url: 'https://code.claude.com/docs/en/data-usage' },
  { name: 'trust-portal', url: 'https://trust.anthropic.com/subprocessors' },
];

const corpus = resolve(import.meta.dirname, '../../../shared/corpus/dev');
const haveCorpus = existsSync(join(corpus, 'documents.tsv'));
if (!haveCorpus) console.warn(`noise-robustness: corpus pages skipped, no corpus at ${corpus}; the committed fixtures still run`);

/** The latest snapshot of each corpus document (one page per document keeps the suite quick on two cores). */
function corpusPages(): Page[] {
  if (!haveCorpus) return [];
  const rows = readFileSync(join(corpus, 'documents.tsv'), 'utf8').trim().split('\n').slice(1);
  return rows.flatMap((row) => {
    const [doc = '', url = ''] = row.split('\t');
    const files = readdirSync(join(corpus, doc)).filter((f) => f.endsWith('.html')).sort();
    const picks = [files[files.length - 1]].filter((f): f is string => f !== undefined);
    return picks.map((f) => ({ name: `${doc}/${f}`, url, html: readFileSync(join(corpus, doc, f), 'utf8') }));
  });
}

const pages: Page[] = [
  ...FIXTURES.map(({ name, url }) => ({ name: `fixture ${name}`, url, html: readFileSync(join(fixtures, `${name}.html`), 'utf8') })),
  ...corpusPages(),
];

function markdownOf(page: Page, html: string): string {
  const result = extract({ body: html, format: 'html', url: page.url, doc: { id: 'p', remove: [] } });
  expect(judgeContent({ ...result.signals, markdown: result.markdown }).kind, `${page.name}: perturbed page rejected as not the document`).toBe('document');
  return result.markdown;
}

const applied = new Set<string>();

function check(page: Page, p: Perturbation, expected: ChangeKind): void {
  const original = p.before ? p.before(page.html) : page.html;
  const perturbed = original === undefined ? undefined : p.apply(page.html);
  if (original === undefined || perturbed === undefined) return; // nothing on this page to perturb
  applied.add(p.name);
  const verdict = classify(markdownOf(page, original), markdownOf(page, perturbed));
  const shown = verdict.diff ? renderDiffText(verdict.diff).slice(0, 1500) : '';
  expect(verdict.kind, `${page.name} / ${p.name}\n${shown}`).toBe(expected);
}

describe.each(pages)('noise robustness: $name', (page) => {
  it('has content to perturb', () => {
    expect(markdownOf(page, page.html).length).toBeGreaterThan(200);
  });
  it.each(noisePerturbations.map((p) => [p.name, p] as const))('noise: %s', (_name, p) => check(page, p, 'noise'));
  it.each(formattingPerturbations.map((p) => [p.name, p] as const))('formatting: %s', (_name, p) => check(page, p, 'formatting'));
  it.each(substantivePerturbations.map((p) => [p.name, p] as const))('substantive: %s', (_name, p) => check(page, p, 'substantive'));
});

describe('perturbation coverage', () => {
  // Runs after the per-page tests (tests in a file run in order); a filtered run (-t) applies nothing and skips it.
  it('applied every perturbation to at least one page', (ctx) => {
    if (applied.size === 0) ctx.skip();
    const all = [...noisePerturbations, ...formattingPerturbations, ...substantivePerturbations].map((p) => p.name);
    expect(all.filter((name) => !applied.has(name))).toEqual([]);
    console.log(`noise-robustness: ${all.length} perturbations (${noisePerturbations.length} noise, ${formattingPerturbations.length} formatting, ${substantivePerturbations.length} substantive) on ${pages.length} pages`);
  });
});
