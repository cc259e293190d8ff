import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { runCli } from '../support/cli.ts';
import { withTempDir } from '../support/temp-dir.ts';
import { CORPUS_ROOT, corpusDir, describeWithCorpus } from '../support/corpus.ts';

const run = promisify(execFile);
const corpus = corpusDir('dev');
const scorer = join(CORPUS_ROOT, 'score.mjs');

const cli = (args: string[]) => runCli(args);

describeWithCorpus('policywatch replay on the dev corpus', ['dev'], () => {
  it('scores every required change, no false alert, both formatting changes, no false failure', async () => {
    expect(existsSync(join(corpus, 'labels.tsv')) && existsSync(scorer), `the corpus at ${CORPUS_ROOT} lacks dev/labels.tsv or score.mjs`).toBe(true);
    const { code, stdout } = await cli(['replay', corpus, '--json']);
    expect(code).toBe(0);
    const output = JSON.parse(stdout) as { documents: { doc: string; events: { kind: string; summary?: string }[] }[] };
    expect(output.documents).toHaveLength(4);
    await withTempDir(async (dir) => {
      const path = join(dir, 'replay.json');
      await writeFile(path, stdout);
      const scored = await run(process.execPath, [scorer, corpus, path, '--json']).catch((e: { stdout: string }) => e);
      const { ok, total } = JSON.parse(scored.stdout) as { ok: boolean; total: Record<string, number> };
      expect(total).toMatchObject({ falseAlerts: 0, falseFailures: 0, noiseAsFormatting: 0, formattingAsChange: 0, missingDocs: 0 });
      expect(total.must).toBeGreaterThan(0);
      expect(total.found).toBe(total.must);
      expect(total.formatting).toBeGreaterThan(0);
      expect(total.formattingFlagged).toBe(total.formatting);
      expect(total.errorPagesFlagged).toBe(total.errorPages);
      expect(ok).toBe(true);
    });
    // The rewrite is summarized in words, not as a byte count.
    const rewrite = output.documents.find((d) => d.doc === 'non-user-privacy-policy')?.events.find((e) => e.kind === 'substantive');
    expect(rewrite?.summary).toMatch(/effective|rewritten|replaced|→/i);
  });
});

describe('policywatch replay', () => {
  it('reports a corpus without documents.tsv clearly', async () => {
    await withTempDir(async (dir) => {
      await mkdir(join(dir, 'doc'));
      const { code, stderr } = await cli(['replay', dir, '--json']);
      expect(code).toBe(2);
      expect(stderr).toMatch(/documents\.tsv.*cannot read it/);
    });
  });
});
