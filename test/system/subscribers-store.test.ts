import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFileSubscriberRepository, followOf, upsertSubscriber } from '../../src/notify/email/index.ts';
import { createSqliteSubscriberRepository } from '../../src/notify/email/subscribers/sqlite.ts';
import { openDatabase } from '../../src/store/database.ts';
import { createFsStore } from '../../src/store/index.ts';
import type { QueueRecord } from '../../src/store/index.ts';
import { makeChange, makeDoc } from '../notify/github/factories.ts';
import { FAST_APP } from '../support/app.ts';
import { runCli } from '../support/cli.ts';
import { makeTempDir } from '../support/temp-dir.ts';

/**
 * The `subscribers` commands edit the list the run mails: with serve's database present (email.subscriberStore
 * auto) or chosen (sqlite), that is the database, not the encrypted file beside it.
 */
const KEY = 'subscribers-store-test-key-0123456789';
let root: string;
const env = { POLICYWATCH_SUBSCRIBERS_KEY: KEY };
const cli = (args: string[]) => runCli(args, { env, cwd: root, app: FAST_APP });
const db = () => join(root, 'policywatch.db');
const file = () => join(root, 'subscribers.json.enc');

beforeEach(async () => {
  root = await makeTempDir();
  await mkdir(join(root, 'config', 'documents'), { recursive: true });
  await writeFile(join(root, 'config', 'documents', 'a.yaml'), 'documents:\n  - id: consumer-retention\n    title: Retention\n    url: https://policies.example.test/retention\n    topics: [retention]\n');
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function databaseAddresses(): Promise<string[]> {
  const handle = openDatabase(db());
  try {
    return (await createSqliteSubscriberRepository(handle).load()).subscribers.filter((s) => s.state === 'active').map((s) => s.address);
  } finally {
    handle.close();
  }
}

async function mailedTo(): Promise<string[]> {
  const event = makeChange({ doc: makeDoc({ id: 'consumer-retention', topics: ['retention'] }) });
  const record: QueueRecord = { version: 1, items: [{ event, pendingFor: ['subscribers'], attempts: 0 }] };
  await createFsStore(join(root, 'snapshots')).writeQueue(record);
  const notified = await cli(['notify', '--config', 'config']);
  expect(notified.code).toBe(0);
  const dir = join(root, 'outbox', 'email');
  const messages = await Promise.all((await readdir(dir)).map(async (name) => simpleParser(await readFile(join(dir, name)))));
  return messages.map((m) => m.to && !Array.isArray(m.to) ? m.to.value[0]!.address! : '').sort();
}

describe('the subscribers commands use the store the run uses', () => {
  it("with serve's database present (auto): add, list and remove work on it, and the run mails whom they added", async () => {
    // serve made the database; an older encrypted file still sits beside it, with a reader the run no longer reads.
    const handle = openDatabase(db());
    await createSqliteSubscriberRepository(handle).update((book) => {
      upsertSubscriber(book, { address: 'web.reader@example.org', follow: followOf(), consent: { kind: 'attested', by: 'serve form' }, source: 'cli' }, new Date());
    });
    handle.close();
    await createFileSubscriberRepository(file(), KEY).update((book) => {
      upsertSubscriber(book, { address: 'old.reader@example.org', follow: followOf(), consent: { kind: 'attested', by: 'old list' }, source: 'cli' }, new Date());
    });
    const fileBefore = await readFile(file(), 'utf8');

    const added = await cli(['subscribers', 'add', 'cli.reader@example.org', '--topics', 'retention', '--confirmed-by', 'meetup sheet', '--config', 'config']);
    expect(added.code).toBe(0);
    expect(await databaseAddresses()).toEqual(['web.reader@example.org', 'cli.reader@example.org']);
    expect(await readFile(file(), 'utf8')).toBe(fileBefore);

    const list = await cli(['subscribers', 'list', '--config', 'config']);
    expect(list.stdout).toContain("2 subscriber(s), 2 active, in serve's database policywatch.db\n");
    expect(list.stdout).not.toContain('o***@example.org');

    expect(await mailedTo()).toEqual(['cli.reader@example.org', 'web.reader@example.org']);

    expect((await cli(['subscribers', 'remove', 'web.reader@example.org', '--config', 'config'])).code).toBe(0);
    expect(await databaseAddresses()).toEqual(['cli.reader@example.org']);
  });

  it('with email.subscriberStore: sqlite and no database yet: add creates it, and no encrypted file appears', async () => {
    await writeFile(join(root, 'config', 'policywatch.yaml'), 'email:\n  subscriberStore: sqlite\n');
    const added = await cli(['subscribers', 'add', 'reader@example.org', '--confirmed-by', 'form', '--config', 'config']);
    expect(added.code).toBe(0);
    expect(await databaseAddresses()).toEqual(['reader@example.org']);
    expect(existsSync(file())).toBe(false);
  });

  it('--file still names an encrypted file, whatever the settings choose', async () => {
    openDatabase(db()).close();
    const added = await cli(['subscribers', 'add', 'reader@example.org', '--confirmed-by', 'form', '--config', 'config', '--file', 'elsewhere.json.enc']);
    expect(added.code).toBe(0);
    expect((await createFileSubscriberRepository(join(root, 'elsewhere.json.enc'), KEY).load()).subscribers.map((s) => s.address)).toEqual(['reader@example.org']);
    expect(await databaseAddresses()).toEqual([]);
    expect((await cli(['subscribers', 'list', '--config', 'config', '--file', 'elsewhere.json.enc'])).stdout).toContain('in the encrypted file elsewhere.json.enc');
  });
});
