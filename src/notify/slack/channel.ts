import { defineChannel } from '../channel.ts';
import { createHttpPostNotifier, postOnce, postUrlFrom, type HttpRetryOptions } from '../http-post.ts';
import { NotifyError } from '../../shared/errors.ts';
import { maintainersTake } from '../routing.ts';
import { escapeMrkdwn, slackMessage } from './blocks.ts';

export const SLACK_URL_ENV = 'SLACK_WEBHOOK_URL';

export type SlackChannelOptions = { retry?: HttpRetryOptions; random?: () => number };

/** The incoming-webhook URL is a secret (it is the credential): it is checked, and never shown. */
function webhookUrl(env: NodeJS.ProcessEnv): string | undefined {
  return postUrlFrom(env, SLACK_URL_ENV, "copy the Webhook URL of your Slack app's incoming webhook (https://hooks.slack.com/services/…)");
}

/** Slack: each event the maintainers hear about, as one Block Kit message to an incoming webhook's channel. */
export const slackChannel = defineChannel({
  name: 'slack',
  role: 'slack',
  settings: [SLACK_URL_ENV],
  takes: maintainersTake,
  status: ({ env }) => (webhookUrl(env) ? { configured: true } : { configured: false, missing: `no ${SLACK_URL_ENV}` }),
  create({ env, store, clock, logger }, options: SlackChannelOptions | undefined) {
    const notifier = createHttpPostNotifier({
      channel: 'slack',
      receiver: 'Slack',
      url: webhookUrl(env)!,
      store,
      clock,
      logger,
      ...(options?.retry ? { retry: options.retry } : {}),
      ...(options?.random ? { random: options.random } : {}),
      request: (event) => ({ body: JSON.stringify(slackMessage(event)), headers: { 'content-type': 'application/json; charset=utf-8' } }),
    });
    return { notifier, description: 'Slack (incoming webhook)' };
  },
  async test({ env }, message, options) {
    const body = JSON.stringify({
      text: escapeMrkdwn(message.subject),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: message.subject, emoji: false } },
        { type: 'section', text: { type: 'plain_text', text: message.text, emoji: false } },
      ],
    });
    const result = await postOnce(webhookUrl(env)!, { body, headers: { 'content-type': 'application/json; charset=utf-8' } }, { receiver: 'Slack', ...(options?.retry?.timeoutMs ? { timeoutMs: options.retry.timeoutMs } : {}) });
    if (!result.ok) throw new NotifyError(result.error, 'slack');
    return `posted a test message (HTTP ${result.status})`;
  },
});
