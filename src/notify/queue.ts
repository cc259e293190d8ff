import type { QueueItem, QueueRecord, SnapshotStore } from '../store/types.ts';
import type { Logger } from '../shared/logger.ts';
import { describeError } from '../shared/errors.ts';
import type { Channel } from './channel.ts';
import type { PipelineEvent } from './events.ts';
import { emptyReport } from './port.ts';

export type { QueueItem } from '../store/types.ts';

/**
 * The record of what notifiers still owe, kept with the snapshots. Events are added before the snapshot that
 * produced them is written, so a crash can only lead to a re-delivery (which notifiers make idempotent by event id),
 * never to a lost alert.
 */
export class NotificationQueue {
  private items: QueueItem[] = [];
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly store: SnapshotStore) {}

  static async open(store: SnapshotStore): Promise<NotificationQueue> {
    const queue = new NotificationQueue(store);
    const record = await store.readQueue();
    if (record) queue.items = record.items;
    return queue;
  }

  pending(): readonly QueueItem[] {
    return this.items;
  }

  /**
   * Routing: queues each event for the roles whose channel takes it. An event no channel takes is not queued; an
   * event id already queued is merged, not duplicated.
   */
  async add(events: readonly PipelineEvent[], channels: readonly Pick<Channel, 'role' | 'takes'>[]): Promise<void> {
    let added = false;
    for (const event of events) {
      const roles = channels.filter((channel) => channel.takes(event)).map((channel) => channel.role);
      if (roles.length === 0) continue;
      added = true;
      const existing = this.items.find((item) => item.event.id === event.id);
      if (existing) {
        existing.pendingFor = [...new Set([...existing.pendingFor, ...roles])];
      } else {
        this.items.push({ event, pendingFor: roles, attempts: 0 });
      }
    }
    if (added) await this.persist();
  }

  /** Serialized so concurrent documents never interleave two writes of the record. */
  persist(): Promise<void> {
    const snapshot = { version: 1, items: this.items } satisfies QueueRecord;
    this.writing = this.writing.then(() => this.store.writeQueue(structuredClone(snapshot)));
    return this.writing;
  }

  /**
   * Hands each channel, in order, the events its role still owes. Links one channel produces (the GitHub issue) are
   * attached to the event for the ones after it (email). A failing channel is logged and retried next run.
   */
  async dispatch(
    channels: readonly Channel[],
    logger: Logger,
    options: { snapshotLinks?: (docId: string) => { commit?: string; compare?: string } } = {},
  ): Promise<DispatchResult> {
    const result: DispatchResult = { delivered: 0, failed: [], links: {} };
    // The commit pushed right after the check holds these events' snapshots: its links replace the ones guessed at
    // check time. An event left over from an earlier run keeps the links of the commit that really holds it.
    if (options.snapshotLinks) {
      for (const item of this.items) {
        if (item.event.type !== 'change' || item.linksFinal) continue;
        Object.assign(item.event.links, options.snapshotLinks(item.event.doc.id));
        item.linksFinal = true;
      }
    }
    for (const channel of channels) {
      const role = channel.role;
      const pending = this.items.filter((item) => item.pendingFor.includes(role));
      if (pending.length === 0) continue;
      // Records written before routing queued every event for every role: what the channel does not take is
      // settled here, without handing it over.
      const owed = pending.filter((item) => channel.takes(item.event));
      for (const item of pending) if (!owed.includes(item)) item.pendingFor = item.pendingFor.filter((name) => name !== role);
      let report;
      try {
        report = owed.length === 0 ? emptyReport() : await channel.deliver(owed.map((item) => item.event));
      } catch (error) {
        report = { delivered: [], links: {}, failed: owed.map((item) => ({ eventId: item.event.id, error: describeError(error), transient: true })) };
      }
      for (const item of owed) {
        const link = report.links[item.event.id];
        if (link) {
          if (item.event.type === 'change') item.event.links.issue ??= link;
          result.links[item.event.id] = link;
        }
        if (report.delivered.includes(item.event.id)) {
          item.pendingFor = item.pendingFor.filter((name) => name !== role);
          result.delivered++;
        }
        const failure = report.failed.find((f) => f.eventId === item.event.id);
        if (failure) {
          item.attempts++;
          item.lastError = `${role}: ${failure.error}`;
          result.failed.push({ notifier: role, eventId: item.event.id, error: failure.error });
          logger.warn(`notifier ${role} could not deliver ${item.event.id}; it will be retried on the next run`, {
            error: failure.error,
          });
        }
      }
      this.items = this.items.filter((item) => item.pendingFor.length > 0);
      await this.persist();
    }
    return result;
  }
}

export interface DispatchResult {
  delivered: number;
  failed: { notifier: string; eventId: string; error: string }[];
  links: Record<string, string>;
}
