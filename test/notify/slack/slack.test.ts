import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app/index.ts';
import { SettingsSchema } from '../../../src/config/schema.ts';
import { escapeMrkdwn, slackMessage } from '../../../src/notify/slack/blocks.ts';
import { silentLogger } from '../../../src/shared/logger.ts';
import { redactorFor } from '../../../src/untrusted/index.ts';
import { createMemoryStore } from '../../../src/store/index.ts';
import { appConfig, FAST_CHANNELS } from '../../support/app.ts';
import { startHttpReceiver, type HttpReceiver } from '../../support/http-receiver.ts';
import { makeChange, makeDoc } from '../github/factories.ts';
import { contractEvents } from '../contract.ts';

const events = contractEvents();
const settings = SettingsSchema.parse({});
const hostile = 'Policy <!channel> *bold* _it_ ~s~ `code` <https://evil.example|click> & :skull: \u001b[31m';

describe('the Slack channel', () => {
  let receiver: HttpReceiver;
  beforeEach(async () => {
    receiver = await startHttpReceiver('/services/T000/B000/s3cretTOKEN');
  });
  afterEach(() => receiver.close());

  it('posts one Block Kit message per event to the incoming webhook, and posts nothing twice', async () => {
    const app = createApp({ config: appConfig(settings), env: { SLACK_WEBHOOK_URL: receiver.url }, store: createMemoryStore(), logger: silentLogger, channels: FAST_CHANNELS });
    const slack = app.channels.find((c) => c.adapter === 'slack')!;
    expect(await slack.deliver([events.a, events.failing])).toEqual({ delivered: [events.a.id, events.failing.id], failed: [], links: {} });
    expect(await slack.deliver([events.a])).toEqual({ delivered: [events.a.id], failed: [], links: {} });
    expect(receiver.requests).toHaveLength(2);
    const message = JSON.parse(receiver.requests[0]!.body) as ReturnType<typeof slackMessage>;
    expect(receiver.requests[0]!.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(message.text).toBe('Alpha policy: retention 30 days → 90 days');
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'section', 'context']);
    expect(message.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'policywatch: Alpha policy', emoji: false } });
    // The URL is the credential: named nowhere.
    expect(app.channelLines).toContain('slack: Slack (incoming webhook)');
    expect(app.channelLines.join('\n')).not.toContain('s3cretTOKEN');
    await app.close();
  });

  it('keeps page text out of Slack markup: plain_text only, and the mrkdwn links line escaped', () => {
    const doc = makeDoc({ id: 'evil', title: hostile, url: 'https://policies.example.test/evil?a=1|b>c', topics: ['privacy'] });
    const event = makeChange({ doc, headline: hostile, keyChanges: [{ kind: 'new', text: hostile }], claimChanges: [] });
    event.links = { page: 'https://policies.example.test/p?x=|<>', issue: 'javascript:alert(1)' };
    const message = slackMessage(event);
    expect(message.text).not.toMatch(/<!channel>|<https:/);
    expect(message.text).toContain('&lt;!channel&gt;');
    expect(message.text).not.toContain('\u001b');
    for (const block of message.blocks.slice(0, 3)) {
      const text = (block as { text: { type: string; text: string; emoji?: boolean } }).text;
      expect(text.type).toBe('plain_text');
      expect(text.emoji).toBe(false);
      expect(text.text).not.toContain('\u001b');
    }
    const links = (message.blocks[3] as { elements: { type: string; text: string }[] }).elements[0]!;
    expect(links.type).toBe('mrkdwn');
    expect(links.text).toBe(`<https://policies.example.test/p?x=%7C%3C%3E|Open the page> · event \`${escapeMrkdwn(event.id)}\``);
    expect(escapeMrkdwn('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
  });

  it('treats the webhook URL, and the generic webhook\'s secret, as secrets in every log and output', () => {
    const redact = redactorFor({ SLACK_WEBHOOK_URL: receiver.url, POLICYWATCH_WEBHOOK_SECRET: 'whsec_c2VjcmV0LXNpZ25pbmcta2V5LTAxMjM=' });
    expect(redact(`posting to ${receiver.url} with whsec_c2VjcmV0LXNpZ25pbmcta2V5LTAxMjM=`)).not.toMatch(/s3cretTOKEN|whsec_/);
  });

  it('refuses a URL that is not https, without printing it', () => {
    const build = () => createApp({ config: appConfig(settings), env: { SLACK_WEBHOOK_URL: 'http://hooks.slack.com/services/T/B/s3cret' }, logger: silentLogger }).channels;
    expect(build).toThrow(/SLACK_WEBHOOK_URL is not an https:\/\/ URL/);
    try {
      build();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('s3cret');
    }
  });
});
