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
import type { Ledger } from './ledger.ts';
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
 * Exactly-once: each (subscriber, event) is written to the ledger right after the server accepts the message,
 * before the next message is sent, so a crash or a re-run skips what was sent. The window between the server's
 * acceptance and that write (one small atomic file write) cannot be closed with SMTP; a crash inside it re-sends
 * that one message on the next run, with the same Message-ID, so clients and humans can see it is the same note.
 */
export function createEmailNotifier(deps: EmailNotifierDeps): Notifier<MailEvent> {
  const { transport, settings, clock, logger } = deps;
  const retry = deps.retry ?? { attempts: 3, baseDelayMs: 2_000 };

  async function sendOne(plan: Plan, ledger: Ledger): Promise<Outcome> {
    const mail = renderMessage(plan.subscriber, plan.events, settings, deps.links);
    const ids = plan.events.map((e) => e.id);
    for (let attempt = 1; ; attempt++) {
      try {
        await transport.send({ ...mail, date: clock.now() });
      } catch (caught) {
        if (!(caught instanceof EmailSendError)) throw caught;
        if (caught.kind === 'permanent') {
          const code = caught.responseCode;
          await ledger.record(plan.key, ids, { status: 'rejected', at: clock.now().toISOString(), ...(code ? { code } : {}) }).catch((error: unknown) => {
            throw new LedgerWriteError(error);
          });
          return { kind: 'rejected', ...(code ? { code } : {}) };
        }
        if (!caught.transient || attempt >= retry.attempts) return { kind: 'failed', error: caught };
        logger.debug('email: retrying', { subscriber: plan.key.slice(0, 12), attempt, reason: caught.message });
        await clock.sleep(backoffMs(attempt - 1, deps.random, { baseMs: retry.baseDelayMs, maxMs: 60_000 }));
        continue;
      }
      try {
        await ledger.record(plan.key, ids, { status: 'sent', at: clock.now().toISOString(), messageId: mail.messageId });
      } catch (error) {
        throw new LedgerWriteError(error);
      }
      return { kind: 'sent' };
    }
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
      plans = book.subscribers
        .filter((s) => s.state === 'active')
        .map((subscriber) => {
          const key = addressKey(book.secret, subscriber.address);
          const due = mailEvents.filter((e) => follows(subscriber, e) && !ledger.get(key, e.id));
          return { subscriber, key, events: due };
        })
        .filter((p) => p.events.length > 0);
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
