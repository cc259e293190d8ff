import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { actionlint } from '../support/actionlint.ts';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHECKOUT } from '../../src/adopt/pins.ts';
import { scaffoldFiles } from '../../src/adopt/scaffold.ts';
import { runCli } from '../support/cli.ts';
import { withTempDir } from '../support/temp-dir.ts';

const root = join(import.meta.dirname, '../..');

describe('policywatch init', () => {
  it('scaffolds a tracker that validates, with a workflow actionlint accepts and SETUP.md naming every secret', async () => {
    await withTempDir(async (dir) => {
      const run = await runCli(['init', 'tracker'], { cwd: dir });
      expect(run.code, run.stderr).toBe(0);
      const tracker = join(dir, 'tracker');
      for (const path of ['config/policywatch.yaml', 'config/documents/example.yaml', 'config/schema/settings.schema.json', 'config/schema/documents.schema.json', 'config/schema/claims-report.schema.json', '.github/workflows/policywatch.yml', '.gitignore', 'SETUP.md']) {
        expect(existsSync(join(tracker, path)), path).toBe(true);
        expect(run.stdout).toContain(`created  ${path}`);
      }
      expect(run.stdout).toMatch(/Next:\n {2}1\. git init tracker/);
      // The installed command: npx would look for policywatch on npm, where it may not be published.
      expect(run.stdout).toContain('policywatch validate --config tracker/config && policywatch doctor --config tracker/config');
      expect(run.stdout).not.toContain('npx');

      const validate = await runCli(['validate', '--config', join(tracker, 'config')]);
      expect(validate).toMatchObject({ code: 0, stdout: 'config OK: 1 document(s), 0 claim(s), 0 rendered in a browser\n' });

      const workflow = await readFile(join(tracker, '.github/workflows/policywatch.yml'), 'utf8');
      expect(await actionlint(workflow, 'policywatch.yml')).toEqual([]);
      const parsed = parse(workflow) as { permissions: unknown; on: Record<string, unknown>; jobs: { check: { steps: { uses?: string }[] } } };
      expect(parsed.permissions).toEqual({ contents: 'write', issues: 'write' });
      expect(parsed.on).toHaveProperty('schedule');
      expect(parsed.jobs.check.steps.map((s) => s.uses).filter(Boolean)).toEqual([`${CHECKOUT.action}@${CHECKOUT.sha}`, expect.stringMatching(/^[\w.-]+\/policywatch@/)]);

      const setup = await readFile(join(tracker, 'SETUP.md'), 'utf8');
      // Every secret the workflow reads is explained, and GITHUB_TOKEN, which Actions provides.
      const secrets = [...new Set([...workflow.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]!))];
      expect(secrets).toEqual(expect.arrayContaining(['SMTP_URL', 'POLICYWATCH_SUBSCRIBERS_KEY', 'POLICYWATCH_SERVE_URL', 'POLICYWATCH_SERVE_TOKEN']));
      for (const secret of ['GITHUB_TOKEN', ...secrets]) expect(setup).toContain(`\`${secret}\``);
      // The commands work with policywatch installed as it says; npx would look for it on npm.
      expect(setup).not.toContain('npx policywatch');
      expect(setup).toMatch(/npm install -g \.\/policywatch-[\d.]+\.tgz/);
      expect(setup).toContain('openssl rand -base64 32');
      expect(setup).toMatch(/guide import path\/to\/guide\.html --dry-run/);
      expect(setup).toContain('email.from');
      expect(await readFile(join(tracker, '.gitignore'), 'utf8')).toMatch(/^outbox\/$/m);
      expect(await readFile(join(tracker, '.gitignore'), 'utf8')).toMatch(/^policywatch\.db\*$/m);
    });
  });

  it('keeps files that exist (or replaces them with --force) and adds only missing .gitignore lines', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'config'), { recursive: true });
      await writeFile(join(dir, 'config', 'policywatch.yaml'), 'topics: [cookies]\n');
      await writeFile(join(dir, '.gitignore'), 'node_modules/\n*.log');
      const first = await runCli(['init'], { cwd: dir });
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('kept     config/policywatch.yaml (exists; --force replaces it)');
      expect(first.stdout).toContain('extended .gitignore');
      expect(await readFile(join(dir, 'config', 'policywatch.yaml'), 'utf8')).toBe('topics: [cookies]\n');
      expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe(
        "node_modules/\n*.log\n\n# policywatch: drafts written when no credentials are set, and serve's database (readers' addresses, unencrypted)\noutbox/\npolicywatch.db*\n",
      );

      const again = await runCli(['init'], { cwd: dir });
      expect(again.stdout).toContain('kept     .gitignore');
      expect(again.stdout).not.toContain('created');

      const forced = await runCli(['init', '--force'], { cwd: dir });
      expect(forced.stdout).toContain('replaced config/policywatch.yaml');
      expect(await readFile(join(dir, 'config', 'policywatch.yaml'), 'utf8')).toContain('topics: [privacy,');
    });
  });

  it('takes the action to use, and refuses one that is not owner/repo@ref (exit 2)', async () => {
    await withTempDir(async (dir) => {
      const sha = 'a'.repeat(40);
      expect((await runCli(['init', '--action', `acme/policywatch@${sha}`], { cwd: dir })).code).toBe(0);
      expect(await readFile(join(dir, '.github/workflows/policywatch.yml'), 'utf8')).toContain(`uses: acme/policywatch@${sha}\n`);
      const bad = await runCli(['init', 'other', '--action', 'policywatch'], { cwd: dir });
      expect(bad.code).toBe(2);
      expect(bad.stderr).toMatch(/--action "policywatch" is not owner\/repo@ref/);
      expect(existsSync(join(dir, 'other'))).toBe(false);
    });
  });

  it('writes the JSON Schemas this repository ships, and the checkout pin its workflows use', () => {
    const files = scaffoldFiles({ action: 'o/policywatch@' + 'b'.repeat(40), version: '0.0.0' });
    for (const name of ['settings.schema.json', 'documents.schema.json', 'claims-report.schema.json']) {
      expect(files[`config/schema/${name}`], name).toBe(readFileSync(join(root, 'config/schema', name), 'utf8'));
    }
    const pins = readFileSync(join(root, '.github/PINNED_ACTIONS.md'), 'utf8');
    expect(pins).toMatch(new RegExp(`\\| ${CHECKOUT.action} \\| ${CHECKOUT.tag.replace(/\./g, '\\.')} \\| ${CHECKOUT.sha} \\|`));
  });
});
