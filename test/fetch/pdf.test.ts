import { afterEach, beforeEach, expect, it } from 'vitest';
import { respond, startFixtureServer, type FixtureServer } from '../support/http-server.ts';
import { fetchError, makeDoc, makeFetcher } from './helpers.ts';
import { makePdf } from './pdf-fixture.ts';
import type { Fetcher } from '../../src/fetch/index.ts';

let server: FixtureServer;
let fetcher: Fetcher;
beforeEach(async () => {
  server = await startFixtureServer();
  fetcher = makeFetcher();
});
afterEach(async () => {
  await fetcher.close();
  await server.close();
});

it('extracts the text of a PDF document', async () => {
  const lines = ['Terms of Service (2025)', 'We delete your data within 30 days.'];
  server.route('/terms.pdf', respond({ body: makePdf(lines), type: 'application/pdf' }));
  const result = await fetcher.fetch({ doc: makeDoc(server.url('/terms.pdf')) });
  expect(result.kind).toBe('fetched');
  if (result.kind !== 'fetched') return;
  expect(result.format).toBe('text');
  expect(result.contentType).toBe('application/pdf');
  for (const line of lines) expect(result.body).toContain(line);
  expect(result.body).not.toContain('%PDF');
});

it('recognizes a PDF served as application/octet-stream by its magic bytes', async () => {
  server.route('/download', respond({ body: makePdf(['Retention: ninety days']), type: 'application/octet-stream' }));
  const result = await fetcher.fetch({ doc: makeDoc(server.url('/download')) });
  expect(result.kind === 'fetched' && result.body).toContain('Retention: ninety days');
});

it('reports a damaged PDF as unsupported, never as text', async () => {
  server.route('/broken.pdf', respond({ body: Buffer.from('%PDF-1.4\n\u0000\u0001garbage'), type: 'application/pdf' }));
  const error = await fetchError(fetcher.fetch({ doc: makeDoc(server.url('/broken.pdf')) }));
  expect(error.reason).toBe('unsupported-type');
  expect(error.message).toContain('PDF');
});
