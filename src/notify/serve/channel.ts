import { ConfigError, NotifyError } from '../../shared/errors.ts';
import { defineChannel } from '../channel.ts';
import type { DeliveryReport, Notifier } from '../port.ts';
import { emptyReport } from '../port.ts';
import { subscribersTake } from '../routing.ts';

export const SERVE_URL_ENV = 'POLICYWATCH_SERVE_URL';
export const SERVE_TOKEN_ENV = 'POLICYWATCH_SERVE_TOKEN';

export interface ServeChannelOptions {
  /** Per request; default 30 s. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

function serveTarget(env: NodeJS.ProcessEnv): { url: string; token: string } | undefined {
  const raw = env[SERVE_URL_ENV];
  if (!raw) return undefined;
  const token = env[SERVE_TOKEN_ENV];
  if (!token) throw new ConfigError(`${SERVE_URL_ENV} is set but ${SERVE_TOKEN_ENV} is not`, [`give the workflow the same ${SERVE_TOKEN_ENV} serve runs with`]);
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) throw new ConfigError(`${SERVE_URL_ENV} is not an http(s) URL`, ['e.g. https://alerts.example.org']);
  return { url: raw.replace(/\/+$/, ''), token };
}

/**
 * The subscribers' channel of a workflow paired with `serve` (GitHub Actions): each alert is handed to serve's
 * authenticated API, which stores it (idempotent by event id) and mails its own subscribers. Subscribers, their
 * addresses and SMTP credentials never reach the workflow. One request per alert, so one failure stays with its
 * alert; an alert counts as delivered once serve has stored it.
 */
export function createServeNotifier(target: { url: string; token: string }, options: ServeChannelOptions = {}): Notifier {
  const doFetch = options.fetch ?? fetch;
  return {
    name: 'serve',
    async deliver(events): Promise<DeliveryReport> {
      const report = emptyReport();
      for (const event of events) {
        try {
          const response = await doFetch(`${target.url}/api/alerts`, {
            method: 'POST',
            headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ events: [event] }),
            signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
          });
          if (response.status === 401) throw new NotifyError(`serve refused ${SERVE_TOKEN_ENV}: give the workflow the token serve runs with`, 'serve', { transient: true });
          if (!response.ok) throw new NotifyError(`serve answered ${response.status}`, 'serve', { transient: response.status >= 500 || response.status === 429 });
          const body = (await response.json()) as { accepted?: unknown };
          if (!Array.isArray(body.accepted) || !body.accepted.includes(event.id)) throw new NotifyError('serve did not accept the alert (it does not validate)', 'serve');
          report.delivered.push(event.id);
        } catch (error) {
          const transient = error instanceof NotifyError ? error.transient : true;
          const message = error instanceof NotifyError ? error.message : `could not reach serve (${(error as Error).name})`;
          report.failed.push({ eventId: event.id, error: message, transient });
        }
      }
      return report;
    },
  };
}

export const serveChannel = defineChannel({
  name: 'serve',
  role: 'subscribers',
  settings: [SERVE_URL_ENV, SERVE_TOKEN_ENV],
  optIn: true,
  takes: subscribersTake,
  status: ({ env }) => (serveTarget(env) ? { configured: true } : { configured: false, missing: `no ${SERVE_URL_ENV}` }),
  create({ env }, options: ServeChannelOptions | undefined) {
    const target = serveTarget(env)!;
    return { notifier: createServeNotifier(target, options), description: `alerts handed to serve at ${new URL(target.url).origin}` };
  },
});
