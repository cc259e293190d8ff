import { join } from 'node:path';
import { readdir, rm } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/app/index.ts';
import { SettingsSchema } from '../../src/config/schema.ts';
import type { Fetcher } from '../../src/fetch/types.ts';
import { createFileSubscriberRepository } from '../../src/notify/email/index.ts';
import { NotificationQueue } from '../../src/notify/queue.ts';
import { ConfigError } from '../../src/shared/errors.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createMemoryStore } from '../../src/store/index.ts';
import { recordingNotifier } from '../run/harness.ts';
import { makeChange } from '../notify/github/factories.ts';
import { appConfig } from '../support/app.ts';
import { makeTempDir } from '../support/temp-dir.ts';

// A sender: SMTP refuses to start without email.from.
const settings = SettingsSchema.parse({ email: { from: 'Acme guide <guide@acme.test>' } });
const KEY = 'app-test-subscribers-key-0123456789';

describe('the composition root', () => {
  let root: string;
  beforeEach(async () => {
    root = await makeTempDir();
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const app = (env: NodeJS.ProcessEnv, extra: Omit<Parameters<typeof createApp>[0], 'config' | 'env'> = {}) =>
    createApp({ config: appConfig(settings, { rootDir: root }), env, logger: silentLogger, ...extra });
  const subscribe = () => createFileSubscriberRepository(join(root, settings.email.subscribersFile), KEY).update(() => undefined);

  it('without credentials: issue drafts, and no subscriber channel until someone subscribes', async () => {
    const bare = app({});
    expect(bare.channels.map((c) => [c.role, c.adapter])).toEqual([['maintainers', 'issue-drafts']]);
    expect(bare.channelLines).toEqual([
      `maintainers: issue drafts in ${join(root, 'outbox', 'issues')} (no GITHUB_TOKEN)`,
      'subscribers: none (no subscribers.json.enc and no policywatch.db; add subscribers with `policywatch subscribers add` or `policywatch serve`)',
      'webhook: none (no POLICYWATCH_WEBHOOK_URL)',
      'slack: none (no SLACK_WEBHOOK_URL)',
    ]);
    await bare.close();

    await subscribe();
    const drafts = app({ POLICYWATCH_SUBSCRIBERS_KEY: KEY });
    expect(drafts.channels.map((c) => c.adapter)).toEqual(['issue-drafts', 'eml-drafts']);
    expect(drafts.channelLines[1]).toBe(`subscribers: .eml files in ${join(root, 'outbox', 'email')} (no SMTP settings)`);
    await drafts.close();
  });

  it('with a token and SMTP settings: GitHub issues and email, described without the secrets', async () => {
    await subscribe();
    const env = { GITHUB_TOKEN: 'ghs_secret_token', GITHUB_REPOSITORY: 'acme/guide', SMTP_URL: 'smtp://bot:hunter2-secret@127.0.0.1:2525' };
    const full = app(env);
    expect(full.channels.map((c) => [c.role, c.adapter])).toEqual([['maintainers', 'github'], ['subscribers', 'smtp']]);
    expect(full.channelLines.slice(0, 2)).toEqual(['maintainers: GitHub issues in acme/guide', 'subscribers: email over SMTP']);
    expect(full.channelLines.join('\n')).not.toMatch(/secret|hunter2|bot:/);
    await full.close();
  });

  it('SMTP settings without email.from are a config error naming the field, raised when the channels are built', async () => {
    await subscribe();
    const unsent = createApp({ config: appConfig(SettingsSchema.parse({}), { rootDir: root }), env: { SMTP_URL: 'smtp://127.0.0.1:2525', POLICYWATCH_SUBSCRIBERS_KEY: KEY }, logger: silentLogger });
    expect(() => unsent.channels).toThrow(ConfigError);
    expect(() => unsent.channels).toThrow(/email\.from is not set/);
  });

  it('a token without a repository is a config error naming the fix, raised when the channels are built', () => {
    const broken = app({ GITHUB_TOKEN: 't' });
    expect(() => broken.channels).toThrow(ConfigError);
    expect(() => broken.channels).toThrow(/GITHUB_REPOSITORY or github\.repository/);
  });

  it('uses a ready store, fetcher and notifier as given, routes the notifier by its role, and closes only what it opened', async () => {
    let closed = 0;
    const fetcher: Fetcher = { fetch: async () => { throw new Error('not used'); }, close: async () => void closed++ };
    const store = createMemoryStore();
    const maintainers = recordingNotifier('recording');
    const given = app({}, { store, fetcher, notifiers: { maintainers } });
    expect(given.store).toBe(store);
    expect(given.fetcher).toBe(fetcher);
    const [channel] = given.channels;
    expect(channel).toMatchObject({ role: 'maintainers', adapter: 'recording', description: 'maintainers: recording (given)' });

    const formatting = makeChange({ kind: 'formatting', claimChanges: [], newHash: 'fmt' });
    const queue = await NotificationQueue.open(store);
    await queue.add([makeChange(), formatting], given.channels);
    await queue.dispatch(given.channels, silentLogger);
    expect(maintainers.seen.map((e) => e.id)).toEqual([makeChange().id]);

    await given.close();
    await given.close();
    expect(closed).toBe(0);
    expect(() => given.fetcher).toThrow(/closed/);
    expect(() => given.channels).toThrow(/closed/);
    expect(given.channelLines).toHaveLength(4);
  });

  it('refuses a ready notifier for a role no channel serves', () => {
    expect(() => app({}, { notifiers: { webhooks: recordingNotifier('x') } }).channels).toThrow(/no channel role "webhooks"/);
  });

  it('builds its own fetcher once, on first use, and writes drafts where outboxDir says', async () => {
    const outboxDir = join(root, 'elsewhere');
    const own = app({}, { outboxDir });
    expect(own.fetcher).toBe(own.fetcher);
    const [channel] = own.channels;
    await channel!.deliver([makeChange()]);
    expect(await readdir(join(outboxDir, 'issues'))).toHaveLength(1);
    await own.close();
    expect(() => own.fetcher).toThrow(/closed/);
  });
});
