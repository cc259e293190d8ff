import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { registerSubscribersCommand } from '../../../src/cli/commands/subscribers.ts';
import { createFixedClock } from '../../../src/shared/clock.ts';
import { loadSubscribers } from '../../../src/notify/email/index.ts';
import { startSmtpServer } from '../../support/smtp-server.ts';
import { NOW } from './factories.ts';

const KEY = 'the subscribers key for the cli test';
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pw-subs-cli-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

async function cli(args: string[], env: NodeJS.ProcessEnv = { POLICYWATCH_SUBSCRIBERS_KEY: KEY }) {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const program = new Command('policywatch').exitOverride();
  registerSubscribersCommand(program, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    env,
    cwd: dir,
    clock: createFixedClock(NOW),
    setExitCode: (c) => (code = Math.max(code, c)),
  });
  await program.parseAsync(['subscribers', ...args], { from: 'user' });
  return { stdout, stderr, code };
}

it('add --confirm writes a confirmation note to the outbox; its code activates the subscription', async () => {
  const added = await cli(['add', 'Reader@Example.com', '--topics', 'training,retention', '--confirm']);
  expect(added.code).toBe(0);
  expect(added.stdout).toContain('added r***@example.com: pending');
  const files = await readdir(join(dir, 'outbox'));
  expect(files).toHaveLength(1);
  expect(files[0]).not.toMatch(/reader/i);
  const note = await simpleParser(await readFile(join(dir, 'outbox', files[0]!)));
  expect(note.subject).toBe('Confirm your policywatch subscription');
  const code = /[0-9A-Z]{5}-[0-9A-Z]{5}/.exec(note.text ?? '')?.[0];
  expect(code).toBeDefined();

  expect((await cli(['list'])).stdout).toContain('r***@example.com\tpending');
  const confirmed = await cli(['confirm', code!]);
  expect(confirmed).toMatchObject({ code: 0, stderr: '' });
  const list = await cli(['list']);
  expect(list.stdout).toContain('r***@example.com\tactive\ttopic:retention topic:training');
  expect(list.stdout).toContain('confirmed by email');
  expect(list.stdout).not.toContain('reader@');
  expect((await cli(['list', '--reveal'])).stdout).toContain('reader@example.com\tactive');
  expect((await cli(['confirm', code!])).code).toBe(2);
});

it('add --confirm sends the note over SMTP when SMTP_URL is set, from email.from', async () => {
  const server = await startSmtpServer();
  try {
    await mkdir(join(dir, 'config', 'documents'), { recursive: true });
    await writeFile(join(dir, 'config', 'policywatch.yaml'), 'email:\n  from: "Acme guide <guide@acme.example>"\n');
    await writeFile(join(dir, 'config', 'documents', 'a.yaml'), 'documents:\n  - id: a\n    title: A\n    url: https://acme.example/privacy\n');
    const result = await cli(['add', 'reader@example.com', '--confirm'], { POLICYWATCH_SUBSCRIBERS_KEY: KEY, SMTP_URL: server.url });
    expect(result.code).toBe(0);
    expect(server.countTo('reader@example.com')).toBe(1);
    expect(server.received[0]!.parsed.from?.value[0]).toMatchObject({ name: 'Acme guide', address: 'guide@acme.example' });
    expect(server.received[0]!.parsed.text).toMatch(/policywatch subscribers confirm [0-9A-Z]{5}-[0-9A-Z]{5}/);
  } finally {
    await server.close();
  }
});

it('refuses to send over SMTP without email.from, naming the field and the fix', async () => {
  const server = await startSmtpServer();
  try {
    await expect(cli(['add', 'reader@example.com', '--confirm'], { POLICYWATCH_SUBSCRIBERS_KEY: KEY, SMTP_URL: server.url })).rejects.toMatchObject({
      message: expect.stringMatching(/email\.from/),
      problems: [expect.stringMatching(/email: \{ from: "Your guide <guide@your-domain\.example>" \}/)],
    });
    expect(server.received).toHaveLength(0);
  } finally {
    await server.close();
  }
});

it('requires a consent statement, imports CSV with merges, exports masked, removes', async () => {
  const noConsent = await cli(['add', 'reader@example.com']);
  expect(noConsent.code).toBe(2);
  expect(noConsent.stderr).toContain('--confirmed-by');

  expect((await cli(['add', 'reader@example.com', '--docs', 'claude-privacy', '--confirmed-by', 'newsletter form, 2024-05'])).code).toBe(0);
  await writeFile(join(dir, 'in.csv'), 'email,topics\nREADER@example.com,training\nother@example.org,\n');
  const imported = await cli(['import', 'in.csv', '--confirmed-by', 'conference sign-up sheet']);
  expect(imported.stdout).toContain('1 added, 1 merged');
  const book = await loadSubscribers(join(dir, 'subscribers.json.enc'), KEY);
  expect(book.subscribers.map((s) => [s.address, s.follow, s.consent])).toEqual([
    ['reader@example.com', { kind: 'some', docs: ['claude-privacy'], topics: ['training'] }, { method: 'attested', by: 'newsletter form, 2024-05', at: NOW }],
    ['other@example.org', { kind: 'all' }, { method: 'attested', by: 'conference sign-up sheet', at: NOW }],
  ]);

  const exported = await cli(['export']);
  expect(exported.stdout.split('\n')[1]).toMatch(/^r\*\*\*@example\.com,active,training,claude-privacy,/);
  expect(exported.stdout).not.toContain('reader@');
  expect((await cli(['remove', 'reader@example.com'])).stdout).toBe('unsubscribed r***@example.com\n');
  expect((await cli(['list'])).stdout).toContain('r***@example.com\tunsubscribed');
});

it('a wrong key or a bad CSV line fails clearly without printing an address, and changes nothing', async () => {
  await cli(['add', 'secret.reader@example.com', '--confirmed-by', 'form']);
  const before = await readFile(join(dir, 'subscribers.json.enc'));
  const wrong = await cli(['add', 'x@example.com', '--confirmed-by', 'form'], { POLICYWATCH_SUBSCRIBERS_KEY: 'not the right key at all' });
  expect(wrong.code).toBe(2);
  expect(wrong.stderr).toContain('wrong key');
  await writeFile(join(dir, 'bad.csv'), 'email\nsecret.other@example.com\nnot an address\n');
  const bad = await cli(['import', 'bad.csv', '--confirmed-by', 'form']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('line 3: not a valid email address');
  for (const out of [wrong.stderr, wrong.stdout, bad.stderr, bad.stdout]) expect(out).not.toMatch(/secret\.|x@example/);
  expect(await readFile(join(dir, 'subscribers.json.enc'))).toEqual(before);
});

it('a missing CSV file or an undeclared topic is the user\'s mistake: exit 2, saying what to give', async () => {
  const missing = await cli(['import', 'nowhere.csv', '--confirmed-by', 'form']);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('cannot read nowhere.csv (no such file); give the path of a CSV file with an "email" column');

  await mkdir(join(dir, 'config', 'documents'), { recursive: true });
  await writeFile(join(dir, 'config', 'policywatch.yaml'), 'topics: [cookies]\n');
  await writeFile(join(dir, 'config', 'documents', 'a.yaml'), 'documents:\n  - id: a\n    title: A\n    url: https://acme.example/privacy\n');
  expect((await cli(['add', 'reader@example.com', '--topics', 'cookies', '--confirmed-by', 'form'])).code).toBe(0);
  const unknown = await cli(['add', 'other@example.com', '--topics', 'training', '--confirmed-by', 'form']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toContain('unknown topic "training"; the declared topics are cookies');
});
