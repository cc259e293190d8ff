import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { replayCorpus } from './corpus-replay.ts';

/**
 * The real history of monitored pages (shared/corpus/dev beside the repo): every snapshot goes through
 * extract + classify in time order, and the corpus's own scorer judges the events.
 */

const corpus = resolve(import.meta.dirname, '../../../shared/corpus/dev');
const scorer = resolve(corpus, '../score.mjs');
const present = existsSync(join(corpus, 'labels.tsv')) && existsSync(scorer);
if (!present) console.warn(`corpus test skipped: no replay corpus at ${corpus}`);

interface ScoreTotals {
  must: number;
  found: number;
  falseAlerts: number;
  formatting: number;
  formattingFlagged: number;
  noiseAsFormatting: number;
  falseFailures: number;
  errorPages: number;
  errorPagesFlagged: number;
  missingDocs: number;
}

describe.skipIf(!present)('replay of the dev corpus', () => {
  const work = mkdtempSync(join(tmpdir(), 'policywatch-corpus-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('finds every required change with no false alert, flags formatting and error pages', () => {
    const replay = replayCorpus(corpus);
    const out = join(work, 'replay.json');
    writeFileSync(out, JSON.stringify(replay));
    let status = 0;
    let stdout: string;
    try {
      stdout = execFileSync(process.execPath, [scorer, corpus, out, '--json'], { encoding: 'utf8' });
    } catch (error) {
      const failed = error as { status?: number; stdout?: string };
      status = failed.status ?? 1;
      stdout = failed.stdout ?? '';
    }
    const { total } = JSON.parse(stdout) as { ok: boolean; total: ScoreTotals };
    expect(total.missingDocs).toBe(0);
    expect(total.must).toBeGreaterThan(0);
    expect(total.found).toBe(total.must);
    expect(total.falseAlerts).toBe(0);
    expect(total.formattingFlagged).toBe(total.formatting);
    expect(total.noiseAsFormatting).toBe(0);
    expect(total.falseFailures).toBe(0);
    expect(total.errorPagesFlagged).toBe(total.errorPages);
    expect(status).toBe(0);
  }, 120_000);
});
