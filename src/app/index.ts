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

  const stillOpen = () => {
    if (closed) throw new Error('this app was closed; create a new one');
  };
  const channels = (): OpenedChannels => {
    if (opened) return opened;
    stillOpen();
    const input: ChannelInput = { config, settings, env, store, clock, logger, outboxDir };
    opened = openChannels(CHANNELS, input, {
      ...(options.channels ? { options: options.channels } : {}),
      ...(options.notifiers ? { notifiers: options.notifiers } : {}),
    });
    return opened;
  };

  return {
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
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([ownFetcher?.close(), opened?.close()]);
    },
  };
}
