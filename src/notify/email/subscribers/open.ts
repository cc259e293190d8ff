import { existsSync } from 'node:fs';
import type { LoadedConfig } from '../../../config/load.ts';
import { resolveFromRoot } from '../../../config/load.ts';
import type { Db } from '../../../store/database.ts';
import { openDatabase } from '../../../store/database.ts';
import { createFileSubscriberRepository, SUBSCRIBERS_KEY_ENV } from './file.ts';
import type { SubscriberRepository } from './port.ts';
import { createSqliteSubscriberRepository } from './sqlite.ts';

export interface SubscriberStoreChoice {
  kind: 'sqlite' | 'file';
  /** Absolute path of the database or the encrypted file. */
  path: string;
  /** As the settings name it (for messages). */
  shownAs: string;
  exists: boolean;
}

/**
 * Which store the settings select (email.subscriberStore). `auto`: the database once it exists (serve creates it),
 * else the encrypted file once it exists (the GitHub Actions deployment commits it), else `prefer` (serve: the
 * database; the commands: the file). One rule, so `check`, `notify`, `serve` and the `subscribers` commands on one
 * host always agree.
 */
export function chooseSubscriberStore(
  config: Pick<LoadedConfig, 'rootDir' | 'settings'>,
  prefer: 'sqlite' | 'file' = 'file',
): SubscriberStoreChoice {
  const { settings } = config;
  const database = { kind: 'sqlite' as const, path: resolveFromRoot(config, settings.paths.database), shownAs: settings.paths.database };
  const file = { kind: 'file' as const, path: resolveFromRoot(config, settings.email.subscribersFile), shownAs: settings.email.subscribersFile };
  const chosen =
    settings.email.subscriberStore === 'sqlite'
      ? database
      : settings.email.subscriberStore === 'file'
        ? file
        : existsSync(database.path)
          ? database
          : existsSync(file.path) || prefer === 'file'
            ? file
            : database;
  return { ...chosen, exists: existsSync(chosen.path) };
}

export interface OpenedSubscriberStore {
  repository: SubscriberRepository;
  choice: SubscriberStoreChoice;
  /** Closes the database this call opened; a database handed in is left open. */
  close(): void;
}

export function openSubscriberStore(
  config: Pick<LoadedConfig, 'rootDir' | 'settings'>,
  env: NodeJS.ProcessEnv,
  options: { database?: () => Db; prefer?: 'sqlite' | 'file' } = {},
): OpenedSubscriberStore {
  return openChosenSubscriberStore(chooseSubscriberStore(config, options.prefer), env, options);
}

/** Opens the store chooseSubscriberStore picked (or one a command line names). */
export function openChosenSubscriberStore(choice: SubscriberStoreChoice, env: NodeJS.ProcessEnv, options: { database?: () => Db } = {}): OpenedSubscriberStore {
  if (choice.kind === 'file') {
    return { choice, repository: createFileSubscriberRepository(choice.path, env[SUBSCRIBERS_KEY_ENV]), close: () => {} };
  }
  // Opened on first use, like the encrypted file: a damaged database then fails the delivery that needs it (which
  // stays queued, while the other channels deliver) instead of stopping the command before anything runs.
  let own: Db | undefined;
  let repository: SubscriberRepository | undefined;
  const opened = (): SubscriberRepository => {
    if (repository) return repository;
    const db = options.database?.() ?? (own = openDatabase(choice.path));
    return (repository = createSqliteSubscriberRepository(db));
  };
  const lazy: SubscriberRepository = {
    load: async () => opened().load(),
    update: async (change) => opened().update(change),
    find: async (key) => opened().find(key),
    edit: async (key, change) => opened().edit(key, change),
  };
  return { choice, repository: lazy, close: () => own?.close() };
}
