import { createHmac, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app/index.ts';
import { SettingsSchema } from '../../../src/config/schema.ts';
import { createHttpPostNotifier } from '../../../src/notify/http-post.ts';
import { webhookBody, webhookSignature } from '../../../src/notify/webhook/channel.ts';
import { createFixedClock } from '../../../src/shared/clock.ts';
import { ConfigError } from '../../../src/shared/errors.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { createMemoryStore } from '../../../src/store/index.ts';
import { appConfig, FAST_CHANNELS } from '../../support/app.ts';
import { startHttpReceiver, type HttpReceiver } from '../../support/http-receiver.ts';
import { contractEvents } from '../contract.ts';

const events = contractEvents();
const settings = SettingsSchema.parse({});
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;

describe('the webhook channel', () => {
  let receiver: HttpReceiver;
  beforeEach(async () => {
    receiver = await startHttpReceiver();
  });
  afterEach(() => receiver.close());

  const channel = (env: NodeJS.ProcessEnv = { POLICYWATCH_WEBHOOK_URL: receiver.url, POLICYWATCH_WEBHOOK_SECRET: SECRET }) => {
    const app = createApp({ config: appConfig(settings), env, store: createMemoryStore(), logger: silentLogger, channels: FAST_CHANNELS });
    return { app, channel: app.channels.find((c) => c.adapter === 'webhook')! };
  };

  it('POSTs the event as JSON, signed the Standard Webhooks way, with the event id as idempotency key', async () => {
    const { app, channel: webhook } = channel();
    const before = Math.floor(Date.now() / 1000);
    expect(await webhook.deliver([events.a])).toEqual({ delivered: [events.a.id], failed: [], links: {} });
    const [request] = receiver.requests;
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.headers['webhook-id']).toBe(events.a.id);
    expect(request!.headers['idempotency-key']).toBe(events.a.id);
    expect(request!.headers['x-policywatch-event']).toBe('change');
    expect(request!.headers['user-agent']).toMatch(/^policywatch\/\d+\.\d+\.\d+ \(\+https:/);
    const timestamp = Number(request!.headers['webhook-timestamp']);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    // The receiver's check, written from the spec: base64 HMAC-SHA256 of "id.timestamp.body" with the decoded secret.
    const key = Buffer.from(SECRET.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${events.a.id}.${timestamp}.${request!.body}`).digest('base64');
    expect(request!.headers['webhook-signature']).toBe(`v1,${expected}`);
    expect(webhookSignature(SECRET, events.a.id, timestamp, request!.body + ' ')).not.toBe(`v1,${expected}`);
    const body = JSON.parse(request!.body) as Record<string, unknown>;
    expect(body).toMatchObject({ version: 1, id: events.a.id, type: 'change', at: events.a.at, document: { id: 'alpha', title: 'Alpha policy' }, summary: events.a.headline });
    expect(body.event).toMatchObject({ id: events.a.id, keyChanges: events.a.keyChanges });
    expect(webhookBody(events.failing)).toMatchObject({ summary: expect.stringMatching(/could not be read on \d+ runs in a row \(timeout\)/) });
    await app.close();
  });

  it('does not retry a 4xx (the event stays queued, not transient); retries a 5xx, a timeout and a 429 with its Retry-After', async () => {
    const { app, channel: webhook } = channel();
    receiver.reply = () => 410;
    const gone = await webhook.deliver([events.a]);
    expect(gone.failed).toEqual([{ eventId: events.a.id, error: expect.stringMatching(/the webhook refused the event \(410\)/), transient: false }]);
    expect(receiver.requests).toHaveLength(1);
    await app.close();

    const clock = createFixedClock('2030-01-01T00:00:00Z');
    const waits: number[] = [];
    const sleep = clock.sleep;
    clock.sleep = async (ms) => (waits.push(ms), sleep(ms));
    const answers: Parameters<HttpReceiver['reply']>[0][] = [];
    const script = [503, { status: 429, headers: { 'retry-after': '7' } }, 'drop' as const, 200];
    receiver.requests.length = 0;
    receiver.reply = (request) => (answers.push(request), script[answers.length - 1] ?? 200);
    const notifier = createHttpPostNotifier({
      channel: 'webhook',
      receiver: 'the webhook',
      url: receiver.url,
      store: createMemoryStore(),
      clock,
      logger: silentLogger,
      random: () => 0.5,
      retry: { attempts: 4, backoff: { baseMs: 1000, maxMs: 30_000, maxRetryAfterMs: 60_000 } },
      request: (event) => ({ body: JSON.stringify({ id: event.id }), headers: { 'content-type': 'application/json' } }),
    });
    expect(await notifier.deliver([events.b])).toEqual({ delivered: [events.b.id], failed: [], links: {} });
    expect(receiver.requests.map((r) => r.status)).toEqual([503, 429, 0, 200]);
    // Backoff 0.75 s (half fixed, half jitter), then the server's 7 s, then 3 s.
    expect(waits).toEqual([750, 7000, 3000]);
  });

  it('gives up on a receiver that keeps failing, transiently, so the next run tries again', async () => {
    const { app, channel: webhook } = channel();
    receiver.reply = () => 500;
    const report = await webhook.deliver([events.a]);
    expect(report.failed).toEqual([{ eventId: events.a.id, error: 'the webhook answered 500', transient: true }]);
    expect(receiver.requests).toHaveLength(FAST_CHANNELS.webhook.retry.attempts);
    await app.close();
  });

  it('needs an https URL and a signing secret; says so without printing either', () => {
    const build = (env: NodeJS.ProcessEnv) => () => createApp({ config: appConfig(settings), env, logger: silentLogger }).channels;
    expect(build({ POLICYWATCH_WEBHOOK_URL: 'https://hooks.example.com/p?token=t0ps3cret' })).toThrow(/POLICYWATCH_WEBHOOK_SECRET is not/);
    expect(build({ POLICYWATCH_WEBHOOK_URL: 'https://hooks.example.com/p', POLICYWATCH_WEBHOOK_SECRET: 'short' })).toThrow(/too short/);
    expect(build({ POLICYWATCH_WEBHOOK_URL: 'http://hooks.example.com/p', POLICYWATCH_WEBHOOK_SECRET: SECRET })).toThrow(ConfigError);
    try {
      build({ POLICYWATCH_WEBHOOK_URL: 'https://hooks.example.com/p?token=t0ps3cret' })();
    } catch (error) {
      expect(JSON.stringify([(error as ConfigError).message, (error as ConfigError).problems])).not.toContain('t0ps3cret');
    }
    const app = createApp({ config: appConfig(settings), env: { POLICYWATCH_WEBHOOK_URL: 'https://hooks.example.com/p?token=t0ps3cret', POLICYWATCH_WEBHOOK_SECRET: SECRET }, logger: silentLogger });
    expect(app.channelLines).toContain('webhook: webhook to hooks.example.com (signed)');
    expect(app.channelLines.join('\n')).not.toMatch(/t0ps3cret|whsec_/);
  });
});
