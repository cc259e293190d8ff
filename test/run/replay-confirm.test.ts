import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../src/config/schema.ts';
import { replayCorpus } from '../../src/run/replay.ts';
import { withTempDir } from '../support/temp-dir.ts';

/** In replay the next snapshot is the second sighting of a change (src/run/confirm.ts), on archives of our own. */

const URL = 'https://example.com/privacy';
const clause = (n: number, days = 30) => `<p>Clause ${n}: we keep account records for ${days} days after you close the account, then delete them.</p>`;
const page = (body: string) => `<html><head><title>Privacy Policy</title></head><body><main><h1>Privacy Policy</h1>${body}</main></body></html>`;
const clauses = Array.from({ length: 8 }, (_, i) => clause(i)).join('');
const A = page(clauses);
const B = page(clauses.replace(clause(3), clause(3, 90)));
const C = page(clauses.replace(clause(3), clause(3, 90)) + '<p>Flagged conversations are kept for up to two years for safety reviews.</p>');
const BANNER = page(`<p>Our new terms take effect next month: read what changes.</p>${clauses}`);
const ERROR = '<html><head><title>Application error</title></head><body><h2>Application error: a client-side exception has occurred (see the browser console for more information).</h2></body></html>';

async function replay(pages: string[]): Promise<[string, string][]> {
  return withTempDir(async (dir) => {
    await writeFile(join(dir, 'documents.tsv'), `doc\turl\tfamily\npolicy\t${URL}\tlegal-page\n`);
    await mkdir(join(dir, 'policy'));
    for (const [i, html] of pages.entries()) await writeFile(join(dir, 'policy', `2026-01-${String(i + 1).padStart(2, '0')}T000000Z.html`), html);
    const output = await replayCorpus(dir, [], SettingsSchema.parse({}));
    return output.documents[0]!.events.map((e) => [e.snapshot.slice(8, 10), e.kind]);
  });
}

describe('replay: the next snapshot confirms a change', () => {
  it('(A, B, A, A): a block that appears and vanishes is no change', async () => {
    expect(await replay([A, BANNER, A, A])).toEqual([['01', 'first']]);
  });

  it('(A, B, B, B): alerted when the next snapshot shows it again', async () => {
    expect(await replay([A, B, B, B])).toEqual([['01', 'first'], ['03', 'substantive']]);
  });

  it('(A, B, C, C, C): B confirmed by C that still carries it; C then confirmed on its own', async () => {
    expect(await replay([A, B, C, C, C])).toEqual([['01', 'first'], ['03', 'substantive'], ['04', 'substantive']]);
  });

  it('(A, B, error page, B, B): a failed snapshot is no sighting; the next good one decides', async () => {
    expect(await replay([A, B, ERROR, B, B])).toEqual([['01', 'first'], ['03', 'failure'], ['04', 'substantive']]);
  });

  it('(A, A, B): the last snapshot has no next one: a change there is reported as it stands', async () => {
    expect(await replay([A, A, B])).toEqual([['01', 'first'], ['03', 'substantive']]);
  });

  it('(A, B, A, B, A): a page that keeps flipping is never alerted', async () => {
    expect(await replay([A, BANNER, A, BANNER, A, A])).toEqual([['01', 'first']]);
  });
});
