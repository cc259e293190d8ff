import { describe, expect, it } from 'vitest';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { runCli } from '../support/cli.ts';
import { withTempDir } from '../support/temp-dir.ts';
import { createFsStore } from '../../src/store/index.ts';
import { extract, RULE_IDS, RULES_VERSION } from '../../src/normalize/index.ts';
import type { Explanation } from '../../src/normalize/index.ts';
import { sha256 } from '../../src/shared/hash.ts';

/** `policywatch explain` through the in-process CLI, on a stored snapshot, a raw file and a corpus snapshot. */

const URL = 'https://www.example.com/legal/privacy';
const prose = 'We keep deleted conversations for 30 days in our back-end systems before they are erased for good.';
const page = `<!doctype html><html><head><title>Privacy Policy | Example</title></head><body>
<div class="fixed bottom-0"><p>We use cookies to improve our services and analyze site usage.</p><button>Reject all</button><button>Accept all cookies</button></div>
<header><a href="/">Example</a><nav><a href="/a">Products</a><a href="/b">Pricing</a></nav></header>
<main><div class="wrap"><h1>Privacy Policy</h1><p>Last updated: March 3, 2026</p><p>${prose}</p>
<p>We review this policy every year and describe every category of data we collect, why we collect it, and for how long we keep it.</p>
<p>Read our <a href="/cookies?utm_source=mail&amp;id=7">cookie notice</a>.</p>
<div><p>Was this page helpful?</p><button>Yes</button><button>No</button></div></div></main>
<footer><a href="/terms">Terms</a> © 2026 Example Inc.</footer></body></html>`;

interface Json extends Explanation {
  source: { kind: string; url: string; urlFrom: string; configured: boolean; docId?: string };
  verdict: { kind: string };
}

async function configIn(root: string, documents: string): Promise<void> {
  await mkdir(join(root, 'config', 'documents'), { recursive: true });
  await writeFile(join(root, 'config', 'documents', 'a.yaml'), `documents:\n${documents}`);
}

