import { describe, expect, it } from 'vitest';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import { jsonSchemas } from '../../src/config/generate-json-schema.ts';
import { ConfigError } from '../../src/shared/errors.ts';
import { withTempDir } from '../support/temp-dir.ts';

async function configWith(dir: string, files: Record<string, string>): Promise<string> {
  const configDir = join(dir, 'config');
  await mkdir(join(configDir, 'documents'), { recursive: true });
  for (const [name, text] of Object.entries(files)) await writeFile(join(configDir, name), text);
  return configDir;
}

async function problemsOf(configDir: string): Promise<string[]> {
  const error = await loadConfig(configDir).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  return [...(error as ConfigError).problems];
}

describe('config loading', () => {
  it('loads the bundled default config', async () => {
    const config = await loadConfig('config');
    expect(config.documents.length).toBeGreaterThanOrEqual(28);
    const ids = config.documents.map((d) => d.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(config.documents.find((d) => d.id === 'subprocessors')?.render).toBe('browser');
  });

  it('a document given only a URL gets working defaults', async () => {
    await withTempDir(async (dir) => {
      const configDir = await configWith(dir, { 'documents/a.yaml': 'documents:\n  - id: a\n    title: A\n    url: https://example.com/a\n' });
      const [doc] = (await loadConfig(configDir)).documents;
      expect(doc).toMatchObject({ render: 'http', browserFallback: true, remove: [], claims: [], topics: [] });
    });
  });

  it('names the file, line, document, field and fix for each problem', async () => {
    await withTempDir(async (dir) => {
      const configDir = await configWith(dir, {
        'documents/a.yaml': [
          'documents:',
          '  - id: good',
          '    title: Good',
          '    url: https://example.com/good',
          '  - id: second',
          '    title: Second',
          '    url: ftp://example.com/x',
          '    render: chrome',
          '    claims:',
          '      - id: c1',
          '        quote: "a sentence long enough"',
          '        topic: weather',
          '    selct: [main]',
          '  - id: third',
          '    title: Third',
          '    url: https://example.com/third',
          '    family: help-center',
        ].join('\n'),
      });
      const problems = await problemsOf(configDir);
      const file = join('config', 'documents', 'a.yaml');
      const find = (field: string) => problems.find((p) => p.includes(`field "${field}"`)) ?? problems.find((p) => p.includes(field));
      expect(find('url')).toMatch(new RegExp(`${file.replace(/[\\/.]/g, '.')}:7: document "second" field "url": give an absolute http\\(s\\) URL`));
      expect(find('render')).toMatch(/:8: document "second" field "render": must be one of "http", "browser"/);
      expect(find('claims.0.topic')).toMatch(
        /:12: document "second" field "claims\.0\.topic": unknown topic "weather"; use one of the topics declared in .*policywatch\.yaml \(training, retention, .*\), or add it under "topics:" there/,
      );
      expect(find('selct')).toMatch(/:5: document "second": unknown key\(s\) "selct"; remove or correct the spelling/);
      expect(find('"family"')).toMatch(/:14: document "third": "family" is no longer a setting .*; delete the line/);
    });
  });

  it('takes the topics the settings declare, and only those', async () => {
    await withTempDir(async (dir) => {
      const doc = (topic: string) =>
        `documents:\n  - id: a\n    title: A\n    url: https://example.com/a\n    topics: [${topic}]\n    claims:\n      - id: c\n        quote: "a sentence long enough"\n        topic: ${topic}\n`;
      const own = await configWith(dir, { 'policywatch.yaml': 'topics: [cookies, tracking]\n', 'documents/a.yaml': doc('cookies') });
      const config = await loadConfig(own);
      expect(config.settings.topics).toEqual(['cookies', 'tracking']);
      expect(config.documents[0]?.claims[0]?.topic).toBe('cookies');

      await writeFile(join(own, 'documents', 'a.yaml'), doc('retention'));
      expect(await problemsOf(own)).toEqual([
        expect.stringMatching(/a\.yaml:5: document "a" field "topics\.0": unknown topic "retention"; use one of the topics declared in .*policywatch\.yaml \(cookies, tracking\), or add it under "topics:" there$/),
        expect.stringMatching(/a\.yaml:9: document "a" field "claims\.0\.topic": unknown topic "retention"/),
      ]);

      await writeFile(join(own, 'policywatch.yaml'), 'topics: []\n');
      expect(await problemsOf(own)).toEqual(expect.arrayContaining([expect.stringMatching(/policywatch\.yaml:1: field "topics": declare at least one topic/)]));
    });
    await withTempDir(async (dir) => {
      // Without a declaration, the bundled guide's 15 topics.
      const defaults = await configWith(dir, { 'documents/a.yaml': 'documents:\n  - id: a\n    title: A\n    url: https://example.com/a\n    topics: [usage-policy]\n' });
      expect((await loadConfig(defaults)).settings.topics).toHaveLength(15);
    });
  });

  it('reports YAML syntax errors with their line, duplicate ids, and a missing documents folder', async () => {
    await withTempDir(async (dir) => {
      const broken = await configWith(dir, { 'documents/a.yaml': 'documents:\n  - id: a\n    title: [unclosed\n' });
      expect((await problemsOf(broken))[0]).toMatch(/a\.yaml:\d+: YAML syntax error/);
    });
    await withTempDir(async (dir) => {
      const dup = await configWith(dir, {
        'documents/a.yaml': 'documents:\n  - id: a\n    title: A\n    url: https://e.com/1\n',
        'documents/b.yaml': 'documents:\n  - id: a\n    title: B\n    url: https://e.com/2\n',
      });
      expect(await problemsOf(dup)).toEqual([expect.stringMatching(/b\.yaml:2: document "a" field "id": already used at .*a\.yaml:2/)]);
    });
    await withTempDir(async (dir) => {
      await expect(loadConfig(join(dir, 'nowhere'))).rejects.toThrow(/no documents folder/);
    });
  });

  it('says a wrongly typed value is wrong, not missing, and catches long ids and broken selectors', async () => {
    await withTempDir(async (dir) => {
      const configDir = await configWith(dir, {
        'policywatch.yaml': 'failures:\n  threshold: "3"\n',
        'documents/a.yaml': `documents:\n  - id: ${'x'.repeat(47)}\n    title: A\n    url: https://e.com/a\n`,
        'documents/b.yaml': 'documents:\n  - id: b\n    title: B\n    url: https://e.com/b\n    select: ["div[["]\n',
      });
      const problems = await problemsOf(configDir);
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/policywatch\.yaml:2: field "failures\.threshold": must be a number, not "3"; remove the quotes/),
          expect.stringMatching(/a\.yaml:2: document "x+" field "id": keep it to 46 characters at most/),
          expect.stringMatching(/b\.yaml:5: document "b" field "select\.0": "div\[\[" is not a valid CSS selector/),
        ]),
      );
    });
  });

  it('accepts known rule ids in disable, and names the nearest known id for a typo', async () => {
    await withTempDir(async (dir) => {
      const good = await configWith(dir, { 'documents/a.yaml': 'documents:\n  - id: a\n    title: A\n    url: https://e.com/a\n    disable: [link-farms, relative-times]\n' });
      expect((await loadConfig(good)).documents[0]?.disable).toEqual(['link-farms', 'relative-times']);
    });
    await withTempDir(async (dir) => {
      const configDir = await configWith(dir, {
        'documents/a.yaml': 'documents:\n  - id: a\n    title: A\n    url: https://e.com/a\n    disable:\n      - link-farms\n      - consent-banner\n      - sparkles\n',
      });
      const problems = await problemsOf(configDir);
      expect(problems).toEqual([
        expect.stringMatching(/a\.yaml:7: document "a" field "disable\.1": "consent-banner" is not an extraction rule; did you mean "consent-banners"\? known rules: .*link-farms/),
        expect.stringMatching(/a\.yaml:8: document "a" field "disable\.2": "sparkles" is not an extraction rule; known rules: cf-email, .*policywatch explain <doc-id>/),
      ]);
    });
  });

  it('validates settings with the same precision', async () => {
    await withTempDir(async (dir) => {
      const configDir = await configWith(dir, {
        'policywatch.yaml': 'http:\n  perHost: 0\n',
        'documents/a.yaml': 'documents:\n  - id: a\n    title: A\n    url: https://e.com/\n',
      });
      expect(await problemsOf(configDir)).toEqual([expect.stringMatching(/policywatch\.yaml:2: field "http\.perHost": is too small \(0\); use more than 0/)]);
    });
  });

  it('ships JSON Schemas generated from the same zod schemas (run `npm run schema` after changing them)', async () => {
    for (const [name, schema] of Object.entries(jsonSchemas())) {
      const committed = JSON.parse(await readFile(join('config', 'schema', name), 'utf8'));
      expect(committed, name).toEqual(schema);
    }
  });
});
