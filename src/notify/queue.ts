import type { QueueItem, QueueRecord, SnapshotStore } from '../store/types.ts';
import type { Logger } from '../shared/logger.ts';
import { describeError } from '../shared/errors.ts';
import type { PipelineEvent } from './events.ts';
import type { Notifier } from './port.ts';

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

  /** Adds events for the given notifiers; an event id already queued is merged, not duplicated. */
  async add(events: readonly PipelineEvent[], notifierNames: readonly string[]): Promise<void> {
    if (events.length === 0) return;
    for (const event of events) {
      const existing = this.items.find((item) => item.event.id === event.id);
      if (existing) {
        existing.pendingFor = [...new Set([...existing.pendingFor, ...notifierNames])];
      } else {
        this.items.push({ event, pendingFor: [...notifierNames], attempts: 0 });
      }
    }
    await this.persist();
  }

  /** Serialized so concurrent documents never interleave two writes of the record. */
  persist(): Promise<void> {
    const snapshot = { version: 1, items: this.items } satisfies QueueRecord;
    this.writing = this.writing.then(() => this.store.writeQueue(structuredClone(snapshot)));
    return this.writing;
  }

  /**
   * Hands each notifier, in order, the events it still owes. Links one notifier produces (the GitHub issue) are
   * attached to the event for the ones after it (email). A failing notifier is logged and retried next run.
   */
  async dispatch(
    notifiers: readonly Notifier[],
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
    for (const notifier of notifiers) {
      const owed = this.items.filter((item) => item.pendingFor.includes(notifier.name));
      if (owed.length === 0) continue;
      let report;
      try {
        report = await notifier.deliver(owed.map((item) => item.event));
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
          item.pendingFor = item.pendingFor.filter((name) => name !== notifier.name);
          result.delivered++;
        }
        const failure = report.failed.find((f) => f.eventId === item.event.id);
        if (failure) {
          item.attempts++;
          item.lastError = `${notifier.name}: ${failure.error}`;
          result.failed.push({ notifier: notifier.name, eventId: item.event.id, error: failure.error });
          logger.warn(`notifier ${notifier.name} could not deliver ${item.event.id}; it will be retried on the next run`, {
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
