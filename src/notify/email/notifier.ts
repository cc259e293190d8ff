import type { Settings } from '../../config/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { backoffMs } from '../../shared/backoff.ts';
import { describeError } from '../../shared/errors.ts';
import type { Logger } from '../../shared/logger.ts';
import type { SnapshotStore } from '../../store/types.ts';
import type { DeliveryReport, Notifier } from '../port.ts';
import { emptyReport } from '../port.ts';
import { addressKey } from './address.ts';
import { EmailSendError } from './errors.ts';
import type { SubscriberLinks } from './links.ts';
import { openLedger } from './ledger.ts';
import type { EmailIntent, Ledger } from './ledger.ts';
import { follows } from './match.ts';
import { renderMessage } from './render.ts';
import type { SubscriberRepository } from './subscribers/file.ts';
import type { Subscriber } from './subscribers/schema.ts';
import type { MailTransport } from './transport.ts';
import type { MailEvent } from './view.ts';

export interface EmailNotifierDeps {
  transport: MailTransport;
  subscribers: SubscriberRepository;
  store: SnapshotStore;
  settings: Settings;
  clock: Clock;
  logger: Logger;
  /** Tries per message for deferrals (4xx) and dropped connections; waits double each time. */
  retry?: { attempts: number; baseDelayMs: number };
  /** Source of backoff jitter in [0, 1); defaults to Math.random. */
  random?: () => number;
  /** serve's signed unsubscribe and preferences links; without them, email.unsubscribeUrlBase and the mailto. */
  links?: SubscriberLinks;
}

interface Plan {
  subscriber: Subscriber;
  key: string;
  events: MailEvent[];
  /** A message an interrupted delivery may have sent: sent again as the same message, with its Date. */
  repeat?: EmailIntent;
}

/** The server took a message but the ledger could not record it: sending more would risk duplicates at scale. */
class LedgerWriteError extends EmailSendError {
  constructor(cause: unknown) {
    super('could not record the delivery ledger; the rest of the batch is left for the next run', 'connection', undefined, { cause });
  }
}

type Outcome = { kind: 'sent' } | { kind: 'rejected'; code?: number } | { kind: 'failed'; error: EmailSendError };

/**
 * Email to subscribers: one message per subscriber per run, a digest when several followed documents changed.
 * Routing hands it user-facing events only (subscribersTake); who follows which of them is decided here.
 *
 * Once, up to one window SMTP cannot close. Messages go out one at a time, never pooled unrecorded. Before each, its
 * intent (subscriber, events, Message-ID, Date) is journaled; right after the server's answer, the outcome is (a
 * small write, whatever the ledger's size), so a crash or a re-run skips what was sent. A crash after the server took
 * a message but before that write landed leaves the intent without an outcome: the next run sends that message again,
 * once, as the same message (same events, Message-ID and Date, so mail clients thread or drop it), before anything
 * new for that subscriber. README "Email: what 'once' means" has the measured window.
 */
