import { createHmac } from 'node:crypto';
import { ConfigError } from '../../shared/errors.ts';
import { TOOL_VERSION } from '../../shared/version.ts';
import { safeJson } from '../../untrusted/index.ts';
import { defineChannel } from '../channel.ts';
import type { PipelineEvent } from '../events.ts';
import { createHttpPostNotifier, postOnce, postUrlFrom, type HttpRequest, type HttpRetryOptions } from '../http-post.ts';
import { NotifyError } from '../../shared/errors.ts';
import type { Settings } from '../../config/schema.ts';
import { maintainersTake } from '../routing.ts';
import { summaryLine } from '../summary-line.ts';

export const WEBHOOK_URL_ENV = 'POLICYWATCH_WEBHOOK_URL';
export const WEBHOOK_SECRET_ENV = 'POLICYWATCH_WEBHOOK_SECRET';

export type WebhookChannelOptions = { retry?: HttpRetryOptions; random?: () => number };

/** What a receiver gets: a stable envelope around the event (the full event is in `event`; its text is the page's). */
export function webhookBody(event: PipelineEvent): unknown {
  return {
    version: 1,
    id: event.id,
    type: event.type,
    at: event.at,
    document: { id: event.doc.id, title: event.doc.title, url: event.doc.url },
    summary: summaryLine(event),
    event,
  };
}

/**
 * The key of a Standard Webhooks secret ("whsec_" and base64, as receivers' libraries expect), or any other string's
 * bytes.
 */
export function signingKey(secret: string): Buffer {
  return secret.startsWith('whsec_') ? Buffer.from(secret.slice('whsec_'.length), 'base64') : Buffer.from(secret, 'utf8');
}

/** Standard Webhooks (standardwebhooks.com) signature: base64 HMAC-SHA256 of "id.timestamp.body", as "v1,<sig>". */
export function webhookSignature(secret: string, id: string, timestamp: number, body: string): string {
  return `v1,${createHmac('sha256', signingKey(secret)).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The signed request for a body: Standard Webhooks headers, the id doubling as idempotency key. */
function signedRequest(settings: Settings, secret: string, id: string, type: string, body: string, at: Date): HttpRequest {
  const timestamp = Math.floor(at.getTime() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': `${settings.userAgent.product}/${TOOL_VERSION} (+${settings.userAgent.contact})`,
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': webhookSignature(secret, id, timestamp, body),
      'idempotency-key': id,
      'x-policywatch-event': type,
    },
  };
}

function target(env: NodeJS.ProcessEnv): { url: string; secret: string } | undefined {
  const url = postUrlFrom(env, WEBHOOK_URL_ENV, 'give the https URL of the receiver (http only to localhost)');
  if (!url) return undefined;
  const secret = env[WEBHOOK_SECRET_ENV]?.trim();
  if (!secret || signingKey(secret).length < 16) {
    throw new ConfigError(`${WEBHOOK_URL_ENV} is set but ${WEBHOOK_SECRET_ENV} is ${secret ? 'too short' : 'not'}: receivers verify each request's signature with it`, [
      `make one with  openssl rand -base64 32  (or a "whsec_…" secret from your receiver), set it as ${WEBHOOK_SECRET_ENV}, and give the receiver the same`,
    ]);
  }
  return { url, secret };
}

/**
 * A generic webhook: each event the maintainers hear about, POSTed as JSON to POLICYWATCH_WEBHOOK_URL, signed with
 * HMAC-SHA256 (Standard Webhooks headers), the event id as idempotency key, retried on 5xx and timeouts.
 */
export const webhookChannel = defineChannel({
  name: 'webhook',
  role: 'webhook',
  settings: [WEBHOOK_URL_ENV, WEBHOOK_SECRET_ENV],
  takes: maintainersTake,
  status: ({ env }) => (target(env) ? { configured: true } : { configured: false, missing: `no ${WEBHOOK_URL_ENV}` }),
  create({ env, store, clock, logger, settings }, options: WebhookChannelOptions | undefined) {
    const { url, secret } = target(env)!;
    const notifier = createHttpPostNotifier({
      channel: 'webhook',
      receiver: 'the webhook',
      url,
      store,
      clock,
      logger,
      ...(options?.retry ? { retry: options.retry } : {}),
      ...(options?.random ? { random: options.random } : {}),
      request: (event, at) => signedRequest(settings, secret, event.id, event.type, safeJson(webhookBody(event), undefined, 0), at),
    });
    return { notifier, description: `webhook to ${new URL(url).host} (signed)` };
  },
  /** A "test" event: the envelope of every event, with no document and no event inside. */
  async test({ env, settings }, message, options) {
    const { url, secret } = target(env)!;
    const body = JSON.stringify({ version: 1, id: message.id, type: 'test', at: message.at.toISOString(), document: null, summary: message.text, event: null });
    const result = await postOnce(url, signedRequest(settings, secret, message.id, 'test', body, message.at), { receiver: 'the webhook', ...(options?.retry?.timeoutMs ? { timeoutMs: options.retry.timeoutMs } : {}) });
    if (!result.ok) throw new NotifyError(result.error, 'webhook');
    return `delivered a signed test event (HTTP ${result.status})`;
  },
});
