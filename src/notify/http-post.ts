import type { Clock } from '../shared/clock.ts';
import { retryDelayMs, type BackoffPolicy } from '../shared/backoff.ts';
import { ConfigError, describeError, NotifyError } from '../shared/errors.ts';
import type { Logger } from '../shared/logger.ts';
import type { DeliveryRecord, SnapshotStore } from '../store/types.ts';
import type { PipelineEvent } from './events.ts';
import { emptyReport, type Notifier } from './port.ts';

/**
 * Delivery over HTTP POST, shared by the channels that post to a URL (the generic webhook, Slack): one request per
 * event, retried with backoff (and Retry-After) on 5xx, 408, 429, timeouts and network errors, never on another 4xx;
 * what was delivered is recorded per channel (snapshots/_records/deliveries.<channel>.json) right after the
 * receiver accepts it, so a re-run or a crash after the request never posts an event twice.
 */

export interface HttpRetryOptions {
  /** Tries per event within one run (the queue retries the rest on the next run). Default 4. */
  attempts?: number;
  /** Wait before a retry; default 1-2 s, doubling, at most 30 s, Retry-After up to 2 minutes. */
  backoff?: BackoffPolicy;
  /** Time for a whole request and its answer. Default 10 s. */
  timeoutMs?: number;
}

export interface HttpRequest {
  body: string;
  headers: Record<string, string>;
}

export interface HttpPostDeps {
  /** The channel's name: names its delivery record. */
  channel: string;
  /** Named in errors instead of the URL, which may carry a token (Slack's do). */
  receiver: string;
  url: string;
  store: SnapshotStore;
  clock: Clock;
  logger: Logger;
  /** The request for one event; `attemptAt` for anything time-bound (a signature timestamp). */
  request(event: PipelineEvent, attemptAt: Date): HttpRequest;
  retry?: HttpRetryOptions;
  /** Test seam for the jitter; default Math.random. */
  random?: () => number;
}

/**
 * The URL an environment variable names for posting: https (http only to this machine, for tests), or a ConfigError
 * naming the variable and `fix`, never the value (it may be the credential). Undefined when unset.
 */
export function postUrlFrom(env: NodeJS.ProcessEnv, name: string, fix: string): string | undefined {
  const url = env[name]?.trim();
  if (!url) return undefined;
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  const local = parsed && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
  if (!parsed || !(parsed.protocol === 'https:' || (parsed.protocol === 'http:' && local))) {
    throw new ConfigError(`${name} is not an https:// URL`, [fix]);
  }
  return parsed.href;
}

/** Kept this long: an event older than this is never queued again. */
const KEEP_DAYS = 400;
const RETRYABLE = (status: number) => status >= 500 || status === 408 || status === 429;

export type Attempt = { ok: true; status: number } | { ok: false; retry: boolean; error: string; retryAfter?: string };

/** One POST: whether the receiver took it, and if not whether a retry may help. The URL never enters a message. */
export async function postOnce(url: string, request: HttpRequest, options: { receiver: string; timeoutMs?: number }): Promise<Attempt> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', body: request.body, headers: request.headers, redirect: 'error', signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
  } catch (error) {
    // Node's fetch names the cause (ECONNREFUSED, a timeout); the URL stays out of the message.
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { ok: false, retry: true, error: `could not reach ${options.receiver} (${cause})` };
  }
  await response.body?.cancel().catch(() => {});
  if (response.ok) return { ok: true, status: response.status };
  const retryAfter = response.headers.get('retry-after') ?? undefined;
  return RETRYABLE(response.status)
    ? { ok: false, retry: true, error: `${options.receiver} answered ${response.status}`, ...(retryAfter ? { retryAfter } : {}) }
    : { ok: false, retry: false, error: `${options.receiver} refused the event (${response.status}); check its URL and secret, the event stays queued` };
}

export function createHttpPostNotifier(deps: HttpPostDeps): Notifier {
  const attempts = Math.max(1, deps.retry?.attempts ?? 4);
  const timeoutMs = deps.retry?.timeoutMs ?? 10_000;
  const policy = deps.retry?.backoff ?? { baseMs: 2000, maxMs: 30_000, maxRetryAfterMs: 120_000 };

  const post = (event: PipelineEvent) => postOnce(deps.url, deps.request(event, deps.clock.now()), { receiver: deps.receiver, timeoutMs });

  async function deliverOne(event: PipelineEvent): Promise<Attempt> {
    let last: Attempt = { ok: false, retry: true, error: 'not sent' };
    for (let attempt = 0; attempt < attempts; attempt++) {
      last = await post(event);
      if (last.ok || !last.retry || attempt === attempts - 1) return last;
      const wait = retryDelayMs(attempt, last.retryAfter, deps.clock.now(), deps.random, policy);
      if (wait === undefined) return last; // asked to wait longer than a run should: the next run tries again
      deps.logger.debug(`${deps.channel}: retrying ${event.id}`, { attempt: attempt + 1, reason: last.error });
      await deps.clock.sleep(wait);
    }
    return last;
  }

  return {
    name: deps.channel,
    async deliver(events) {
      const report = emptyReport();
      if (events.length === 0) return report;
      let record: DeliveryRecord;
      try {
        record = (await deps.store.readDeliveries(deps.channel)) ?? { version: 1, delivered: {} };
      } catch (error) {
        // Unreadable: better to post nothing than to post everything again.
        for (const e of events) report.failed.push({ eventId: e.id, error: describeError(error), transient: true });
        return report;
      }
      const cutoff = new Date(deps.clock.now().getTime() - KEEP_DAYS * 86_400_000).toISOString();
      for (const [id, entry] of Object.entries(record.delivered)) if (entry.at < cutoff) delete record.delivered[id];

      for (const event of events) {
        if (record.delivered[event.id]) {
          report.delivered.push(event.id);
          continue;
        }
        const outcome = await deliverOne(event);
        if (!outcome.ok) {
          report.failed.push({ eventId: event.id, error: outcome.error, transient: outcome.retry });
          continue;
        }
        record.delivered[event.id] = { at: deps.clock.now().toISOString(), status: outcome.status };
        try {
          await deps.store.writeDeliveries(deps.channel, record);
        } catch (error) {
          // Posted but not recorded: stop here, so at most this one event is posted again on the next run.
          throw new NotifyError(`${deps.channel}: could not record the delivery of ${event.id}: ${describeError(error)}`, deps.channel, { cause: error, transient: true });
        }
        report.delivered.push(event.id);
      }
      return report;
    },
  };
}
