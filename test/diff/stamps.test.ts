import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { classify, renderDiffText, setAsideStamps } from '../../src/diff/index.ts';
import { extract } from '../../src/normalize/index.ts';

/**
 * The stamp-lines classification rule (src/diff/rules.ts) through extraction and classification, from cases of our
 * own (test/fixtures/noise/stamps.yaml).
 */

const table = z
  .object({
    article: z.string(),
    cases: z.array(z.object({ name: z.string(), a: z.string(), b: z.string(), kind: z.enum(['noise', 'formatting', 'substantive']) }).strict()).min(12),
  })
  .strict()
  .parse(parse(readFileSync(join(import.meta.dirname, '../fixtures/noise/stamps.yaml'), 'utf8')));

function markdown(main: string): string {
  const body = main.replace('<ARTICLE_H3>', table.article.replace(/h2>/g, 'h3>')).replace('<ARTICLE>', table.article);
  const html = `<!doctype html><html><body><main>${body}</main></body></html>`;
  return extract({ body: html, format: 'html', url: 'https://help.example.org/articles/1', doc: { id: 't' } }).markdown;
}

describe('date stamps that come, go, move or are re-dated while the text stays', () => {
  for (const c of table.cases) {
    it(`${c.kind}: ${c.name}`, () => {
      for (const [a, b] of [[c.a, c.b], [c.b, c.a]] as const) {
        const result = classify(markdown(a), markdown(b));
        expect(result.kind, result.diff ? renderDiffText(result.diff) : '').toBe(c.kind);
        if (c.kind === 'noise') expect(result.rule).toBe('stamp-lines');
      }
    });
  }
});

describe('setAsideStamps', () => {
  it('sets aside only the stamp and keeps the rest of its line', () => {
    const s = setAsideStamps('# Terms\n\n_Effective: 2026-04-04 ([previous version](https://x.example/p))_\n\nUpdated: 2026-01-02 · 3 min read\n\nEffective 2026-01-01, we no longer sell data.\n');
    expect(s.text).toBe('# Terms\n\n_ ([previous version](https://x.example/p))_\n\n3 min read\n\nEffective 2026-01-01, we no longer sell data.');
    expect(s.effective).toEqual(['2026-04-04']);
    expect(s.dates).toEqual(['2026-04-04', '2026-01-02']);
  });
});

describe('a line without a digit holds no stamp', () => {
  // setAsideStamps passes such lines by without scanning them: every date form it reads has a digit.
  it('keeps label lines and month names without a number, and sets aside the same words with one', () => {
    const lines = ['Last updated: January', 'Effective date: soon', '**Updated** · Sept.', 'This policy was last revised in March.'];
    expect(setAsideStamps(lines.join('\n\n')).dates).toEqual([]);
    expect(setAsideStamps(lines.join('\n\n')).text).toBe(lines.join('\n\n'));
    const dated = ['Last updated: January 2026', 'Effective date: 2026-01-05', '**Updated:** Sept. 3, 2025', 'This policy was last revised on 2026-03-01.'];
    expect(setAsideStamps(dated.join('\n\n')).dates).toHaveLength(4);
  });
});
