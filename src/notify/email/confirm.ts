import { createHash, randomBytes } from 'node:crypto';
import type { Settings } from '../../config/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { escapeHtml } from '../../untrusted/index.ts';
import { formatConfirmCode } from './subscribers/ops.ts';
import type { SubscriberLinks } from './links.ts';
import type { Subscriber } from './subscribers/schema.ts';
import type { MailTransport } from './transport.ts';
import { bareAddress, senderOf, unsubscribeTargets } from './view.ts';

/**
 * The double opt-in note: nothing else is ever sent to a pending subscriber. With serve's links it carries a
 * confirmation link; without, a code the maintainers confirm.
 */
export function renderConfirmation(subscriber: Subscriber, settings: Settings, links?: SubscriberLinks) {
  if (!subscriber.confirmCode) throw new Error('renderConfirmation needs a pending subscriber');
  const code = formatConfirmCode(subscriber.confirmCode);
  const domain = bareAddress(senderOf(settings)).split('@')[1] || 'policywatch.invalid';
  const messageId = `<confirm.${createHash('sha256').update(`${subscriber.id}:${subscriber.confirmCode}`).digest('hex').slice(0, 32)}@${domain}>`;
  if (links) return { ...linkConfirmation(subscriber, settings, links), messageId };
  const text = [
    'Someone (hopefully you) asked to get a note from policywatch when the policy pages it tracks change.',
    '',
    `To confirm, give the maintainers this code, or reply to this note with it: ${code}`,
    `(maintainers run: policywatch subscribers confirm ${code})`,
    '',
    'If you did not ask for this, ignore this note: you will get nothing else.',
  ].join('\n');
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Confirm your subscription</title></head>
<body style="margin:0;padding:24px;background:#f6f8fa;font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;">
<p style="margin:0 0 12px 0;">Someone (hopefully you) asked to get a note from policywatch when the policy pages it tracks change.</p>
<p style="margin:0 0 12px 0;">To confirm, give the maintainers this code, or reply to this note with it:</p>
<p style="margin:0 0 12px 0;font-size:22px;font-weight:bold;letter-spacing:0.1em;font-family:Menlo,Consolas,monospace;">${escapeHtml(code)}</p>
<p style="margin:0;color:#59636e;font-size:13px;">If you did not ask for this, ignore this note: you will get nothing else.</p>
</body></html>
`;
  return {
    from: senderOf(settings),
    to: subscriber.address,
    subject: 'Confirm your policywatch subscription',
    text,
    html,
    headers: { 'Auto-Submitted': 'auto-generated', 'List-Unsubscribe': `<${unsubscribeTargets(subscriber, settings).mailto}>` },
    // Hashed: the outbox file is named after the Message-ID and must not reveal the code.
    messageId,
  };
}

const BODY_STYLE = "margin:0;padding:24px;background:#f6f8fa;font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;";

function linkConfirmation(subscriber: Subscriber, settings: Settings, links: SubscriberLinks) {
  const url = links.confirm(subscriber);
  const hours = settings.serve.confirmHours;
  const text = [
    'Someone (hopefully you) asked to get a note from policywatch when the policy pages it tracks change.',
    '',
    `To confirm, open this link within ${hours} hours:`,
    url,
    '',
    'If you did not ask for this, ignore this note: you will get nothing else.',
  ].join('\n');
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Confirm your subscription</title></head>
<body style="${BODY_STYLE}">
<p style="margin:0 0 12px 0;">Someone (hopefully you) asked to get a note from policywatch when the policy pages it tracks change.</p>
<p style="margin:0 0 16px 0;"><a href="${escapeHtml(url)}" style="display:inline-block;padding:10px 16px;background:#1f6feb;color:#ffffff;border-radius:6px;text-decoration:none;font-weight:bold;">Confirm my subscription</a></p>
<p style="margin:0 0 12px 0;font-size:13px;color:#59636e;">The link works for ${hours} hours: ${escapeHtml(url)}</p>
<p style="margin:0;color:#59636e;font-size:13px;">If you did not ask for this, ignore this note: you will get nothing else.</p>
</body></html>
`;
  return {
    from: senderOf(settings),
    to: subscriber.address,
    subject: 'Confirm your policywatch subscription',
    text,
    html,
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

/** To an address that is already subscribed and asked again: nothing changes; where to manage it instead. */
export function renderAlreadySubscribed(subscriber: Subscriber, settings: Settings, links: SubscriberLinks) {
  const preferences = links.preferences(subscriber);
  const unsubscribe = links.unsubscribe(subscriber);
  const domain = bareAddress(senderOf(settings)).split('@')[1] || 'policywatch.invalid';
  const text = [
    'Someone (hopefully you) asked to subscribe this address to policywatch notes. It is already subscribed, so nothing changed.',
    '',
    `To choose what you follow: ${preferences}`,
    `To stop getting notes: ${unsubscribe}`,
  ].join('\n');
  const html = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>You are already subscribed</title></head>
<body style="${BODY_STYLE}">
<p style="margin:0 0 12px 0;">Someone (hopefully you) asked to subscribe this address to policywatch notes. It is already subscribed, so nothing changed.</p>
<p style="margin:0 0 12px 0;"><a href="${escapeHtml(preferences)}" style="color:#0969da;">Choose what you follow</a> &nbsp;·&nbsp; <a href="${escapeHtml(unsubscribe)}" style="color:#0969da;">Unsubscribe</a></p>
</body></html>
`;
  return {
    from: senderOf(settings),
    to: subscriber.address,
    subject: 'You are already subscribed to policywatch',
    text,
    html,
    headers: { 'Auto-Submitted': 'auto-generated' },
    messageId: `<again.${randomBytes(16).toString('hex')}@${domain}>`,
  };
}

export async function sendConfirmation(transport: MailTransport, subscriber: Subscriber, settings: Settings, clock: Clock, links?: SubscriberLinks): Promise<void> {
  await transport.send({ ...renderConfirmation(subscriber, settings, links), date: clock.now() });
}
