import { beforeEach, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { annotations } from '../../src/publish/index.ts';
import type { FakeGithub } from '../support/github-server.ts';
import type { TestSmtpServer } from '../support/smtp-server.ts';
import { runCli } from '../support/cli.ts';
import { FAST_APP } from '../support/app.ts';
import { articleHtml, type TestSite } from '../run/harness.ts';
import { useFullStack } from './stack.ts';

/**
 * Issue 15, items 3-5: page text reaching every output of a real run (issue, email, stdout, stderr, job summary,
 * annotations), with the page served over local HTTP and the run driven through the CLI as the workflow does.
 */

const KEY = 'untrusted-test-subscribers-key-0123456789';
const TOKEN = `ghp_${'aB3'.repeat(12)}`; // ghp_ + 36 characters: the shape of a GitHub personal access token
const ESC = '\u001b';
const BLOCK_TITLE = `Access denied ${ESC}[31mRED${ESC}[0m ${ESC}]8;;https://evil.example/${ESC}\\click${ESC}]8;;${ESC}\\ \u009b2J ${TOKEN} ticket #1, GH-2, acme/other#3, @octocat`;
const THIRTY = '<p>Deleted conversations are removed from our back-end storage systems within 30 days.</p>';
const LEAK = `<p>Deleted conversations are removed from our back-end storage systems within 30 days.</p><p>Support desk key ${TOKEN} for ticket #1, see GH-2, acme/other#3 and ask @octocat.</p>`;

describe('page text in every output of a run (issue 15: escapes, secrets, references)', () => {
  const stack = useFullStack({
    readers: ['ada@example.org'],
    key: KEY,
    documentsYaml: (origin) =>
      `documents:\n  - id: retention\n    title: Consumer retention article\n    url: ${origin}/retention\n    topics: [retention]\n` +
      `  - id: walled\n    title: Walled page\n    url: ${origin}/walled\n    browserFallback: false\n`,
  });
  let site: TestSite;
  let github: FakeGithub;
  let smtp: TestSmtpServer;
  let root: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => void ({ site, github, smtp, root, env } = { ...stack, env: { ...stack.env, GITHUB_ACTIONS: 'true' } }));

  async function run(summary: string, json: boolean) {
    const args = ['check', '--config', join(root, 'config'), '--summary-file', summary, ...(json ? ['--json'] : [])];
    return runCli(args, { env, app: FAST_APP });
  }

  async function twoRuns() {
    site.set('/retention', articleHtml(THIRTY));
    site.set('/walled', `<html><head><title>${BLOCK_TITLE}</title></head><body><p>Access denied</p></body></html>`, 403);
    const summary = join(root, 'summary.md');
    await run(summary, false);
    site.set('/retention', articleHtml(LEAK, 'b'));
    const text = await run(summary, false);
    const json = await run(join(root, 'summary-json.md'), true);
    return { text, json, summary: await readFile(summary, 'utf8') };
  }

  it('item 3: escape sequences in a blocked page title never reach annotations, logs or the summary raw', async () => {
    const { text, json, summary } = await twoRuns();
    const warnings = text.stderr.split('\n').filter((l) => l.startsWith('::warning'));
    expect(warnings.some((l) => l.includes('walled'))).toBe(true);
    for (const line of warnings) expect(line).not.toContain(ESC); // the fault the matrix found
    const report = JSON.parse(json.stdout) as Parameters<typeof annotations>[0];
    for (const out of [text.stdout, text.stderr, json.stdout, json.stderr, summary, ...annotations(report)]) {
      expect(out).not.toContain(ESC);
      expect(out).not.toContain('\u009b');
      expect(out).not.toContain(']8;;'); // no OSC 8 hyperlink remains, not even as visible debris
    }
    // Still readable: the words of the title survive.
    expect(warnings.find((l) => l.includes('walled'))).toMatch(/Access denied RED click/);
  });

  it('item 4: a secret-shaped string in page text is redacted in emails, stdout, stderr and the job summary', async () => {
    const { text, json, summary } = await twoRuns();
    expect(smtp.received.length).toBeGreaterThan(0);
    expect(github.issues.length).toBeGreaterThan(0);
    const mails = smtp.received.flatMap((m) => [m.raw, m.parsed.subject ?? '', m.parsed.text ?? '', String(m.parsed.html)]);
    const issues = github.issues.flatMap((i) => [i.title, i.body ?? '']);
    // Markdown escapes and invisible characters must not hide a token from this check.
    const visible = (text: string) => text.replace(/[\\\u200b-\u200d]/g, '');
    expect(visible(summary)).not.toContain(TOKEN);
    for (const out of [...mails, ...issues, text.stdout, text.stderr, json.stdout, json.stderr, summary].map(visible)) {
      expect(out).not.toContain(TOKEN);
      expect(out).not.toContain(TOKEN.slice(4, 30));
    }
    expect(smtp.received[0]!.parsed.text).toContain('Support desk key [redacted]');
  });

  it('item 5: "#1" and other references in the job summary are neither linked nor shown as escape debris', async () => {
    const { summary } = await twoRuns();
    expect(summary).toContain('ticket #\u200d1'); // readable: a reader sees "#1"
    expect(summary).not.toMatch(/#\d/); // GitHub links "#<digits>"
    expect(summary).not.toMatch(/\\#/); // a backslash is not an escape GitHub honours for references
    expect(summary).not.toMatch(/GH-\d/i);
    expect(summary).not.toMatch(/@[A-Za-z0-9]/);
  });
});
