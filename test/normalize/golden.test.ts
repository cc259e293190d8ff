import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeContent } from '../../src/gate/index.ts';
import { extract } from '../../src/normalize/index.ts';
import type { Extraction } from '../../src/normalize/index.ts';
import { classify } from '../../src/diff/index.ts';

/**
 * Golden files: realistic pages of each family (modelled on the real ones) and the Markdown they must give.
 * A rule change that alters any output fails here; review the diff, then run with UPDATE_GOLDEN=1 and bump
 * RULES_VERSION.
 */

const dir = join(import.meta.dirname, '../fixtures/pages');
const pages = [
  { name: 'legal-page', url: 'https://www.anthropic.com/legal/consumer-terms' },
  { name: 'help-intercom-article', url: 'https://privacy.claude.com/en/articles/7996866' },
  { name: 'help-docs-article', url: 'https://privacy.claude.com/en/articles/7996866' },
  { name: 'mintlify-docs', url: 'https://code.claude.com/docs/en/data-usage' },
  { name: 'trust-portal', url: 'https://trust.anthropic.com/subprocessors' },
] as const;

function run(name: string, url: string): Extraction {
  const body = readFileSync(join(dir, `${name}.html`), 'utf8');
  return extract({ body, format: 'html', url, doc: { id: name, remove: [] } });
}

describe('golden Markdown per page family', () => {
  for (const { name, url } of pages) {
    it(`${name} gives its golden Markdown`, () => {
      const result = run(name, url);
      const golden = join(dir, `${name}.md`);
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, result.markdown);
      expect(existsSync(golden), `${golden} is missing: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(result.markdown).toBe(readFileSync(golden, 'utf8'));
      expect(judgeContent({ ...result.signals, markdown: result.markdown }).kind).toBe('document');
      expect(result.selectorFallback).toBe(false);
    });

    it(`${name} is deterministic`, () => {
      const a = run(name, url);
      const b = run(name, url);
      expect(b).toEqual(a);
    });
  }

  it('gives the same Markdown for the old Intercom layout and the new Docs layout of one article', () => {
    const old = run('help-intercom-article', pages[1].url);
    const next = run('help-docs-article', pages[2].url);
    expect(next.markdown).toBe(old.markdown);
    expect(classify(old.markdown, next.markdown).kind).toBe('noise');
    expect(next.effectiveDate).toBe('2025-09-28');
  });

  it('reads titles and effective dates', () => {
    expect(run('legal-page', pages[0].url)).toMatchObject({
      title: 'Consumer Terms of Service',
      effectiveDate: '2025-02-24',
    });
    expect(run('trust-portal', pages[4].url)).toMatchObject({ effectiveDate: '2026-03-03' });
  });
});
