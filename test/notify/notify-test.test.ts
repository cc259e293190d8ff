import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileSubscriberRepository, followOf, upsertSubscriber } from '../../src/notify/email/index.ts';
import { FAST_APP } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { startFakeGithub, type FakeGithub } from '../support/github-server.ts';
import { startHttpReceiver, type HttpReceiver } from '../support/http-receiver.ts';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { rm } from 'node:fs/promises';

const KEY = 'notify-test-subscribers-key-0123456789';

/** `policywatch notify --test` against every channel's real far end at once. */
describe('policywatch notify --test', () => {
  let root: string;
  let github: FakeGithub;
  let smtp: TestSmtpServer;
  let webhook: HttpReceiver;
  let slack: HttpReceiver;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    root = await makeTempDir();
    [github, smtp, webhook, slack] = await Promise.all([startFakeGithub(), startSmtpServer(), startHttpReceiver(), startHttpReceiver('/services/T/B/x')]);
    await mkdir(join(root, 'config', 'documents'), { recursive: true });
    await writeFile(join(root, 'config', 'policywatch.yaml'), 'email:\n  from: "Acme guide <guide@acme.test>"\n');
    await writeFile(join(root, 'config', 'documents', 'a.yaml'), 'documents:\n  - id: a\n    title: A\n    url: https://a.example/privacy\n');
    await createFileSubscriberRepository(join(root, 'subscribers.json.enc'), KEY).update((book) => {
      upsertSubscriber(book, { address: 'reader@example.org', follow: followOf([], []), consent: { kind: 'attested', by: 'test' }, source: 'cli' }, new Date());
    });
    env = {
      GITHUB_TOKEN: github.token,
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
      GITHUB_API_URL: github.url,
      SMTP_URL: smtp.url,
      POLICYWATCH_SUBSCRIBERS_KEY: KEY,
      POLICYWATCH_WEBHOOK_URL: webhook.url,
      POLICYWATCH_WEBHOOK_SECRET: 'notify-test-webhook-secret-0123',
      SLACK_WEBHOOK_URL: slack.url,
    };
  });
  afterEach(async () => {
    expect(github.violations).toEqual([]);
    await Promise.all([github.close(), smtp.close(), webhook.close(), slack.close()]);
    await rm(root, { recursive: true, force: true });
  });

  const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => runCli(['notify', '--test', ...args], { cwd: root, env: { ...env, ...extra }, app: FAST_APP });

  it('sends one test message through each configured channel, email only to --to, and queues nothing', async () => {
    const result = await run(['--to', 'Me@Example.com']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/✓ maintainers \(github\): opened and closed issue #1 /);
    expect(result.stdout).toMatch(/✓ subscribers \(smtp\): sent a test message to m\*\*\*@example\.com/);
    expect(result.stdout).toMatch(/✓ webhook \(webhook\): delivered a signed test event \(HTTP 200\)/);
    expect(result.stdout).toMatch(/✓ slack \(slack\): posted a test message \(HTTP 200\)/);

    expect(github.issues).toHaveLength(1);
    expect(github.issues[0]).toMatchObject({ title: 'policywatch test notification', state: 'closed' });
    expect(smtp.received.map((m) => m.to)).toEqual([['me@example.com']]);
    expect(smtp.countTo('reader@example.org')).toBe(0);
    expect(smtp.received[0]!.parsed.subject).toBe('policywatch test notification');
    const event = JSON.parse(webhook.requests[0]!.body) as { type: string; id: string };
    expect(event.type).toBe('test');
    expect(webhook.requests[0]!.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(JSON.parse(slack.requests[0]!.body)).toMatchObject({ text: 'policywatch test notification' });
    // Nothing was queued or recorded for the real alerts.
    expect(await readdir(join(root, 'snapshots')).catch(() => [])).toEqual([]);
    // No secret reaches the output.
    expect(result.stdout).not.toMatch(/notify-test-webhook-secret|services\/T\/B|subscribers-key/);
  });

  it('without --to sends no email and says how; a failing channel is named and exits 1; --to alone is a usage error', async () => {
    webhook.reply = () => 401;
    const result = await run([]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/✓ subscribers \(smtp\): nothing sent: give --to ADDRESS/);
    expect(result.stdout).toMatch(/✗ webhook \(webhook\): the webhook refused the event \(401\)/);
    expect(smtp.received).toHaveLength(0);

    const drafts = await runCli(['notify', '--test', '--to', 'me@example.com'], { cwd: root, env: {}, app: FAST_APP });
    expect(drafts.stdout).toMatch(/✓ maintainers \(issue-drafts\): wrote .*outbox\/issues\/policywatch-test-\d+\.md/);
    expect(drafts.stdout).toMatch(/✓ subscribers \(eml-drafts\): wrote a test message to m\*\*\*@example\.com as an \.eml file in .*outbox\/email\n/);
    expect(drafts.stdout).toMatch(/webhook \(none\): not tested: none \(no POLICYWATCH_WEBHOOK_URL\)/);

    const alone = await runCli(['notify', '--to', 'me@example.com'], { cwd: root, env: {} });
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('--to goes with --test');
    expect((await runCli(['notify', '--test', '--to', 'not an address'], { cwd: root, env: {} })).code).toBe(2);
  });
});
