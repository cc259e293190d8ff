import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { problemJson } from '../../src/cli/commands/validate.ts';
import { withTempDir } from '../support/temp-dir.ts';
import { runCli } from '../support/cli.ts';

async function writeConfig(root: string, documents: string, settings?: string): Promise<void> {
  await mkdir(join(root, 'config', 'documents'), { recursive: true });
  await writeFile(join(root, 'config', 'documents', 'docs.yaml'), documents);
  if (settings !== undefined) await writeFile(join(root, 'config', 'policywatch.yaml'), settings);
}

const GOOD = 'documents:\n  - id: terms\n    title: Terms\n    url: https://example.com/terms\n';

describe('policywatch validate', () => {
  it('says OK and exits 0 for a valid config', async () => {
    await withTempDir(async (root) => {
      await writeConfig(root, GOOD);
      const run = await runCli(['validate'], { cwd: root });
      expect(run).toMatchObject({ code: 0, stderr: '' });
      expect(run.stdout).toBe('config OK: 1 document(s), 0 claim(s), 0 rendered in a browser\n');
    });
  });

  it('--json prints every problem on stdout with file, line, document and field, and exits 2', async () => {
    await withTempDir(async (root) => {
      await writeConfig(root, 'documents:\n  - id: terms\n    title: Terms\n    url: not a url\n    colour: red\n');
      const run = await runCli(['validate', '--json'], { cwd: root });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe('');
      const result = JSON.parse(run.stdout) as { ok: boolean; problems: Record<string, unknown>[] };
      expect(result.ok).toBe(false);
      expect(result.problems).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ file: expect.stringMatching(/config\/documents\/docs\.yaml$/), line: 4, document: 'terms', field: 'url', message: 'give an absolute http(s) URL' }),
          expect.objectContaining({ line: 2, document: 'terms', message: expect.stringMatching(/unknown key\(s\) "colour"/) }),
        ]),
      );
    });
  });

  it('--json on a valid config lists the documents (the action reads them) and no problems', async () => {
    await withTempDir(async (root) => {
      await writeConfig(root, GOOD);
      const run = await runCli(['validate', '--json'], { cwd: root });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ ok: true, problems: [], documents: [{ id: 'terms', render: 'http' }] });
    });
  });

  it('requires email.from once SMTP is configured, naming the field and the fix', async () => {
    await withTempDir(async (root) => {
      await writeConfig(root, GOOD);
      const env = { SMTP_URL: 'smtps://user:secret@smtp.example.com:465' };
      const missing = await runCli(['validate'], { cwd: root, env });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/config\/policywatch\.yaml: field "email\.from": SMTP_URL turns on email over SMTP, but no sender is set; add it/);
      expect(missing.stderr).toContain('email: { from: "Your guide <guide@your-domain.example>" }');
      expect(missing.stderr).not.toContain('secret');
      const json = JSON.parse((await runCli(['validate', '--json'], { cwd: root, env })).stdout) as { problems: Record<string, unknown>[] };
      expect(json.problems).toEqual([expect.objectContaining({ file: join('config', 'policywatch.yaml'), field: 'email.from' })]);

      await writeFile(join(root, 'config', 'policywatch.yaml'), 'email:\n  from: "Acme guide <guide@acme.example>"\n');
      expect((await runCli(['validate'], { cwd: root, env })).code).toBe(0);
      expect((await runCli(['validate'], { cwd: root, env: { SMTP_HOST: 'smtp.example.com' } })).code).toBe(0);
    });
  });
});

describe('problemJson', () => {
  it('splits a problem line into its parts, and keeps a line it cannot split whole', () => {
    expect(problemJson('config/documents/a.yaml:7: document "retention" field "url": give an absolute http(s) URL')).toEqual({
      file: 'config/documents/a.yaml',
      line: 7,
      document: 'retention',
      field: 'url',
      message: 'give an absolute http(s) URL',
      text: 'config/documents/a.yaml:7: document "retention" field "url": give an absolute http(s) URL',
    });
    expect(problemJson('config/documents/a.yaml:?: document #2 field "id": is required; add it (string)')).toMatchObject({ file: 'config/documents/a.yaml', field: 'id' });
    expect(problemJson('config/documents: no .yaml files; add one')).toEqual({ file: 'config/documents', message: 'no .yaml files; add one', text: 'config/documents: no .yaml files; add one' });
    expect(problemJson('something odd')).toEqual({ message: 'something odd', text: 'something odd' });
  });
});
