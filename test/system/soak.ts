import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { hang, html, respond, startFixtureServer, type FixtureServer } from '../support/http-server.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makePdf } from '../fetch/pdf-fixture.ts';
import { articleHtml } from '../run/harness.ts';
import type { SoakSample } from './fixtures/schedule-soak.ts';

export type { SoakSample } from './fixtures/schedule-soak.ts';

const TEXT = '<p>Deleted conversations are removed from our back-end storage systems within 30 days.</p>';
const APP_JS = `document.getElementById('root').innerHTML = '<main><h1>Privacy Policy</h1>' + ${JSON.stringify(`<p>We retain chat transcripts for thirty days unless you delete them sooner.</p>`)}.repeat(8) + '</main>';`;
const PDF = makePdf(['Terms of Service', ...Array.from({ length: 12 }, (_, i) => `Section ${i + 1}: we delete your data within 30 days of your request.`)]);

/**
 * A local site with some faults for a long-running `schedule`: a page whose noise changes on every hit, a
 * JavaScript page (Chromium each run), a PDF, a page that is down, one that alternates 200 and 500, one that never
 * answers and a port nobody listens on.
 */
async function startSoakSite(): Promise<FixtureServer> {
  const site = await startFixtureServer();
  site.route('/plain', (req, res, hit) => html(articleHtml(TEXT, hit % 2 ? 'a' : 'b'))(req, res, hit));
  site.route('/js', html('<!doctype html><html><head><title>P</title><script defer src="/app.js"></script></head><body><div id="root"></div></body></html>'));
  site.route('/app.js', respond({ body: APP_JS, type: 'text/javascript' }));
  site.route('/terms.pdf', respond({ body: PDF, type: 'application/pdf' }));
  site.route('/down', respond({ status: 503, body: 'down', type: 'text/plain' }));
  site.route('/flaky', (req, res, hit) => (hit % 2 ? html(articleHtml(TEXT)) : respond({ status: 500, body: 'oops' }))(req, res, hit));
  site.route('/never', hang());
  return site;
}

/**
 * Runs `schedule` on a one-second cron for `runs` runs in one child process and returns what it reported after
 * each run (see fixtures/schedule-soak.ts).
 */
export async function soakSchedule(runs: number, options: { chromium?: string } = {}): Promise<SoakSample[]> {
  const site = await startSoakSite();
  const root = await makeTempDir();
  try {
    await mkdir(join(root, 'config', 'documents'), { recursive: true });
    await writeFile(
      join(root, 'config', 'policywatch.yaml'),
      'http:\n  allowPrivateNetwork: true\n  hostDelayMs: 0\n  retries: 0\n  timeoutMs: 1500\n  connectTimeoutMs: 1500\nbrowser:\n  timeoutMs: 10000\n',
    );
    const doc = (id: string, url: string, extra = '') => `  - id: ${id}\n    title: ${id}\n    url: ${url}\n    browserFallback: false\n${extra}`;
    await writeFile(
      join(root, 'config', 'documents', 'soak.yaml'),
      'documents:\n' +
        doc('plain', site.url('/plain')) +
        doc('js', site.url('/js'), '    render: browser\n') +
        doc('pdf', site.url('/terms.pdf')) +
        doc('down', site.url('/down')) +
        doc('flaky', site.url('/flaky')) +
        doc('never', site.url('/never')) +
        doc('refused', 'http://127.0.0.1:9/closed'),
    );
    const child = spawn(
      process.execPath,
      ['--expose-gc', resolve('bin/run-ts.mjs'), resolve('test/system/fixtures/schedule-soak.ts'), 'schedule', '--config', join(root, 'config'), '--cron', '* * * * * *', '--max-runs', String(runs)],
      { env: { ...process.env, ...(options.chromium ? { POLICYWATCH_CHROMIUM: options.chromium } : {}) }, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] },
    );
    const samples: SoakSample[] = [];
    let stderr = '';
    let lastRun: () => void = () => {};
    const allRuns = new Promise<void>((done) => (lastRun = done));
    child.on('message', (sample: SoakSample) => {
      samples.push(sample);
      if (samples.length === runs) lastRun();
    });
    child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
    const exit = new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    await Promise.race([allRuns, exit]);
    // After its last run the process must leave on its own: anything still open (a browser, a socket, a timer) keeps
    // it alive. It gets a generous grace before it is killed and reported.
    const grace = new Promise<'stuck'>((done) => setTimeout(() => done('stuck'), 30_000).unref());
    const code = await Promise.race([exit, grace]);
    if (code === 'stuck') {
      child.kill('SIGKILL');
      throw new Error(`schedule did not exit after its last run (something it opened is still open): ${JSON.stringify(samples.at(-1))}`);
    }
    if (code !== 0 || samples.length !== runs) throw new Error(`schedule ended with ${code} after ${samples.length}/${runs} runs: ${stderr}`);
    return samples;
  } finally {
    await site.close();
    await rm(root, { recursive: true, force: true });
  }
}
