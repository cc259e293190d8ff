import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileSubscriberRepository, followOf, upsertSubscriber } from '../../src/notify/email/index.ts';
import { draftFileName } from '../../src/notify/outbox/index.ts';
import { createFsStore } from '../../src/store/index.ts';
import type { QueueRecord } from '../../src/store/index.ts';
import { FAST_APP } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';
import { makeChange, makeDoc } from '../notify/github/factories.ts';
import { git, makeRepos, write, type Repos } from '../publish/git-fixture.ts';

/**
 * Every file policywatch reads back, damaged: the error names the file, what is wrong and the fix, and the damaged
 * file is left exactly as it was (nothing recorded is lost by being "repaired" over).
 */
const KEY = 'damaged-files-test-key-0123456789';
const READER = 'secret.reader@example.org';

let root: string;
let env: NodeJS.ProcessEnv;
beforeEach(async () => {
  root = await makeTempDir();
  await mkdir(join(root, 'config', 'documents'), { recursive: true });
  await writeFile(join(root, 'config', 'policywatch.yaml'), 'http:\n  allowPrivateNetwork: true\n');
  await writeFile(join(root, 'config', 'documents', 'a.yaml'), 'documents:\n  - id: consumer-retention\n    title: Retention\n    url: https://policies.example.test/retention\n');
  await createFileSubscriberRepository(join(root, 'subscribers.json.enc'), KEY).update((book) => {
    upsertSubscriber(book, { address: READER, follow: followOf(), consent: { kind: 'attested', by: 'test' }, source: 'cli' }, new Date());
  });
  env = { POLICYWATCH_SUBSCRIBERS_KEY: KEY };
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const cli = (args: string[], cwd = root) => runCli(args, { env, cwd, app: FAST_APP });

/** The one change both audiences are owed, queued as `check --no-notify` leaves it. */
async function queueOneChange(): Promise<string> {
  const event = makeChange({ doc: makeDoc({ id: 'consumer-retention', topics: ['retention'] }) });
  const record: QueueRecord = { version: 1, items: [{ event, pendingFor: ['maintainers', 'subscribers'], attempts: 0 }] };
  await createFsStore(join(root, 'snapshots')).writeQueue(record);
  return event.id;
}

function expectNamed(text: string, file: string, what: RegExp, fix: RegExp): void {
  expect(text).toContain(file);
  expect(text).toMatch(what);
  expect(text).toMatch(fix);
  expect(text).not.toContain(READER);
}

describe('a damaged subscribers file', () => {
  const file = () => join(root, 'subscribers.json.enc');
  const damages: { name: string; damage: (original: string) => string; what: RegExp }[] = [
    { name: 'not JSON', damage: (o) => o.slice(0, 40), what: /is damaged: it is not a policywatch subscribers file/ },
    { name: 'JSON, but not the envelope', damage: () => '{"subscribers": []}\n', what: /not the encrypted JSON envelope \(field "format"/ },
    {
      name: 'encrypted data changed',
      damage: (o) => o.replace(/"data": "(.)/, (_m, c: string) => `"data": "${c === 'A' ? 'B' : 'A'}`),
      what: /is damaged: its encrypted data fails authentication/,
    },
  ];
  for (const { name, damage, what } of damages) {
    it(`${name}: list, add and a mailing run name the file, the problem and the fix, and never overwrite it`, async () => {
      const damaged = damage(await readFile(file(), 'utf8'));
      await writeFile(file(), damaged);
      const fix = /restore it from git \(git checkout -- .*subscribers\.json\.enc\)/;

      const list = await cli(['subscribers', 'list', '--config', 'config']);
      expect(list.code).toBe(2);
      expectNamed(list.stderr, file(), what, fix);
      const add = await cli(['subscribers', 'add', 'new.reader@example.org', '--config', 'config', '--confirmed-by', 'form']);
      expect(add.code).toBe(2);
      expectNamed(add.stderr, file(), what, fix);

      const eventId = await queueOneChange();
      const notified = await cli(['notify', '--config', 'config', '--json']);
      expect(notified.code).toBe(1);
      const result = JSON.parse(notified.stdout) as { failed: { eventId: string; error: string }[]; pending: number };
      expect(result.pending).toBe(1);
      const failure = result.failed.find((f) => f.eventId === eventId && f.error.includes('subscribers'));
      expectNamed(failure?.error ?? '', file(), what, fix);

      expect(await readFile(file(), 'utf8')).toBe(damaged);
    });
  }

  it('a wrong key names the file and the fix, and changes nothing', async () => {
    const before = await readFile(file(), 'utf8');
    env = { POLICYWATCH_SUBSCRIBERS_KEY: 'not the key this file was written with' };
    const list = await cli(['subscribers', 'list', '--config', 'config']);
    expect(list.code).toBe(2);
    expectNamed(list.stderr, file(), /does not open .* \(wrong key\)/, /Set it to the key the file was written with/);
    expect(await readFile(file(), 'utf8')).toBe(before);
  });
});

describe('a damaged subscriber database', () => {
  const garbage = 'not a database, only text that happens to sit where the database goes\n'.repeat(100);
  const fix = /restore it from your backup/;

  it('a mailing run fails only the subscribers\' delivery, naming the file and the fix: exit 1, the alert stays queued, the database is left', async () => {
    const db = join(root, 'policywatch.db');
    await writeFile(db, garbage);
    const eventId = await queueOneChange();
    const notified = await cli(['notify', '--config', 'config', '--json']);
    expect(notified.code).toBe(1);
    const result = JSON.parse(notified.stdout) as { failed: { notifier: string; eventId: string; error: string }[]; pending: number };
    expect(result.pending).toBe(1);
    expect(result.failed.map((f) => [f.notifier, f.eventId])).toEqual([['subscribers', eventId]]);
    expectNamed(result.failed[0]!.error, db, /is damaged: it is not an SQLite database/, fix);
    // The maintainers heard of it all the same.
    expect(await readdir(join(root, 'outbox', 'issues'))).toEqual([draftFileName(eventId)]);
    expect(await readFile(db, 'utf8')).toBe(garbage);

    // Restored, the next run delivers what was owed, once.
    await rm(db);
    const retried = await cli(['notify', '--config', 'config', '--json']);
    expect(retried.code).toBe(0);
    expect(JSON.parse(retried.stdout)).toMatchObject({ failed: [], pending: 0 });
  });

  it('the subscribers commands name the file and the fix: exit 2, nothing written', async () => {
    const db = join(root, 'policywatch.db');
    await writeFile(db, garbage);
    for (const args of [['list'], ['add', 'new.reader@example.org', '--confirmed-by', 'form']]) {
      const result = await cli(['subscribers', ...args, '--config', 'config']);
      expect(result.code).toBe(2);
      expectNamed(result.stderr, db, /is damaged: it is not an SQLite database/, fix);
    }
    expect(await readFile(db, 'utf8')).toBe(garbage);
  });

  it('one written by a newer policywatch: exit 2, saying to upgrade', async () => {
    const db = join(root, 'policywatch.db');
    const { openDatabase } = await import('../../src/store/database.ts');
    const handle = openDatabase(db);
    handle.pragma('user_version = 99');
    handle.close();
    const result = await cli(['subscribers', 'list', '--config', 'config']);
    expect(result.code).toBe(2);
    expectNamed(result.stderr, 'policywatch.db', /has schema version 99, newer than this policywatch knows/, /upgrade policywatch/);
  });
});

describe('a damaged notification queue', () => {
  it('notify stops before sending anything: exit 2 (the user restores the file), naming the file and the fix, and leaves it', async () => {
    await queueOneChange();
    const queue = join(root, 'snapshots', '_records', 'notifications.json');
    await writeFile(queue, '{"version": 1, "items": [');
    const result = await cli(['notify', '--config', 'config']);
    expect(result.code).toBe(2);
    expectNamed(result.stderr, 'notifications.json', /not valid JSON/, /restore it from git: git checkout -- \S*snapshots\/_records\/notifications\.json/);
    expect(await readFile(queue, 'utf8')).toBe('{"version": 1, "items": [');
    await expect(readdir(join(root, 'outbox'))).rejects.toThrow(/ENOENT/);
  });
});

describe('a damaged config', () => {
  it('names the file, the line and the fix, and runs nothing', async () => {
    const yaml = join(root, 'config', 'policywatch.yaml');
    await writeFile(yaml, 'http:\n  allowPrivateNetwork: [true\n');
    for (const args of [['validate', '--config', 'config'], ['check', '--config', 'config']]) {
      const result = await cli(args);
      expect(result.code).toBe(2);
      expectNamed(result.stderr, 'policywatch.yaml:', /YAML syntax error/, /fix the indentation or quoting there/);
    }
    expect(await readFile(yaml, 'utf8')).toBe('http:\n  allowPrivateNetwork: [true\n');
    await expect(readdir(join(root, 'snapshots'))).rejects.toThrow(/ENOENT/);
  });
});

describe('a damaged claims.json', () => {
  for (const [name, content, what] of [
    ['not JSON', '{"version": 1, "claims": [', /the claims report is not valid JSON/],
    ['not a claims report', '{"version": 2}\n', /the claims report does not match its schema[\s\S]*version/],
  ] as const) {
    it(`${name}: \`claims\` names the file, the problem and the fix, and leaves it`, async () => {
      const path = join(root, 'claims.json');
      await writeFile(path, content);
      const result = await cli(['claims', '--config', 'config']);
      expect(result.code).not.toBe(0);
      expectNamed(result.stderr, path, what, /the next `policywatch check` writes it again from snapshots\/_records, or restore it from git/);
      expect(await readFile(path, 'utf8')).toBe(content);
    });
  }
});

describe('a damaged run report', () => {
  for (const [name, content, what, fix] of [
    ['not JSON', '{"documents": [', /is not JSON/, /was it written by --json\?/],
    ['not a run report', '{"documents": 3}\n', /is not a run report: field "documents"/, /write it with `policywatch check --json`/],
  ] as const) {
    it(`${name}: publish names the file, the problem and the fix, and commits nothing`, async () => {
      const path = join(root, 'report.json');
      await writeFile(path, content);
      const result = await cli(['publish', '--config', 'config', '--report', 'report.json', '--no-push']);
      expect(result.code).toBe(1);
      expectNamed(result.stderr, path, what, fix);
      expect(await readFile(path, 'utf8')).toBe(content);
    });
  }
});

describe('a damaged shard bundle', () => {
  let repos: Repos;
  const QUEUE = 'snapshots/_records/notifications.json';
  const GOOD_QUEUE = '{\n  "version": 1,\n  "items": []\n}\n';
  beforeEach(async () => {
    repos = await makeRepos({ 'snapshots/a/text.md': 'a1\n', [QUEUE]: GOOD_QUEUE });
    await write(repos.a, 'snapshots/a/text.md', 'a2\n');
    await write(repos.a, QUEUE, '{\n  "version": 1,\n  "items": [],\n  "shard": 1\n}\n');
    const report = { documents: [{ id: 'a', title: 'a', url: 'https://example.test/a', outcome: 'substantive' }], claims: { verified: 0, reworded: 0, missing: 0 }, issues: [], shard: { index: 1, count: 1 } };
    await writeFile(join(repos.root, 'r1.json'), JSON.stringify(report));
    expect((await runCli(['publish', '--report', '../r1.json', '--bundle', '../shard-1'], { cwd: repos.a, env: { GIT_CONFIG_GLOBAL: '/dev/null' } })).code).toBe(0);
    await git(repos.root, 'clone', '--quiet', repos.remote, join(repos.root, 'merge'));
  });
  afterEach(() => repos.cleanup());

  const bundle = (path: string) => join(repos.root, 'shard-1', path);
  const damages: { name: string; damage: () => Promise<void>; file: string; what: RegExp }[] = [
    { name: 'a manifest that is not JSON', damage: () => writeFile(bundle('policywatch-shard.json'), '{"version": 1,'), file: 'policywatch-shard.json', what: /is not valid JSON/ },
    {
      name: 'a manifest of another shape',
      damage: () => writeFile(bundle('policywatch-shard.json'), JSON.stringify({ version: 1, base: 'abc', files: 'all', deleted: [] })),
      file: 'policywatch-shard.json',
      what: /is not a shard manifest: field "files"/,
    },
    { name: 'a report that is not a run report', damage: () => writeFile(bundle('report.json'), '{"documents": 3}'), file: 'report.json', what: /is not a run report: field "documents"/ },
    { name: 'a truncated record', damage: () => writeFile(bundle(`files/${QUEUE}`), '{\n  "version": 1,\n  "ite'), file: QUEUE, what: /is not valid JSON/ },
    { name: 'a listed file that is missing', damage: () => rm(bundle('files/snapshots/a/text.md')), file: 'snapshots/a/text.md', what: /is missing/ },
  ];
  for (const { name, damage, file, what } of damages) {
    it(`${name}: merge-shards names the file, the problem and the fix, and writes nothing`, async () => {
      await damage();
      const merge = join(repos.root, 'merge');
      const result = await runCli(['merge-shards', '../shard-1', '--repo', '.'], { cwd: merge });
      expect(result.code).toBe(1);
      expectNamed(result.stderr, file, what, /nothing was merged\. Download the artifact again or re-run that shard job/);
      expect(await readFile(join(merge, QUEUE), 'utf8')).toBe(GOOD_QUEUE);
      expect(await readFile(join(merge, 'snapshots/a/text.md'), 'utf8')).toBe('a1\n');
    });
  }
});

describe('a blocked outbox', () => {
  it('a folder where a draft or an .eml goes: the failure names the path and the fix, and the delivery stays queued', async () => {
    const eventId = await queueOneChange();
    const draft = join(root, 'outbox', 'issues', draftFileName(eventId));
    await mkdir(join(draft, 'kept'), { recursive: true });
    // The Message-ID is not known in advance: block every name at once by making the email folder a file.
    await writeFile(join(root, 'outbox', 'email'), 'not a folder');

    const result = await cli(['notify', '--config', 'config', '--json']);
    expect(result.code).toBe(1);
    const { failed, pending } = JSON.parse(result.stdout) as { failed: { error: string }[]; pending: number };
    expect(pending).toBe(1);
    const errors = failed.map((f) => f.error).join('\n');
    expectNamed(errors, draft, /could not write the issue draft/, /move away what is in its place: the draft stays queued/);
    expectNamed(errors, join(root, 'outbox', 'email'), /could not write the message to .*\.eml/, /move away what is in its place: the message stays queued/);
    expect(await readdir(draft)).toEqual(['kept']);
    expect(await readFile(join(root, 'outbox', 'email'), 'utf8')).toBe('not a folder');
  });
});

describe('a damaged email journal', () => {
  it('a mailing run names the file and the fix, sends nothing, and leaves it', async () => {
    await queueOneChange();
    const journal = join(root, 'snapshots', '_records', 'email-journal.json');
    await writeFile(journal, '{"version": 1, "sending": [{"key": "k"}], "outcomes": []}\n');
    const result = await cli(['notify', '--config', 'config', '--json']);
    expect(result.code).toBe(1);
    const { failed } = JSON.parse(result.stdout) as { failed: { error: string }[] };
    expectNamed(failed.map((f) => f.error).join('\n'), 'email-journal.json', /email delivery journal.*field "sending\.0\.eventIds"/, /restore it from git/);
    expect(await readFile(journal, 'utf8')).toBe('{"version": 1, "sending": [{"key": "k"}], "outcomes": []}\n');
    await expect(readdir(join(root, 'outbox', 'email'))).rejects.toThrow(/ENOENT/);
  });
});
