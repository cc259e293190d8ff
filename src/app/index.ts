import type { LoadedConfig } from '../config/load.ts';
import { resolveFromRoot } from '../config/load.ts';
import type { Settings } from '../config/schema.ts';
import { createFetcher } from '../fetch/index.ts';
import type { Fetcher, FetcherDeps } from '../fetch/types.ts';
import type { Channel, ChannelInput, OpenedChannels } from '../notify/channel.ts';
import { openChannels } from '../notify/channel.ts';
import type { Notifier } from '../notify/port.ts';
import { CHANNELS } from '../notify/registry.ts';
import type { ChannelOptions } from '../notify/registry.ts';
import type { Clock } from '../shared/clock.ts';
import { systemClock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { createStreamLogger } from '../shared/logger.ts';
import { redactorFor } from '../untrusted/index.ts';
import { createFsStore } from '../store/index.ts';
import type { SnapshotStore } from '../store/types.ts';
import type { Db } from '../store/database.ts';
import { openDatabase } from '../store/database.ts';
import type { SubscriberLinks } from '../notify/email/links.ts';
import { createSignedLinks } from '../notify/email/links.ts';
import type { SubscriberRepository } from '../notify/email/subscribers/port.ts';
import { openSubscriberStore } from '../notify/email/subscribers/open.ts';
import type { OpenedSubscriberStore } from '../notify/email/subscribers/open.ts';
import { createOutboxTransport, createSmtpTransport } from '../notify/email/transport.ts';
import type { MailTransport, SmtpPoolOptions } from '../notify/email/transport.ts';
import { createTokenSigner, SERVE_SECRET_ENV, serveSecret } from '../shared/tokens.ts';
import type { TokenSigner } from '../shared/tokens.ts';
import { join } from 'node:path';

/** Fetcher settings that are not in the config: loopback for local fixture sites, the browser binary, jitter. */
export type FetchOptions = Pick<FetcherDeps, 'allowLoopback' | 'browserExecutablePath' | 'random'>;

export interface AppOptions {
  config: LoadedConfig;
  /** Credentials and runner settings (the CLI passes process.env). Read by the channels and the browser discovery. */
  env: NodeJS.ProcessEnv;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: one line per record on stderr. */
  logger?: Logger;
  /** A ready store instead of the folder settings.paths.snapshots names. */
  store?: SnapshotStore;
  /** A ready fetcher instead of the HTTP/browser one; its owner closes it. */
  fetcher?: Fetcher;
  fetch?: FetchOptions;
  /** Ready notifiers by role ("maintainers", "subscribers"), used instead of what the registry would build. */
  notifiers?: Readonly<Record<string, Notifier>>;
  /** Overrides per channel adapter: GitHub write spacing and retry timing, the SMTP pool, email retries. */
  channels?: ChannelOptions;
  /** Where drafts go without credentials; default settings.paths.outbox. */
  outboxDir?: string;
  /** A ready SQLite database instead of the one at settings.paths.database; its owner closes it. */
  database?: Db;
  /** A ready subscriber store instead of the one email.subscriberStore selects; its owner closes it. */
  subscribers?: SubscriberRepository;
  /** With email.subscriberStore auto and neither store there yet: serve starts the database, the commands the file. */
  preferDatabase?: boolean;
  /** Where serve is reached, for the links in emails (default settings.serve.publicUrl). */
  publicUrl?: string;
  /** A ready transport for the notes serve sends itself (confirmations) instead of SMTP or .eml drafts. */
  mailTransport?: MailTransport;
  /** The SMTP pool of serve's own notes. */
  smtp?: SmtpPoolOptions;
}

/** What a CLI context may carry into every command's app: the overrides, not what each command reads itself. */
export type AppOverrides = Omit<AppOptions, 'config' | 'env' | 'clock' | 'logger'>;

export interface App {
  readonly config: LoadedConfig;
  readonly settings: Settings;
  readonly env: NodeJS.ProcessEnv;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: SnapshotStore;
  /** Built on first use: commands that never fetch never start one. */
  readonly fetcher: Fetcher;
  /** One channel per served role, in delivery order; built on first use (a half-set GitHub config throws here). */
  readonly channels: readonly Channel[];
  /** One secret-free line per role: where notifications go this run. Still readable after close(). */
  readonly channelLines: readonly string[];
  /** serve's SQLite database (settings.paths.database), opened and migrated on first use. */
  readonly database: Db;
  /** The subscriber store email.subscriberStore selects, opened on first use; the email channels share it. */
  readonly subscribers: SubscriberRepository;
  /** Which store that is, secret-free: "SQLite database policywatch.db". */
  readonly subscribersDescription: string;
  /** Signs serve's links and form tokens; throws a ConfigError naming POLICYWATCH_SERVE_SECRET when it is missing. */
  readonly signer: TokenSigner;
  /** serve's signed links, when the secret and a public URL are known; otherwise emails keep unsubscribeUrlBase. */
  readonly subscriberLinks: SubscriberLinks | undefined;
  /** The transport of the notes serve sends itself: SMTP when configured, else .eml drafts in the outbox. */
  readonly mailTransport: MailTransport;
  /** Closes what the app opened (the fetcher and its browser, SMTP pools); never a ready instance it was given. */
  close(): Promise<void>;
}

/**
 * The composition root: the one place that turns config and environment into the store, the fetcher and the
 * notification channels. The CLI, the demo and the tests build through it, so what runs is what is tested;
 * tests pass overrides (timings, ready instances) instead of wiring adapters by hand.
 */
export function createApp(options: AppOptions): App {
  const { config, env } = options;
  const settings = config.settings;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createStreamLogger({ redact: redactorFor(env) });
  const store = options.store ?? createFsStore(resolveFromRoot(config, settings.paths.snapshots));
  const outboxDir = options.outboxDir ?? resolveFromRoot(config, settings.paths.outbox);
  let fetcher = options.fetcher;
  let ownFetcher: Fetcher | undefined;
  let opened: OpenedChannels | undefined;
  let closed = false;
  let ownDatabase: Db | undefined;
  let subscriberStore: OpenedSubscriberStore | undefined;
  let signer: TokenSigner | undefined;
  let links: SubscriberLinks | undefined | null;
  let transport: MailTransport | undefined;
  let ownTransport: MailTransport | undefined;

  const database = (): Db => {
    stillOpen();
    return options.database ?? (ownDatabase ??= openDatabase(resolveFromRoot(config, settings.paths.database)));
  };
  const subscribers = (): SubscriberRepository => {
    stillOpen();
    if (options.subscribers) return options.subscribers;
    subscriberStore ??= openSubscriberStore(config, env, { database, prefer: options.preferDatabase ? 'sqlite' : 'file' });
    return subscriberStore.repository;
  };
  const subscriberLinks = (): SubscriberLinks | undefined => {
    if (links !== undefined) return links ?? undefined;
    const publicUrl = options.publicUrl ?? settings.serve.publicUrl;
    links = env[SERVE_SECRET_ENV] && publicUrl ? createSignedLinks({ signer: app.signer, publicUrl, clock, linkDays: settings.serve.linkDays, confirmHours: settings.serve.confirmHours }) : null;
    return links ?? undefined;
  };

  const stillOpen = () => {
    if (closed) throw new Error('this app was closed; create a new one');
  };
  const channels = (): OpenedChannels => {
    if (opened) return opened;
    stillOpen();
    const signed = subscriberLinks();
    const input: ChannelInput = { config, settings, env, store, clock, logger, outboxDir, subscribers, ...(signed ? { subscriberLinks: signed } : {}) };
    opened = openChannels(CHANNELS, input, {
      ...(options.channels ? { options: options.channels } : {}),
      ...(options.notifiers ? { notifiers: options.notifiers } : {}),
    });
    return opened;
  };

  const app: App = {
    config,
    settings,
    env,
    clock,
    logger,
    store,
    get fetcher() {
      stillOpen();
      fetcher ??= ownFetcher = createFetcher({ settings, clock, logger, env, ...options.fetch });
      return fetcher;
    },
    get channels() {
      stillOpen();
      return channels().channels;
    },
    get channelLines() {
      return channels().lines;
    },
    get database() {
      return database();
    },
    get subscribers() {
      return subscribers();
    },
    get subscribersDescription() {
      if (options.subscribers) return 'subscribers: given';
      subscribers();
      const choice = subscriberStore!.choice;
      return choice.kind === 'sqlite' ? `subscribers: SQLite database ${choice.shownAs}` : `subscribers: encrypted file ${choice.shownAs}`;
    },
    get signer() {
      signer ??= createTokenSigner(serveSecret(env));
      return signer;
    },
    get subscriberLinks() {
      return subscriberLinks();
    },
    get mailTransport() {
      stillOpen();
      transport ??= options.mailTransport ?? (ownTransport = createSmtpTransport(env, settings, options.smtp) ?? createOutboxTransport(join(outboxDir, 'email')));
      return transport;
    },
    async close() {
      if (closed) return;
      closed = true;
      // Channels first: they may still be writing to the subscriber store or the database.
      await Promise.all([ownFetcher?.close(), opened?.close(), ownTransport?.close()]);
      subscriberStore?.close();
      ownDatabase?.close();
    },
  };
  return app;
}
