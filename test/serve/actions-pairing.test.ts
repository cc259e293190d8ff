import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_APP } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { startSmtpServer } from '../support/smtp-server.ts';
import type { TestSmtpServer } from '../support/smtp-server.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { TestSite } from '../run/harness.ts';
import { rawHeader } from '../notify/email/harness.ts';
import { API_TOKEN, articleHtml, linkIn, NINETY, SECRET, SIXTY, THIRTY, writeTracker } from './harness.ts';

const BIN = resolve('bin/policywatch.mjs');
const READER = 'paired-reader@example.org';

/**
 * The GitHub Actions deployment with a small always-on serve: the workflow side is the CLI commands the workflow
 * runs (check --no-notify, notify, push-status) in the tracker's checkout; serve is a real child process with its
 * own database and SMTP. Subscribers live only in serve: the workflow never sees an address or SMTP credentials.
 */
describe('the scheduled workflow and an always-on serve share the subscribers through serve', () => {
  let site: TestSite;
  let smtp: TestSmtpServer;
  let workflowRoot: string;
  let serveRoot: string;
  let serve: ChildProcess;
  let serveUrl = '';
  let serveErr = '';

  beforeAll(async () => {
    site = await new TestSite().start();
    site.set('/retention', articleHtml(THIRTY));
    site.set('/training', articleHtml('<p>We do not train on your chats unless you opt in.</p>'));
    smtp = await startSmtpServer();
    [workflowRoot, serveRoot] = await Promise.all([makeTempDir(), makeTempDir()]);
    await writeTracker(workflowRoot, site.origin);
    await writeTracker(serveRoot, site.origin);
    serve = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      cwd: serveRoot,
      env: { PATH: process.env.PATH, SMTP_URL: smtp.url, POLICYWATCH_SERVE_SECRET: SECRET, POLICYWATCH_SERVE_TOKEN: API_TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    serveUrl = await new Promise<string>((resolveUrl, reject) => {
      serve.stderr!.on('data', (chunk: Buffer) => {
        serveErr += chunk.toString();
        const url = /listening on (http:\/\/\S+)/.exec(serveErr)?.[1];
        if (url) resolveUrl(url);
      });
      serve.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${serveErr}`)));
    });
  });
  afterAll(async () => {
    if (serve.exitCode === null) serve.kill('SIGKILL');
    await Promise.all([site.stop(), smtp.close()]);
    await Promise.all([workflowRoot, serveRoot].map((d) => rm(d, { recursive: true, force: true })));
  });

  const workflow = (args: string[], env: NodeJS.ProcessEnv = {}) => runCli([...args, '--config', join(workflowRoot, 'config')], { cwd: workflowRoot, env, app: FAST_APP });
  const pairing = { POLICYWATCH_SERVE_URL: '', POLICYWATCH_SERVE_TOKEN: API_TOKEN };
  const settled = async () => {
    await expect.poll(async () => ((await (await fetch(`${serveUrl}/healthz`)).json()) as { undeliveredAlerts: number }).undeliveredAlerts, { timeout: 30_000 }).toBe(0);
  };

  it('a reader subscribes and leaves on serve; the workflow hands over its alerts and status; one mail, then none', async () => {
    pairing.POLICYWATCH_SERVE_URL = serveUrl;
    // Subscribe and confirm on serve, as the guide's embedded form would.
    const subscribed = await fetch(`${serveUrl}/subscribe`, { method: 'POST', headers: { origin: serveUrl, 'content-type': 'application/x-www-form-urlencoded' }, body: `email=${encodeURIComponent(READER)}` });
    expect(subscribed.status).toBe(200);
    await Promise.race([smtp.waitFor(1), new Promise((_r, reject) => setTimeout(() => reject(new Error(`no confirmation mail; serve said: ${serveErr}`)), 15_000))]);
    expect((await fetch(linkIn(smtp.received[0]!.parsed.text ?? '', '/confirm'))).status).toBe(200);

    // The workflow: first run records, a later run finds a change and hands it over. The check step gets the
    // pairing settings too: they route the run's alerts to the subscribers' queue.
    expect((await workflow(['check', '--no-notify'], pairing)).code).toBe(0);
    site.set('/retention', articleHtml(NINETY));
    expect((await workflow(['check', '--no-notify'], pairing)).code).toBe(0);
    const notified = await workflow(['notify'], pairing);
    expect(notified.code).toBe(0);
    expect(notified.stdout).toContain(`subscribers: alerts handed to serve at ${new URL(serveUrl).origin}`);
    const pushed = await workflow(['push-status'], pairing);
    expect(pushed.stdout).toContain('shows 2 documents and 1 claims');
    await settled();
    await smtp.waitFor(2);
    const alert = smtp.received[1]!;
    expect(alert.to).toEqual([READER]);
    expect(alert.parsed.subject).toMatch(/30 days → 90 days/);
    const status = await (await fetch(`${serveUrl}/`)).text();
    expect(status).toMatch(/Last change \d{4}-\d{2}-\d{2}: .*30 days → 90 days/);
    expect(((await (await fetch(`${serveUrl}/claims.json`)).json()) as { claims: { status: string }[] }).claims[0]?.status).toBe('reworded');

    // A repeated hand-off (a re-run of notify after a crash) changes nothing.
    expect((await workflow(['notify'], pairing)).stdout).toContain('0 queued');

    // The reader leaves by one click; the next change reaches the feed, not the reader.
    const unsubscribe = /^<([^>]+)>/.exec(rawHeader(alert, 'List-Unsubscribe') ?? '')![1]!;
    const left = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(left.status).toBe(200);
    site.set('/retention', articleHtml(SIXTY));
    expect((await workflow(['check', '--no-notify'], pairing)).code).toBe(0);
    expect((await workflow(['notify'], pairing)).code).toBe(0);
    await settled();
    expect(smtp.received).toHaveLength(2);
    expect((await (await fetch(`${serveUrl}/feed/retention.xml`)).text()).match(/<entry>/g)).toHaveLength(2);

    // A wrong token is refused, and the alert stays queued in the workflow for the next run.
    site.set('/retention', articleHtml(NINETY));
    await workflow(['check', '--no-notify'], pairing);
    const refused = await workflow(['notify'], { ...pairing, POLICYWATCH_SERVE_TOKEN: 'wrong-token-0123456789' });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('serve refused POLICYWATCH_SERVE_TOKEN');

    serve.kill('SIGTERM');
    expect(await new Promise((r) => serve.once('exit', r))).toBe(0);
    expect(serveErr).not.toContain('@example.org');
  });
});
