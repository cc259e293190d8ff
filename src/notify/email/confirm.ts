import { createHash } from 'node:crypto';
import type { Settings } from '../../config/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { escapeHtml } from '../../untrusted/index.ts';
import { formatConfirmCode } from './subscribers/ops.ts';
import type { Subscriber } from './subscribers/schema.ts';
import type { MailTransport } from './transport.ts';
import { bareAddress, unsubscribeTargets } from './view.ts';

/** The double opt-in note: nothing else is ever sent to a pending subscriber. */
export function renderConfirmation(subscriber: Subscriber, settings: Settings) {
  if (!subscriber.confirmCode) throw new Error('renderConfirmation needs a pending subscriber');
  const code = formatConfirmCode(subscriber.confirmCode);
  const domain = bareAddress(settings.email.from).split('@')[1] || 'policywatch.invalid';
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
    from: settings.email.from,
    to: subscriber.address,
    subject: 'Confirm your policywatch subscription',
    text,
    html,
    headers: { 'Auto-Submitted': 'auto-generated', 'List-Unsubscribe': `<${unsubscribeTargets(subscriber, settings).mailto}>` },
    // Hashed: the outbox file is named after the Message-ID and must not reveal the code.
    messageId: `<confirm.${createHash('sha256').update(`${subscriber.id}:${subscriber.confirmCode}`).digest('hex').slice(0, 32)}@${domain}>`,
  };
}

export async function sendConfirmation(transport: MailTransport, subscriber: Subscriber, settings: Settings, clock: Clock): Promise<void> {
  await transport.send({ ...renderConfirmation(subscriber, settings), date: clock.now() });
}
