import { beforeEach, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import { createApp } from '../../src/app/index.ts';
import { executeCheck } from '../../src/run/index.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { createMemoryLogger } from '../../src/shared/logger.ts';
import type { FakeGithub } from '../support/github-server.ts';
import type { TestSmtpServer } from '../support/smtp-server.ts';
import { runCli } from '../support/cli.ts';
import { FAST_APP } from '../support/app.ts';
import { articleHtml, type TestSite } from '../run/harness.ts';
import { NINETY, THIRTY, retentionDocumentYaml, useFullStack } from './stack.ts';

const KEY = 'system-test-subscribers-key-0123456789';
const READERS = ['ada@example.org', 'grace@example.org', 'linus@example.org', 'margaret@example.org'];

/**
 * The whole product against real parts: pages over local HTTP, issues on a GitHub API that validates every call
 * against GitHub's OpenAPI description, mail to a real SMTP server, snapshots in a real folder.
 */
describe('a full run: one issue and one email per reader per change, even across a crash', () => {
  const stack = useFullStack({
    readers: READERS,
    key: KEY,
    documentsYaml: retentionDocumentYaml,
  });
  let site: TestSite;
  let github: FakeGithub;
  let smtp: TestSmtpServer;
  let root: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(() => void ({ site, github, smtp, root, env } = stack));

  const check = async () => {
    const config = await loadConfig(join(root, 'config'));
    const logger = createMemoryLogger();
    const app = createApp({ ...FAST_APP, config, env, clock: systemClock, logger });
    const report = await executeCheck(app, { documents: config.documents, notify: true }).finally(() => app.close());
    expect(JSON.stringify(logger.records)).not.toMatch(/@example\.org/);
    return report;
  };

  it('first record, then a change: one issue, one mail per reader linking it; a re-run adds nothing and calls no API', async () => {
    site.set('/retention', articleHtml(THIRTY));
    expect((await check()).documents[0]?.outcome).toBe('first');
    expect(github.requests).toHaveLength(0);
    expect(smtp.received).toHaveLength(0);

    site.set('/retention', articleHtml(NINETY, 'b'));
    const changed = await check();
    expect(changed.documents[0]?.outcome).toBe('substantive');
    expect(github.issues).toHaveLength(1);
    const issue = github.issues[0]!;
    expect(issue.title).toMatch(/30 days → 90 days/);
    expect(issue.labels).toEqual(expect.arrayContaining(['policy-change', 'doc:retention', 'claim-changed']));
    expect(READERS.map((r) => smtp.countTo(r))).toEqual([1, 1, 1, 1]);
    for (const mail of smtp.received) {
      expect(mail.parsed.subject).toMatch(/30 days → 90 days/);
      expect(mail.parsed.text).toContain(`/issues/${issue.number}`);
      expect(mail.to).toHaveLength(1); // never one message with every reader's address on it
    }

    const before = github.requests.length;
    expect((await check()).documents[0]?.outcome).toBe('noise');
    expect(github.requests.length).toBe(before);
    expect(smtp.received).toHaveLength(READERS.length);
  });

  it('a run killed mid-batch, then re-run: still one issue and exactly one mail per reader', async () => {
    site.set('/retention', articleHtml(THIRTY));
    await check();
    site.set('/retention', articleHtml(NINETY, 'b'));

    // The second message hangs in DATA; the process is killed while it waits.
    smtp.behaviour.onData = (index) => (index === 2 ? 'hang' : 'accept');
    const child = spawn(process.execPath, [resolve('bin/run-ts.mjs'), resolve('test/system/fixtures/cli.ts'), 'check', '--config', join(root, 'config')], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const exited = new Promise((done) => child.on('exit', done));
    await smtp.waitForHang();
    child.kill('SIGKILL');
    await exited;
    expect(github.issues).toHaveLength(1);
    expect(smtp.received).toHaveLength(1);

    smtp.behaviour.onData = () => 'accept';
    // The killed run had recorded the snapshot before notifying: the re-run sees no new change and delivers
    // what the durable queue still owes.
    const rerun = await check();
    expect(rerun.documents[0]?.outcome).toBe('noise');
    expect(rerun.notifications.pending).toBe(0);
    expect(github.issues).toHaveLength(1);
    expect(READERS.map((r) => smtp.countTo(r))).toEqual([1, 1, 1, 1]);

    await check();
    expect(github.issues).toHaveLength(1);
    expect(smtp.received).toHaveLength(READERS.length);
  });

  it('a run killed while a change waits for its confirming re-fetch, then re-run: the change is neither lost nor told twice', async () => {
    site.set('/retention', articleHtml(THIRTY));
    await check();
    // The change is seen, held, and the confirming re-fetch never answers: the process is killed while it waits.
    site.serve('/retention', [articleHtml(NINETY, 'b'), 'hang']);
    const child = spawn(process.execPath, [resolve('bin/run-ts.mjs'), resolve('test/system/fixtures/cli.ts'), 'check', '--config', join(root, 'config')], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const exited = new Promise((done) => child.on('exit', done));
    await site.waitForHang();
    child.kill('SIGKILL');
    await exited;
    expect(github.issues).toHaveLength(0);
    expect(smtp.received).toHaveLength(0);
    expect(JSON.parse(await readFile(join(root, 'snapshots', 'retention', 'state.json'), 'utf8'))).toMatchObject({ pendingChange: { reason: 'unconfirmed' } });

    // The re-run's fetch is the second sighting: the same text confirms the change, told once.
    site.serve('/retention', [articleHtml(NINETY, 'b')]);
    expect((await check()).documents[0]?.outcome).toBe('substantive');
    expect(github.issues).toHaveLength(1);
    expect(READERS.map((r) => smtp.countTo(r))).toEqual([1, 1, 1, 1]);
    await check();
    expect(github.issues).toHaveLength(1);
    expect(smtp.received).toHaveLength(READERS.length);
  });

  it('as the workflow runs it: check --no-notify records and queues, notify delivers once and links the pushed commit', async () => {
    const config = join(root, 'config');
    site.set('/retention', articleHtml(THIRTY));
    expect((await runCli(['check', '--config', config, '--no-notify'], { env, app: FAST_APP })).code).toBe(0);
    site.set('/retention', articleHtml(NINETY, 'b'));
    const checked = await runCli(['check', '--config', config, '--no-notify', '--json'], { env, app: FAST_APP });
    expect(JSON.parse(checked.stdout).notifications).toMatchObject({ queued: 1, delivered: 0, pending: 1 });
    expect(github.requests).toHaveLength(0);
    expect(smtp.received).toHaveLength(0);

    const actions = { ...env, GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.example', GITHUB_SHA: 'base0001', POLICYWATCH_SNAPSHOT_COMMIT: 'snap0002' };
    const notified = await runCli(['notify', '--config', config, '--json'], { env: actions, app: FAST_APP });
    expect(notified.code).toBe(0);
    expect(JSON.parse(notified.stdout)).toMatchObject({ queued: 1, pending: 0, failed: [] });
    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]!.body).toContain(`https://github.example/${github.owner}/${github.repo}/commit/snap0002`);
    expect(READERS.map((r) => smtp.countTo(r))).toEqual([1, 1, 1, 1]);

    // Nothing left to deliver: a second notify does nothing.
    const again = await runCli(['notify', '--config', config, '--json'], { env: actions, app: FAST_APP });
    expect(JSON.parse(again.stdout)).toMatchObject({ queued: 0, delivered: 0 });
    expect(github.issues).toHaveLength(1);
    expect(smtp.received).toHaveLength(READERS.length);
  });
});
