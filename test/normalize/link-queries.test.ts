import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { classify } from '../../src/diff/index.ts';
import { extract, normalizeUrl } from '../../src/normalize/index.ts';

/**
 * Rotating tokens in link queries (src/normalize/urls.ts), from URLs of our own (test/fixtures/noise/link-queries.yaml):
 * decided by the shape of the values, never by a parameter name.
 */

const Pair = z.object({ name: z.string(), a: z.string(), b: z.string(), stored: z.string().optional() }).strict();
const table = z.object({ same: z.array(Pair).min(8), different: z.array(Pair).min(8) }).strict()
  .parse(parse(readFileSync(join(import.meta.dirname, '../fixtures/noise/link-queries.yaml'), 'utf8')));

const BASE = 'https://www.example.com/legal/privacy';
const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;');

function markdown(href: string, shown: 'text' | 'url'): string {
  const text = shown === 'url' ? escape(href) : 'the document we refer to';
  const html = `<!doctype html><html><body><main><h1>Privacy Policy</h1>
<p>We explain how we use your data in plain words, and for how long we keep each kind of information we collect.</p>
<p>For details, see <a href="${escape(href)}">${text}</a>.</p></main></body></html>`;
  return extract({ body: html, format: 'html', url: BASE, doc: { id: 't' } }).markdown;
}

describe('a change confined to rotating tokens in a link query is noise', () => {
  for (const pair of table.same) {
    it(pair.name, () => {
      const [a, b] = [normalizeUrl(pair.a, BASE), normalizeUrl(pair.b, BASE)];
      expect(a).toBe(b);
      if (pair.stored) expect(a).toBe(pair.stored);
      expect(classify(markdown(pair.a, 'text'), markdown(pair.b, 'text')).kind).toBe('noise');
    });
  }
});

describe('a change of target stays a change', () => {
  for (const pair of table.different) {
    it(pair.name, () => {
      expect(normalizeUrl(pair.a, BASE)).not.toBe(normalizeUrl(pair.b, BASE));
      // Behind link text a target is presentation; shown as the link text it is words.
      expect(classify(markdown(pair.a, 'text'), markdown(pair.b, 'text')).kind).toBe('formatting');
      expect(classify(markdown(pair.a, 'url'), markdown(pair.b, 'url')).kind).toBe('substantive');
    });
  }
});