describe('policywatch explain', () => {
  it('explains a raw HTML file given its URL: Markdown, removals by rule, content root, date, verdict', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'page.html'), page);
      const { code, stdout } = await runCli(['explain', 'page.html', '--url', URL], { cwd: dir });
      expect(code).toBe(0);
      const markdown = extract({ body: page, format: 'html', url: URL, doc: { id: 'page', remove: [] } }).markdown;
      expect(stdout.startsWith(`── Markdown: ${markdown.length} characters`)).toBe(true);
      expect(stdout).toContain(markdown.trimEnd());
      expect(stdout).toContain('[cookie notice](https://www.example.com/cookies?id=7)');
      expect(stdout).toMatch(/base URL +https:\/\/www\.example\.com\/legal\/privacy \(from --url\)/);
      expect(stdout).toMatch(/the document\? +yes/);
      expect(stdout).toMatch(/effective date +2026-03-03 \(from the text\)/);
      expect(stdout).toMatch(/Content root ─+\n {2}<div\.wrap>: \d+ of the \d+ characters/);
      expect(stdout).toMatch(/root-landmark +landmark <main> holds/);
      // Each rule that removed something, with its description and the text it removed.
      expect(stdout).toMatch(/prune +consent-banners +\d+ chars in 1 block\(s\)\n +drops the block around a consent button[^\n]*\n +- +\d+ +<div\.fixed>: "We use cookies to improve our services/);
      expect(stdout).toMatch(/chrome-landmarks[\s\S]*<footer>: "Terms © 2026 Example Inc\."/);
      expect(stdout).toMatch(/action-buttons[\s\S]*<button>: "Yes"[\s\S]*widget-phrases +22 chars in 1 block\(s\)[\s\S]*<div>: "Was this page helpful\?"/);
      expect(stdout).toMatch(/canonical-dates +1 distinct rewrite\(s\)[^\n]*\n +"[^"]*March 3, 2026" → "[^"]*2026-03-03"/);
      expect(stdout).toMatch(/link-targets[\s\S]*"https:\/\/www\.example\.com\/cookies\?utm_source=mail&id=7" → "https:\/\/www\.example\.com\/cookies\?id=7"/);
      expect(stdout).toMatch(/total: [\d,]+ characters of text in \d+ blocks/);
    });
  });

  it('prints everything as JSON: every rule in run order, the removals, the root steps and the fingerprint', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'page.html'), page);
      const { code, stdout } = await runCli(['explain', 'page.html', '--url', URL, '--json'], { cwd: dir });
      expect(code).toBe(0);
      const json = JSON.parse(stdout) as Json;
      expect(json.rulesVersion).toBe(RULES_VERSION);
      expect(json.rules.map((r) => r.id)).toEqual(RULE_IDS);
      expect(json.source).toMatchObject({ kind: 'file', url: URL, urlFrom: '--url', configured: false });
      const consent = json.rules.find((r) => r.id === 'consent-banners');
      expect(consent?.removed).toEqual([expect.objectContaining({ element: '<div.fixed>', chars: consent?.removedChars })]);
      expect(consent?.removed[0]?.text).toMatch(/^We use cookies to improve our services and analyze site usage\. Reject all Accept all cookies$/);
      expect(json.root.steps.map((s) => s.rule)).toEqual(['root-landmark', 'root-narrow']);
      expect(json.root.element).toBe('<div.wrap>');
      expect(json.effectiveDate).toEqual({ date: '2026-03-03', from: 'text' });
      expect(json.verdict).toEqual({ kind: 'document' });
    });
  });

  it('reads a corpus snapshot with the URL from documents.tsv beside its folder, and says when it is not the document', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'corpus', 'privacy'), { recursive: true });
      await writeFile(join(dir, 'corpus', 'documents.tsv'), `doc\turl\tfamily\nprivacy\t${URL}\tlegal-page\n`);
      await writeFile(join(dir, 'corpus', 'privacy', '2026-03-02T233043Z.html'), page);
      const error = '<html><head><title>404 - Page not found</title></head><body><main><h1>Page not found</h1><p>Sorry.</p></main></body></html>';
      await writeFile(join(dir, 'corpus', 'privacy', '2026-03-03T233043Z.html'), error);
      const ok = await runCli(['explain', join('corpus', 'privacy', '2026-03-02T233043Z.html'), '--json'], { cwd: dir });
      expect(ok.code).toBe(0);
      expect((JSON.parse(ok.stdout) as Json).source).toMatchObject({ url: URL, urlFrom: 'documents.tsv', configured: false });
      const bad = await runCli(['explain', join('corpus', 'privacy', '2026-03-03T233043Z.html')], { cwd: dir });
      expect(bad.code).toBe(0);
      expect(bad.stdout).toMatch(/the document\? +NO: error-page: the page is an error page/);
    });
  });

  it('explains a configured document from its stored raw page, with its config (disabled rules shown as such)', async () => {
    await withTempDir(async (root) => {
      await configIn(root, `  - id: privacy\n    title: Privacy\n    url: ${URL}\n    disable: [widget-phrases]\n`);
      const store = createFsStore(join(root, 'snapshots'));
      const finalUrl = 'https://www.example.com/legal/privacy-policy';
      await store.writeSnapshot(
        {
          markdown: 'old',
          meta: {
            docId: 'privacy', url: URL, finalUrl, fetchedAt: '2026-03-02T23:30:43.000Z', status: 200, contentHash: sha256('old'),
            kind: 'first', via: 'http', toolVersion: '0', rulesVersion: 'r',
          },
        },
        page,
      );
      const { code, stdout } = await runCli(['explain', 'privacy', '--json'], { cwd: root });
      expect(code).toBe(0);
      const json = JSON.parse(stdout) as Json;
      expect(json.source).toMatchObject({ kind: 'stored', docId: 'privacy', url: finalUrl, urlFrom: 'the stored snapshot', configured: true });
      expect(json.rules.find((r) => r.id === 'widget-phrases')).toMatchObject({ enabled: false, removed: [] });
      expect(json.extraction.markdown).toContain('Was this page helpful?');

      const text = await runCli(['explain', 'privacy'], { cwd: root });
      expect(text.stdout).toMatch(/disabled here: widget-phrases/);
      expect(text.stdout).toMatch(/Disabled for this document \(config `disable:`\) ─+\n {2}widget-phrases/);

      // The raw page as a file in its snapshot folder resolves to the same document and URL.
      await writeFile(join(root, 'snapshots', 'privacy', 'copy.html.gz'), gzipSync(page));
      const file = await runCli(['explain', join('snapshots', 'privacy', 'copy.html.gz'), '--json'], { cwd: root });
      expect((JSON.parse(file.stdout) as Json).source).toMatchObject({ kind: 'file', docId: 'privacy', url: finalUrl, configured: true });
    });
  });

  it('prints page text safely: no escape sequences, and secrets of the environment redacted', async () => {
    await withTempDir(async (dir) => {
      const secret = 'ghp_abcdefghijklmnopqrstuvwxyz0123456789';
      const hostile = page.replace('<title>Privacy Policy | Example</title>', `<title>Privacy&#27;]0;pwned&#7; ${secret}</title>`);
      await writeFile(join(dir, 'page.html'), hostile);
      for (const args of [[], ['--json']]) {
        const { code, stdout } = await runCli(['explain', 'page.html', '--url', URL, ...args], { cwd: dir, env: { GITHUB_TOKEN: secret } });
        expect(code).toBe(0);
        // eslint-disable-next-line no-control-regex -- asserting that control characters are gone
        expect(stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
        expect(stdout).not.toContain(secret);
        expect(stdout).not.toContain(']0;pwned');
        expect(stdout).toContain('Privacy');
      }
    });
  });

  it('says what to do when it cannot explain: unknown id, nothing stored yet, a file of unknown address', async () => {
    await withTempDir(async (root) => {
      await configIn(root, `  - id: privacy\n    title: Privacy\n    url: ${URL}\n`);
      const unknown = await runCli(['explain', 'privcy'], { cwd: root });
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toMatch(/"privcy" is neither a file nor a configured document id[\s\S]*known ids: privacy/);
      const missing = await runCli(['explain', 'privacy'], { cwd: root });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/no stored raw page for "privacy"[\s\S]*policywatch check --only privacy/);
      await writeFile(join(root, 'saved.html'), page);
      const nameless = await runCli(['explain', 'saved.html'], { cwd: root });
      expect(nameless.code).toBe(2);
      expect(nameless.stderr).toMatch(/saved\.html: cannot tell which page this is[\s\S]*--url/);
      const badUrl = await runCli(['explain', 'saved.html', '--url', 'example.com'], { cwd: root });
      expect(badUrl.code).toBe(2);
      expect(badUrl.stderr).toMatch(/"example\.com" is not an absolute http\(s\) URL/);
    });
  });
});
