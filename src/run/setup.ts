import { join } from 'node:path';
import type { LoadedConfig } from '../config/load.ts';
import { resolveFromRoot } from '../config/load.ts';
import { existsSync } from 'node:fs';
import {
  createEmailNotifier,
  createFileSubscriberRepository,
  createOutboxTransport,
  createSmtpTransport,
  SUBSCRIBERS_KEY_ENV,
} from '../notify/email/index.ts';
import { createGithubNotifier, createOctokit, renderIssue, resolveGithubTarget } from '../notify/github/index.ts';
import { createIssueDraftNotifier } from '../notify/outbox/index.ts';
import type { Notifier } from '../notify/port.ts';
import { createFsStore } from '../store/index.ts';
import type { SnapshotStore } from '../store/types.ts';
import type { Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';

/** The snapshot folder the config names (settings.paths.snapshots, relative to the repository root). */
export function snapshotStoreFor(config: LoadedConfig): SnapshotStore {
  return createFsStore(resolveFromRoot(config, config.settings.paths.snapshots));
}

export interface NotifierSetup {
  notifiers: Notifier[];
  /** One line per channel, secret-free: where notifications go this run. */
  channels: string[];
  /** Releases pooled SMTP connections; without it the process would stay alive after the run. */
  close(): Promise<void>;
}

/** Queue names are roles, not adapters, so a queued event survives a switch from outbox to GitHub or SMTP. */
function named(notifier: Notifier, name: string): Notifier {
  return { name, deliver: (events) => notifier.deliver(events) };
}

/**
 * Chooses each channel's adapter from the environment: GitHub issues with GITHUB_TOKEN, else Markdown drafts in
 * outbox/issues; SMTP with SMTP_URL (or SMTP_HOST...), else .eml files in outbox/email. Subscribers' mail needs
 * POLICYWATCH_SUBSCRIBERS_KEY and a subscribers file; without them there is nobody to write to.
 */
export async function setupNotifiers(deps: {
  config: LoadedConfig;
  env: NodeJS.ProcessEnv;
  store: SnapshotStore;
  clock: Clock;
  logger: Logger;
  outboxDir?: string;
}): Promise<NotifierSetup> {
  const { config, env, logger } = deps;
  const settings = config.settings;
  const outbox = deps.outboxDir ?? resolveFromRoot(config, settings.paths.outbox);
  const notifiers: Notifier[] = [];
  const channels: string[] = [];
  const closers: (() => Promise<void>)[] = [];

  const github = resolveGithubTarget(env, settings);
  if (github) {
    const octokit = createOctokit({ token: github.token, baseUrl: github.baseUrl, logger });
    notifiers.push(named(createGithubNotifier({ octokit, repository: github, settings, logger }), 'maintainers'));
    channels.push(`maintainers: GitHub issues in ${github.owner}/${github.repo}`);
  } else {
    const dir = join(outbox, 'issues');
    notifiers.push(named(createIssueDraftNotifier({ dir, render: (event) => renderIssue(event, settings) }), 'maintainers'));
    channels.push(`maintainers: issue drafts in ${dir} (no GITHUB_TOKEN)`);
  }

  // No file: nobody subscribed. A file but no key: the notifier fails each run with a clear error and the mail
  // stays queued until the key is provided, rather than being dropped.
  const subscribersPath = resolveFromRoot(config, settings.email.subscribersFile);
  if (existsSync(subscribersPath)) {
    const subscribers = createFileSubscriberRepository(subscribersPath, env[SUBSCRIBERS_KEY_ENV]);
    const smtp = createSmtpTransport(env, settings);
    const transport = smtp ?? createOutboxTransport(join(outbox, 'email'));
    closers.push(() => transport.close());
    notifiers.push(
      named(createEmailNotifier({ transport, subscribers, store: deps.store, settings, clock: deps.clock, logger }), 'subscribers'),
    );
    channels.push(smtp ? 'subscribers: email over SMTP' : `subscribers: .eml files in ${join(outbox, 'email')} (no SMTP settings)`);
  } else {
    channels.push(`subscribers: none (no ${settings.email.subscribersFile}; add some with \`policywatch subscribers add\`)`);
  }
  return { notifiers, channels, close: async () => void (await Promise.all(closers.map((close) => close()))) };
}