export function createEmailNotifier(deps: EmailNotifierDeps): Notifier<MailEvent> {
  const { transport, settings, clock, logger } = deps;
  const retry = deps.retry ?? { attempts: 3, baseDelayMs: 2_000 };

  const recorded = (write: Promise<void>) =>
    write.catch((error: unknown) => {
      throw new LedgerWriteError(error);
    });

  async function sendOne(plan: Plan, ledger: Ledger): Promise<Outcome> {
    const mail = renderMessage(plan.subscriber, plan.events, settings, deps.links);
    const intent: EmailIntent = plan.repeat ?? {
      key: plan.key,
      eventIds: plan.events.map((e) => e.id),
      messageId: mail.messageId,
      date: clock.now().toISOString(),
    };
    await recorded(ledger.begin(intent));
    for (let attempt = 1; ; attempt++) {
      try {
        await transport.send({ ...mail, date: new Date(intent.date) });
      } catch (caught) {
        if (!(caught instanceof EmailSendError)) throw caught;
        if (caught.kind === 'permanent') {
          const code = caught.responseCode;
          await recorded(ledger.record(intent, { status: 'rejected', at: clock.now().toISOString(), ...(code ? { code } : {}) }));
          return { kind: 'rejected', ...(code ? { code } : {}) };
        }
        if (!caught.transient || attempt >= retry.attempts) {
          // A refusal the server replied with means it did not take the message; a lost connection may hide that it did.
          if (caught.responseCode !== undefined) await recorded(ledger.settle(intent));
          return { kind: 'failed', error: caught };
        }
        logger.debug('email: retrying', { subscriber: plan.key.slice(0, 12), attempt, reason: caught.message });
        await clock.sleep(backoffMs(attempt - 1, deps.random, { baseMs: retry.baseDelayMs, maxMs: 60_000 }));
        continue;
      }
      await recorded(ledger.record(intent, { status: 'sent', at: clock.now().toISOString(), messageId: mail.messageId }));
      return { kind: 'sent' };
    }
  }

  /**
   * Messages an interrupted delivery may have sent, to send again first as the same message: only to a subscriber
   * still active, and only while this delivery still carries every event of it. Others are settled (dropped).
   */
  async function repeats(ledger: Ledger, byKey: Map<string, Subscriber>, mailEvents: readonly MailEvent[]): Promise<Plan[]> {
    const plans: Plan[] = [];
    for (const intent of ledger.uncertain()) {
      const subscriber = byKey.get(intent.key);
      const events = intent.eventIds.map((id) => mailEvents.find((e) => e.id === id));
      if (subscriber?.state === 'active' && events.every((e) => e !== undefined) && !plans.some((p) => p.key === intent.key)) {
        plans.push({ subscriber, key: intent.key, events, repeat: intent });
      } else {
        await ledger.settle(intent);
      }
    }
    if (plans.length) logger.warn('email: resending messages an interrupted delivery may have sent, as the same messages', { count: plans.length });
    return plans;
  }

  /** Rejections in a row per subscriber; reaching the threshold marks the subscriber bounced. */
  async function persistRejections(changes: Map<string, 'sent' | 'rejected'>): Promise<void> {
    if (!changes.size) return;
    const threshold = settings.email.bounceThreshold;
    try {
      const bounced = await deps.subscribers.update((book) => {
        let count = 0;
        for (const sub of book.subscribers) {
          const change = changes.get(sub.id);
          if (change === 'sent') sub.rejections = 0;
          if (change !== 'rejected') continue;
          sub.rejections += 1;
          if (sub.rejections >= threshold && sub.state === 'active') {
            sub.state = 'bounced';
            sub.stateChangedAt = clock.now().toISOString();
            count++;
          }
        }
        return count;
      });
      if (bounced) logger.warn('email: subscribers marked bounced', { count: bounced });
    } catch (error) {
      logger.warn('email: could not record rejections in the subscribers file', { reason: describeError(error) });
    }
  }

  async function deliver(mailEvents: readonly MailEvent[]): Promise<DeliveryReport> {
    const report = emptyReport();
    if (!mailEvents.length) return report;

    let plans: Plan[];
    let ledger: Ledger;
    try {
      const book = await deps.subscribers.load();
      ledger = await openLedger(deps.store, clock.now());
      const byKey = new Map(book.subscribers.map((subscriber) => [addressKey(book.secret, subscriber.address), subscriber]));
      const again = await repeats(ledger, byKey, mailEvents);
      const repeated = (key: string, eventId: string) => again.some((p) => p.key === key && p.repeat?.eventIds.includes(eventId));
      const fresh = [...byKey]
        .filter(([, subscriber]) => subscriber.state === 'active')
        .map(([key, subscriber]) => {
          const due = mailEvents.filter((e) => follows(subscriber, e) && !ledger.get(key, e.id) && !repeated(key, e.id));
          return { subscriber, key, events: due };
        })
        .filter((p) => p.events.length > 0);
      plans = [...again, ...fresh];
    } catch (error) {
      // Nothing was sent: keep every delivery pending for the next run.
      const reason = describeError(error);
      for (const e of mailEvents) report.failed.push({ eventId: e.id, error: reason, transient: true });
      return report;
    }

    const failures = new Map<string, EmailSendError>();
    const counters = new Map<string, 'sent' | 'rejected'>();
    let unreachable: EmailSendError | undefined;
    let sent = 0;
    try {
      for (const plan of plans) {
        let outcome: Outcome;
        try {
          outcome = unreachable ? { kind: 'failed', error: unreachable } : await sendOne(plan, ledger);
        } catch (error) {
          if (!(error instanceof LedgerWriteError)) throw error;
          // This message went out unrecorded (it will be re-sent with the same Message-ID); stop here.
          outcome = { kind: 'failed', error };
        }
        if (outcome.kind === 'failed') {
          for (const e of plan.events) if (!failures.has(e.id)) failures.set(e.id, outcome.error);
          // A server that stays unreachable after the retries will not answer the next recipient either.
          if (outcome.error.kind === 'connection') unreachable = outcome.error;
          if (!unreachable) logger.warn('email: message not sent', { subscriber: plan.key.slice(0, 12), reason: outcome.error.message });
          continue;
        }
        counters.set(plan.subscriber.id, outcome.kind);
        if (outcome.kind === 'sent') sent++;
        else logger.warn('email: message rejected', { subscriber: plan.key.slice(0, 12), code: outcome.code });
      }
    } finally {
      // Outcomes not folded stay in the journal, which the next run folds: nothing is lost if this write fails.
      await ledger.flush().catch((error: unknown) => logger.warn('email: could not fold the journal into the ledger', { reason: describeError(error) }));
      await persistRejections(counters);
    }
    if (unreachable) logger.warn('email: mail server unreachable; deliveries stay pending', { reason: unreachable.message });
    logger.info('email: run finished', { messages: sent, pendingEvents: failures.size });
    for (const e of mailEvents) {
      const failure = failures.get(e.id);
      if (failure) report.failed.push({ eventId: e.id, error: failure.message, transient: failure.transient });
      else report.delivered.push(e.id);
    }
    return report;
  }

  return { name: 'email', deliver };
}
