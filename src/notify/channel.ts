import type { LoadedConfig } from '../config/load.ts';
import type { Settings } from '../config/schema.ts';
import type { Clock } from '../shared/clock.ts';
import { NotifyError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { SnapshotStore } from '../store/types.ts';
import type { SubscriberLinks } from './email/links.ts';
import type { SubscriberRepository } from './email/subscribers/port.ts';
import type { PipelineEvent } from './events.ts';
import type { DeliveryReport, Notifier } from './port.ts';

/** What a channel is built from. Secrets are read from `env` inside the adapter and never leave it. */
export interface ChannelInput {
  config: LoadedConfig;
  settings: Settings;
  env: NodeJS.ProcessEnv;
  store: SnapshotStore;
  clock: Clock;
  logger: Logger;
  /** Where channels without credentials write drafts (settings.paths.outbox unless overridden). */
  outboxDir: string;
  /** The app's subscriber store, opened on first use and shared (serve's database); else a channel opens its own. */
  subscribers?: () => SubscriberRepository;
  /** serve's signed unsubscribe and preferences links, when serve answers them. */
  subscriberLinks?: SubscriberLinks;
}

/** Whether config and environment select a channel; if not, what is missing (secret-free, shown to the user). */
export type ChannelStatus = { configured: true } | { configured: false; missing: string };

export interface BuiltChannel {
  notifier: Notifier;
  /** Where it delivers, secret-free: "GitHub issues in acme/guide". */
  description: string;
  /** Releases what the adapter opened (an SMTP pool). */
  close?: () => Promise<void>;
}

/**
 * One line of the channel registry (src/notify/registry.ts). Events are queued under a role ("maintainers",
 * "subscribers"), never under an adapter: of the definitions of one role, the first configured one serves it, so a
 * queued event survives a switch from drafts to GitHub or SMTP.
 */
export interface ChannelDefinition<Name extends string = string, Options = unknown> {
  /** The adapter's name, also the key of its overrides: "github", "issue-drafts", "smtp", "eml-drafts". */
  readonly name: Name;
  /** The queue name it serves. */
  readonly role: string;
  /** The settings that select and configure it, as a user writes them (environment variables, config fields). */
  readonly settings: readonly string[];
  /** Selected only when its own settings are given; when absent it is never named as what a fallback lacks. */
  readonly optIn?: boolean;
  /** Routing: the events this channel owes a delivery. The queue hands it no others. */
  takes(event: PipelineEvent, settings: Settings): boolean;
  /** Throws a ConfigError when it is half configured (a token but no repository). */
  status(input: ChannelInput): ChannelStatus;
  /** Options are overrides for tests and embedding (timings, pools); production passes none. */
  create(input: ChannelInput, options: Options | undefined): BuiltChannel;
  /**
   * `policywatch notify --test`: one test message through the channel, outside the queue and its records. Channels
   * that write to people (email) send only to `to`, never to subscribers. Resolves to a secret-free line saying
   * what was sent; throws when the channel fails.
   */
  test?(input: ChannelInput, message: TestMessage, options: Options | undefined): Promise<string>;
}

/** What `notify --test` sends through each channel. */
export interface TestMessage {
  /** Id of this test (unique per run): the idempotency key where a channel has one. */
  id: string;
  at: Date;
  subject: string;
  text: string;
  /** The address email channels send to; without it they send nothing and say so. */
  to?: string;
}

/** The test message: what it is, when and where from, so a reader of the channel knows it can be ignored. */
export function testMessage(at: Date, where: string, to?: string): TestMessage {
  return {
    id: `policywatch-test-${at.toISOString().replace(/[^0-9]/g, '').slice(0, 14)}`,
    at,
    subject: 'policywatch test notification',
    text: `This is a test message from policywatch (${where}), sent at ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`policywatch notify --test\`. If you can read it, this channel works: real alerts arrive the same way. Nothing needs doing.`,
    ...(to ? { to } : {}),
  };
}

/** Keeps a definition's literal name and option type, so the registry can type the overrides of each channel. */
export function defineChannel<Name extends string, Options>(definition: ChannelDefinition<Name, Options>): ChannelDefinition<Name, Options> {
  return definition;
}

/** A channel serving a role: what the queue routes events to and hands them over through. */
export interface Channel {
  /** The queue name. */
  readonly role: string;
  /** The adapter serving the role: a registry name, or the name of a notifier given ready-made. */
  readonly adapter: string;
  /** "maintainers: GitHub issues in acme/guide": one secret-free line for run summaries. */
  readonly description: string;
  takes(event: PipelineEvent): boolean;
  /** Only events it takes: anything else is a routing bug and throws (the queue retries, nothing is lost). */
  deliver(events: readonly PipelineEvent[]): Promise<DeliveryReport>;
}

export interface OpenedChannels {
  /** One per served role, in registry order: maintainers first, so subscribers' mail can link the issue. */
  channels: Channel[];
  /** One line per role, served or not ("subscribers: none (…)"). */
  lines: string[];
  close(): Promise<void>;
}

export interface OpenChannelsOptions {
  /** Per-adapter overrides, keyed by definition name. */
  options?: Readonly<Record<string, unknown>>;
  /** Ready notifiers by role, used instead of the adapter the registry would build; routing keeps the role's rule. */
  notifiers?: Readonly<Record<string, Notifier>>;
}

function routed(role: string, adapter: string, description: string, takes: (event: PipelineEvent) => boolean, notifier: Notifier): Channel {
  return {
    role,
    adapter,
    description,
    takes,
    async deliver(events) {
      const stray = events.find((event) => !takes(event));
      if (stray) throw new NotifyError(`routing error: the ${role} channel does not take ${stray.type} event ${stray.id}`, adapter);
      return notifier.deliver(events);
    },
  };
}

/**
 * Chooses and builds one channel per role: a ready notifier when given, else the first configured definition.
 * A fallback's line says what the preferred one lacks: "issue drafts in outbox/issues (no GITHUB_TOKEN)".
 */
export function openChannels(registry: readonly ChannelDefinition[], input: ChannelInput, options: OpenChannelsOptions = {}): OpenedChannels {
  const roles = [...new Set(registry.map((d) => d.role))];
  for (const role of Object.keys(options.notifiers ?? {})) {
    if (!roles.includes(role)) throw new Error(`no channel role "${role}" to give a notifier to; roles: ${roles.join(', ')}`);
  }
  const channels: Channel[] = [];
  const lines: string[] = [];
  const closers: (() => Promise<void>)[] = [];
  const close = async () => void (await Promise.all(closers.splice(0).map((c) => c())));
  try {
    for (const role of roles) {
      const candidates = registry.filter((d) => d.role === role);
      const ready = options.notifiers?.[role];
      if (ready) {
        const rule = candidates[0]!;
        const line = `${role}: ${ready.name} (given)`;
        channels.push(routed(role, ready.name, line, (event) => rule.takes(event, input.settings), ready));
        lines.push(line);
        continue;
      }
      let missing: string | undefined;
      let chosen: ChannelDefinition | undefined;
      for (const definition of candidates) {
        const status = definition.status(input);
        if (status.configured) {
          chosen = definition;
          break;
        }
        if (!definition.optIn) missing ??= status.missing;
      }
      if (!chosen) {
        lines.push(`${role}: none (${missing})`);
        continue;
      }
      const built = chosen.create(input, options.options?.[chosen.name]);
      if (built.close) closers.push(built.close);
      const line = `${role}: ${built.description}${missing ? ` (${missing})` : ''}`;
      const definition = chosen;
      channels.push(routed(role, chosen.name, line, (event) => definition.takes(event, input.settings), built.notifier));
      lines.push(line);
    }
  } catch (error) {
    // Half open: release what was opened; the caller only sees the error that stopped it.
    close().catch(() => {});
    throw error;
  }
  return { channels, lines, close };
}
