import type { Notifier } from '../notify/port.ts';
import type { MailEvent } from '../notify/email/view.ts';
import { isMailEvent } from '../notify/email/view.ts';
import type { Clock } from '../shared/clock.ts';
import { describeError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { AlertLog } from './alerts.ts';

export interface DeliveryWorkerDeps {
  alerts: AlertLog;
  /** The email notifier: subscribers through the store port, the delivery ledger, one message per reader. */
  email: Notifier<MailEvent>;
  clock: Clock;
  logger: Logger;
  /** How often alerts whose delivery failed are looked at again. */
  retryEveryMs?: number;
}

/**
 * Sends the accepted alerts in the background, one pass at a time: a web request or a check hands alerts over and
 * returns; it never waits for mail. The email notifier's ledger makes a pass idempotent per (reader, alert), so a
 * pass after a crash sends only what was not sent.
 */
export function createDeliveryWorker(deps: DeliveryWorkerDeps) {
  const { alerts, email, clock, logger } = deps;
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  async function pass(): Promise<void> {
    const due = alerts.due(clock.now());
    if (due.length === 0) return;
    let report;
    try {
      report = await email.deliver(due);
    } catch (error) {
      report = { delivered: [], links: {}, failed: due.map((e) => ({ eventId: e.id, error: describeError(error), transient: true })) };
    }
    alerts.markDelivered(report.delivered, clock.now());
    for (const failure of report.failed) alerts.markFailed(failure.eventId, failure.error, clock.now());
    if (report.failed.length) logger.warn('serve: some alerts are not delivered yet; retrying later', { alerts: report.failed.length });
  }

  function kick(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await pass();
        } while (again);
      } catch (error) {
        logger.error(`serve: delivery pass failed: ${describeError(error)}`);
      } finally {
        running = undefined;
      }
    })();
    return running;
  }

  return {
    kick,
    /** Resolves when no pass is running (tests, shutdown). */
    idle: async () => {
      while (running) await running;
    },
    start() {
      timer ??= setInterval(() => void kick(), deps.retryEveryMs ?? 60_000);
      timer.unref();
      void kick();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      while (running) await running;
    },
  };
}
export type DeliveryWorker = ReturnType<typeof createDeliveryWorker>;

/**
 * The subscribers' notifier of a check that runs inside serve: it hands the alerts to serve's alert log (the feed,
 * and the worker's inbox) and returns; the same path a workflow's alerts take through POST /api/alerts.
 */
export function handOffNotifier(alerts: AlertLog, worker: DeliveryWorker, clock: Clock): Notifier {
  return {
    name: 'serve',
    async deliver(events) {
      alerts.accept(events.filter(isMailEvent), clock.now());
      void worker.kick();
      // Held by serve now (an event that is no mail event, which routing never hands over, has nothing to send).
      return { delivered: events.map((e) => e.id), failed: [], links: {} };
    },
  };
}
