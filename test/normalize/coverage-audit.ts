/**
 * Coverage audit (a diagnostic, not a test): which sentences of a page's visible main text are missing from the
 * extracted Markdown? A rule that drops real policy text hides every future change to it, so each dropped sentence
 * must be chrome.
 *
 * The reference text is computed independently of src/normalize: cheerio, scripts/styles/nav/header/footer cut,
 * the largest <main>/<article> (else <body>), block elements split into lines, lines into sentences.
 *
 *   npx tsx test/normalize/coverage-audit.ts [corpusDir] [--all]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { extract } from '../../src/normalize/index.ts';
import { canonicalizeDates } from '../../src/normalize/index.ts';

const BLOCK = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'table', 'tr', 'td', 'th', 'section', 'article',
  'main', 'blockquote', 'pre', 'br', 'dd', 'dt', 'dl', 'details', 'summary', 'figure', 'figcaption', 'hr', 'address',
]);

function blockText($: CheerioAPI, root: AnyNode): string[] {
  const out: string[] = [];
  let line = '';
  const flush = (): void => {
    const t = line.replace(/\s+/g, ' ').trim();
    if (t) out.push(t);
    line = '';
  };
  const walk = (n: AnyNode): void => {
    if (n.type === 'text') {
      line += ` ${(n as unknown as { data: string }).data}`;
      return;
    }
    if (n.type !== 'tag') return;
    const block = BLOCK.has(n.name);
    if (block) flush();
    for (const c of n.children) walk(c);
    if (block) flush();
  };
  walk(root);
  flush();
  void $;
  return out;
}

function reference(html: string): string[] {
  const $ = load(html);
  $('script,style,noscript,template,svg,nav,header,footer,[hidden]:not([id^="S:"])').remove();
  // Text only screen readers get ("Opens in new tab") is not what a reader sees.
  $('[class]').filter((_, el) => {
    const tokens = (el.attribs.class ?? '').split(/\s+/);
    return tokens.some((t) => /^(?:sr-only|visually-hidden|screen-reader-text)$/.test(t)) && !tokens.some((t) => /^(?:sm|md|lg|xl):not-sr-only$/.test(t));
  }).filter((_, el) => $(el).text().trim().length <= 200).remove();
  const landmarks = $('main,article,[role=main]').toArray();
  const sized = landmarks.map((el) => ({ el, n: $(el).text().length })).sort((a, b) => b.n - a.n);
  const body = $('body')[0] ?? $.root()[0]!;
  const root = sized[0] && sized[0].n > $(body).text().length * 0.25 ? sized[0].el : body;
  return blockText($, root).flatMap((l) => l.split(/(?<=[.!?:;])\s+(?=[A-Z"“(0-9])/));
}

function fold(text: string): string {
  return canonicalizeDates(text)
    .replace(/\]\([^)]*\)/g, ']')
    .replace(/[‘’‚′`]/g, "'")
    .replace(/[“”„″]/g, '"')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export interface AuditResult {
  sentences: number;
  dropped: string[];
}

export function audit(html: string, url: string): AuditResult {
  const markdown = fold(extract({ body: html, format: 'html', url, doc: { id: 'audit', remove: [] } }).markdown);
  const sentences = reference(html).filter((s) => s.split(/\s+/).length >= 6);
  // Cloudflare-obfuscated addresses read "[email protected]" in the raw page and are decoded in the Markdown.
  const dropped = sentences.filter((s) => !s.split(/\[email\s+protected\]/).every((part) => markdown.includes(fold(part))));
  return { sentences: sentences.length, dropped: [...new Set(dropped)] };
}

function report(name: string, html: string, url: string): void {
  const { sentences, dropped } = audit(html, url);
  console.log(`\n== ${name}: ${dropped.length} of ${sentences} sentences dropped`);
  for (const s of dropped) console.log(`   - ${s.slice(0, 240)}`);
}

const args = process.argv.slice(2);
const corpus = args.find((a) => !a.startsWith('--')) ?? '../shared/corpus/dev';
const all = args.includes('--all');
const fixtures = join(import.meta.dirname, '../fixtures/pages');
for (const file of readdirSync(fixtures).filter((f) => f.endsWith('.html')).sort()) {
  report(`fixture ${file}`, readFileSync(join(fixtures, file), 'utf8'), 'https://www.example.com/x');
}
const tsv = readFileSync(join(corpus, 'documents.tsv'), 'utf8').trim().split('\n').slice(1);
for (const row of tsv) {
  const [doc, url] = row.split('\t');
  if (!doc || !url) continue;
  const files = readdirSync(join(corpus, doc)).filter((f) => f.endsWith('.html')).sort();
  const picked = all ? files : [...new Set([files[0], files[files.length - 1]])];
  for (const f of picked) if (f) report(`${doc}/${f}`, readFileSync(join(corpus, doc, f), 'utf8'), url);
}
