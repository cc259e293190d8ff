import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { App } from '../app/index.ts';
import { createEmailNotifier } from '../notify/email/notifier.ts';
import type { EmailNotifierDeps } from '../notify/email/notifier.ts';
import { createSignedLinks } from '../notify/email/links.ts';
import type { Notifier } from '../notify/port.ts';
import { createScheduler } from '../run/scheduler.ts';
import type { Scheduler } from '../run/scheduler.ts';
import { createAlertLog } from './alerts.ts';
import type { AlertLog } from './alerts.ts';
import { createDeliveryWorker, handOffNotifier } from './delivery.ts';
import type { DeliveryWorker } from './delivery.ts';
import { buildServer, invalidateStatus } from './server.ts';

export { addressRange, FORM_BODY_LIMIT, API_BODY_LIMIT } from './server.ts';
export { SITE_CSS } from './pages.ts';
export { renderAtom } from './feed.ts';
export { PushedStatusSchema } from './status.ts';
export type { SiteStatus } from './status.ts';

export { SERVE_TOKEN_ENV, SERVE_URL_ENV } from '../notify/serve/channel.ts';

export interface ServeOptions {
  /** Built through the composition root; serve uses its database, subscriber store, signer and mail transport. */
  app: App;
  port: number;
  host: string;
  /** The bearer token of POST /api/*; without it the workflow API answers 401. */
  apiToken?: string;
  /** With --schedule: the cron expression and one run, given the notifier that hands alerts to serve. */
  schedule?: { cron: string; timezone: string; run: (subscribers: Notifier) => Promise<void> };
  /** The email notifier's retries (tests shorten them). */
  emailRetry?: EmailNotifierDeps['retry'];
  /** How often failed deliveries are retried. */
  retryEveryMs?: number;
}

export interface RunningServe {
  /** Where it listens, e.g. http://127.0.0.1:8080. */
  url: string;
  /** Where readers reach it (settings.serve.publicUrl, else the listening URL). */
  publicUrl: string;
  server: FastifyInstance;
  alerts: AlertLog;
  worker: DeliveryWorker;
  scheduler?: Scheduler;
  /** Runs the scheduled check now (or joins the one in progress); without --schedule, throws. */
  runNow(): Promise<void>;
  /** Stops taking requests, lets a run and a delivery pass finish, closes the server. */
  close(): Promise<void>;
}

/**
 * `policywatch serve`: the web endpoints, the delivery worker and, with a schedule, the check, in one process.
 * A check hands its alerts to serve's alert log and returns; mail goes out from the worker, so neither a web
 * request nor a check ever waits for mail, and a web request never waits for a check.
 */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const { app } = options;
  const { settings, clock, logger } = app;
  // Fail before listening: a missing secret is the most likely mistake of a first start.
  const signer = app.signer;
  const subscribers = app.subscribers;
  const alerts = createAlertLog(app.database);

  const http = createServer();
  http.on('request', (_req, res) => {
    // Only until fastify is ready (a few milliseconds after start).
    if (!res.headersSent && http.listenerCount('request') === 1) res.writeHead(503, { 'retry-after': '1' }).end();
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port, options.host, () => resolve());
  });
  const address = http.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? 'localhost' : host}:${address.port}`;
  const publicUrl = (settings.serve.publicUrl ?? url).replace(/\/+$/, '');

  const links = createSignedLinks({ signer, publicUrl, clock, linkDays: settings.serve.linkDays, confirmHours: settings.serve.confirmHours });
  const email = createEmailNotifier({
    transport: app.mailTransport,
    subscribers,
    store: app.store,
    settings,
    clock,
    logger,
    links,
    ...(options.emailRetry ? { retry: options.emailRetry } : {}),
  });
  const worker = createDeliveryWorker({ alerts, email, clock, logger, ...(options.retryEveryMs ? { retryEveryMs: options.retryEveryMs } : {}) });

  let server: FastifyInstance;
  try {
    server = await buildServer({ app, alerts, worker, links, publicUrl, ...(options.apiToken ? { apiToken: options.apiToken } : {}) });
    const handler = server.routing.bind(server);
    await server.ready();
    http.removeAllListeners('request');
    http.on('request', handler);
  } catch (error) {
    http.close();
    throw error;
  }

  const handoff = handOffNotifier(alerts, worker, clock);
  const scheduler = options.schedule
    ? createScheduler({
        cron: options.schedule.cron,
        timezone: options.schedule.timezone,
        logger,
        run: () => options.schedule!.run(handoff),
        afterRun: () => invalidateStatus(server),
      })
    : undefined;
  worker.start();
  if (scheduler) await scheduler.start();

  let closing: Promise<void> | undefined;
  return {
    url,
    publicUrl,
    server,
    alerts,
    worker,
    ...(scheduler ? { scheduler } : {}),
    runNow: () => {
      if (!scheduler) throw new Error('serve was started without --schedule');
      return scheduler.runNow();
    },
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeIdleConnections();
        await scheduler?.stop();
        await worker.stop();
        await server.close();
        http.closeAllConnections();
        await stopped;
      })()),
  };
}
