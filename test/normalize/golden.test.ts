import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { judgeContent } from '../../src/gate/index.ts';
import { explain, extract, RULES_VERSION } from '../../src/normalize/index.ts';
import type { Explanation, Extraction } from '../../src/normalize/index.ts';
import { classify } from '../../src/diff/index.ts';
import { mismatch, readJson, stale, UPDATING, writeJson } from './fingerprint.ts';

/**
 * Golden files: realistic pages of each kind (modelled on the real ones) and the Markdown they must give, recorded
 * with the rules version and what each rule removed (golden.json). A rule change that alters any output fails here:
 * with a version bump, review the diff and run UPDATE_GOLDEN=1; without one, bump the rule's version first.
 */

const dir = join(import.meta.dirname, '../fixtures/pages');
const stampPath = join(dir, 'golden.json');
const pages = [
  { name: 'legal-page', url: 'https://www.anthropic.com/legal/consumer-terms' },
  { name: 'help-intercom-article', url: 'https://privacy.claude.com/en/articles/7996866' },
  { name: 'help-docs-article', url: 'https://privacy.claude.com/en/articles/7996866' },
  { name: 'mintlify-docs', url: 'https://code.claude.com/docs/en/data-usage' },
  { name: 'trust-portal', url: 'https://trust.anthropic.com/subprocessors' },
] as const;

interface Stamp {
  rulesVersion: string;
  /** Characters each rule removed from the page (rules that removed nothing are left out). */
  removed: Record<string, number>;
}

function run(name: string, url: string): Extraction {
  return extract({ body: readFileSync(join(dir, `${name}.html`), 'utf8'), format: 'html', url, doc: { id: name, remove: [] } });
}

function removedByRule(e: Explanation): Record<string, number> {
  return Object.fromEntries(e.rules.filter((r) => r.removedChars > 0).map((r) => [r.id, r.removedChars]));
}

/** Which rules removed more or less than when the golden was recorded: where to look, and which version to bump. */
function moved(before: Record<string, number>, after: Record<string, number>): string {
  const ids = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  const changes = ids.filter((id) => before[id] !== after[id]).map((id) => `${id} ${before[id] ?? 0} → ${after[id] ?? 0} characters`);
  return changes.length ? `\nrules that now remove a different amount: ${changes.join('; ')}` : '';
}

describe('golden Markdown per page kind', () => {
  const stamps = readJson<Record<string, Stamp>>(stampPath, {});

  for (const { name, url } of pages) {
    it(`${name} gives its golden Markdown, under the rules version it was recorded with`, () => {
      const e = explain({ body: readFileSync(join(dir, `${name}.html`), 'utf8'), format: 'html', url, doc: { id: name, remove: [] } });
      const golden = join(dir, `${name}.md`);
      const recorded = existsSync(golden) ? readFileSync(golden, 'utf8') : undefined;
      const stamp = stamps[name];
      const changed = e.extraction.markdown !== recorded;
      const message = mismatch(`the Markdown of ${name}`, stamp?.rulesVersion, moved(stamp?.removed ?? {}, removedByRule(e)));
      if (UPDATING && (!changed || stamp?.rulesVersion !== RULES_VERSION)) {
        writeFileSync(golden, e.extraction.markdown);
        stamps[name] = { rulesVersion: RULES_VERSION, removed: removedByRule(e) };
        writeJson(stampPath, stamps);
      } else {
        expect(e.extraction.markdown, message).toBe(recorded);
        expect(stamp?.rulesVersion, stale(`the golden Markdown of ${name}`, stamp?.rulesVersion)).toBe(RULES_VERSION);
      }
      expect(judgeContent({ ...e.extraction.signals, markdown: e.extraction.markdown }).kind).toBe('document');
      expect(e.extraction.selectorFallback).toBe(false);
    });

    it(`${name} is deterministic`, () => {
      expect(run(name, url)).toEqual(run(name, url));
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
    expect(run('legal-page', pages[0].url)).toMatchObject({ title: 'Consumer Terms of Service', effectiveDate: '2025-02-24' });
    expect(run('trust-portal', pages[4].url)).toMatchObject({ effectiveDate: '2026-03-03' });
  });
});
