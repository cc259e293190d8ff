import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../src/config/schema.ts';
import { createCorpusFetcher, readCorpus } from '../../src/fetch/index.ts';
import { makeDoc } from './helpers.ts';
import { replayCorpus } from '../../src/run/replay.ts';
import { withTempDir } from '../support/temp-dir.ts';

const URL = 'https://example.com/privacy';
const sentence = (n: number) => `<p>Clause ${n}: we keep account records for thirty days after you close the account, then delete them.</p>`;
const policy = (clauses: number, extra = '') =>
  `<html><head><title>Privacy Policy</title></head><body><main><h1>Privacy Policy</h1>${Array.from({ length: clauses }, (_, i) => sentence(i)).join('')}${extra}</main></body></html>`;
const CHALLENGE = '<html><head><title>Just a moment...</title></head><body><script>window._cf_chl_opt={}</script></body></html>';
const SHELL = '<html><head><title>Privacy</title></head><body><div id="root"></div><script src="/app.js"></script></body></html>';

async function corpus(dir: string, snapshots: Record<string, string>): Promise<void> {
  await writeFile(join(dir, 'documents.tsv'), `doc\turl\tfamily\npolicy\t${URL}\tlegal-page\n`);
  await mkdir(join(dir, 'policy'));
  for (const [name, html] of Object.entries(snapshots)) await writeFile(join(dir, 'policy', `${name}.html`), html);
}

describe('corpus fetcher', () => {
  it('serves one document\'s snapshots in time order, each judged by the gate as plain HTTP would be', async () => {
    await withTempDir(async (dir) => {
      await corpus(dir, { '2026-01-02T000000Z': CHALLENGE, '2026-01-01T000000Z': policy(12), '2026-01-03T120000Z': SHELL });
      const [entry] = await readCorpus(dir);
      expect(entry).toEqual({ folder: 'policy', url: URL, snapshots: ['2026-01-01T000000Z', '2026-01-02T000000Z', '2026-01-03T120000Z'] });
      const fetcher = createCorpusFetcher(dir, entry!);
      const doc = makeDoc(URL);
      const served = [];
      for (let i = 0; i < 3; i += 1) served.push(await fetcher.fetch({ doc }));
      expect(served.map((r) => r.kind === 'fetched' && [r.fetchedAt, r.status, r.via, r.verdict.kind])).toEqual([
        ['2026-01-01T00:00:00.000Z', 200, 'http', 'document'],
        ['2026-01-02T00:00:00.000Z', 200, 'http', 'not-document'],
        // No browser in an archive: the shell goes on to extraction, which finds it empty.
        ['2026-01-03T12:00:00.000Z', 200, 'http', 'document'],
      ]);
      expect(fetcher.remaining()).toBe(0);
      await expect(fetcher.fetch({ doc })).rejects.toThrow(/no snapshot left/);
    });
  });

  it('names a misnamed snapshot before anything is replayed', async () => {
    await withTempDir(async (dir) => {
      await corpus(dir, { '2026-01-01T000000Z': policy(12), 'latest': policy(12) });
      await expect(readCorpus(dir)).rejects.toThrow(/"latest\.html" is not YYYY-MM-DDTHHMMSSZ\.html/);
    });
  });

  it('replays through the check path: a challenge and a shell are failures, the next good page compares with the last good one', async () => {
    await withTempDir(async (dir) => {
      await corpus(dir, {
        '2026-01-01T000000Z': policy(12),
        '2026-01-02T000000Z': CHALLENGE,
        '2026-01-03T000000Z': SHELL,
        '2026-01-04T000000Z': policy(12),
        '2026-01-05T000000Z': policy(13),
      });
      const output = await replayCorpus(dir, [], SettingsSchema.parse({}));
      expect(output.documents[0]?.events.map((e) => [e.snapshot.slice(0, 10), e.kind, e.reason])).toEqual([
        ['2026-01-01', 'first', undefined],
        ['2026-01-02', 'failure', 'blocked'],
        ['2026-01-03', 'failure', 'empty'],
        ['2026-01-05', 'substantive', undefined],
      ]);
    });
  });
});
