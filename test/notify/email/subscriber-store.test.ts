import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { createFileSubscriberRepository, createMemorySubscriberRepository } from '../../../src/notify/email/subscribers/file.ts';
import { createSqliteSubscriberRepository } from '../../../src/notify/email/subscribers/sqlite.ts';
import { openDatabase } from '../../../src/store/database.ts';
import type { Db } from '../../../src/store/database.ts';
import { makeTempDir } from '../../support/temp-dir.ts';
import { subscriberStoreContract } from './subscriber-store-contract.ts';

const KEY = 'correct horse battery staple';

subscriberStoreContract({
  name: 'encrypted file',
  async create() {
    const dir = await makeTempDir();
    const path = join(dir, 'subscribers.json.enc');
    return { repo: createFileSubscriberRepository(path, KEY), reopen: () => createFileSubscriberRepository(path, KEY), cleanup: () => rm(dir, { recursive: true, force: true }) };
  },
});

subscriberStoreContract({
  name: 'SQLite',
  async create() {
    const dir = await makeTempDir();
    const path = join(dir, 'policywatch.db');
    const handles: Db[] = [openDatabase(path)];
    return {
      repo: createSqliteSubscriberRepository(handles[0]!),
      // A second connection, as a `check` in another process would open.
      reopen: () => createSqliteSubscriberRepository(handles[handles.push(openDatabase(path)) - 1]!),
      cleanup: async () => {
        for (const db of handles) db.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  },
});

subscriberStoreContract({
  name: 'memory',
  async create() {
    const repo = createMemorySubscriberRepository();
    return { repo, reopen: () => repo, cleanup: async () => {} };
  },
});
