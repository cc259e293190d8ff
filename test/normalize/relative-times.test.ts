import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { classify } from '../../src/diff/index.ts';
import { extract, isRelativeTime } from '../../src/normalize/index.ts';

/**
 * Relative time stamps as a grammar (src/normalize/relative-time.ts), from a table of our own
 * (test/fixtures/noise/relative-times.yaml): each stamp in four placements goes, two stamps give the same Markdown,
 * and prose with the same words stays word for word.
 */

const Table = z.object({ stamps: z.array(z.string()).min(40), prose: z.array(z.string()).min(20), standalone: z.array(z.string()) }).strict();
const table = Table.parse(parse(readFileSync(join(import.meta.dirname, '../fixtures/noise/relative-times.yaml'), 'utf8')));

const BODY = `<p>We keep the conversations you delete in our backups for no longer than thirty days, and then remove them from every system we run.</p>
<p>You can ask us for a copy of your data at any time from the settings page of your account.</p>`;

const PLACEMENTS: Record<string, (stamp: string) => string> = {
  'own line': (s) => `<p>${s}</p>`,
  'byline segment': (s) => `<div class="byline"><span>Written by Ana Pereira</span> · <span>${s}</span></div>`,
  'time element': (s) => `<p><time datetime="2026-05-09T08:30:00Z">${s}</time></p>`,
  'block under the title': (s) => `<div><div><span>${s}</span></div></div>`,
};

function page(under: string, body = BODY): string {
  return `<!doctype html><html><head><title>Help</title></head><body><main><article><h1>Deleting your data</h1>${under}${body}</article></main></body></html>`;
}

const markdown = (html: string): string => extract({ body: html, format: 'html', url: 'https://help.example.org/a/1', doc: { id: 't' } }).markdown;
const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const words = (s: string): string => s.replace(/[^\p{L}\p{N}]+/gu, ' ').trim().toLowerCase();

describe('relative time stamps go wherever they stand alone', () => {
  const plain = markdown(page(''));
  for (const [where, place] of Object.entries(PLACEMENTS)) {
    describe(where, () => {
      for (const stamp of table.stamps) {
        it(stamp, () => {
          const md = markdown(page(place(escape(stamp))));
          const expected = where === 'byline segment' ? markdown(page(place('').replace(/ · <span><\/span>/, ''))) : plain;
          expect(md).toBe(expected);
        });
      }
    });
  }

  it('one stamp becoming another is noise ("22 hours ago" becoming "yesterday", a week later, another wording)', () => {
    for (let i = 0; i + 1 < table.stamps.length; i++) {
      const a = markdown(page(`<p>${escape(table.stamps[i]!)}</p>`));
      const b = markdown(page(`<div><span>${escape(table.stamps[i + 1]!)}</span></div>`));
      expect(classify(a, b).kind, `${table.stamps[i]} → ${table.stamps[i + 1]}`).toBe('noise');
    }
  });

  it('every stamp is recognized as a whole (a <time> element\'s text)', () => {
    expect(table.stamps.filter((s) => !isRelativeTime(s))).toEqual([]);
  });
});

describe('prose with relative words stays word for word', () => {
  for (const sentence of table.prose) {
    it(sentence, () => {
      const md = markdown(page(`<p>${escape(sentence)}</p>`));
      expect(words(md)).toContain(words(sentence));
      expect(isRelativeTime(sentence)).toBe(false);
    });
  }

  it('short texts standing alone stay: headings, table cells, link texts', () => {
    const headings = table.standalone.map((t) => `<h2>${t}</h2><p>${t} is the heading of this part of the policy, which says what we keep and for how long.</p>`).join('');
    const cells = `<table><tr><th>Cookie</th><th>Duration</th></tr>${table.standalone.map((t, i) => `<tr><td>cookie_${i}</td><td>${t}</td></tr>`).join('')}</table>`;
    const links = `<p>${table.standalone.map((t, i) => `See <a href="/a/${i + 2}">${t}</a>.`).join(' ')}</p>`;
    const md = markdown(page('', `${BODY}${headings}${cells}${links}`));
    for (const [i, t] of table.standalone.entries()) {
      expect(md).toContain(`## ${t}\n`);
      expect(md).toContain(`| cookie_${i} | ${t} |`);
      expect(md).toContain(`[${t}](https://help.example.org/a/${i + 2})`);
    }
  });
});
