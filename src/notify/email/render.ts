import type { Settings } from '../../config/schema.ts';
import type { WordPart } from '../../diff/types.ts';
import type { SubscriberLinks } from './links.ts';
import type { Subscriber } from './subscribers/schema.ts';
import type { MailEvent, MessageView, SectionView } from './view.ts';
import { buildView, cut, eventHeadline, senderOf, stableMessageId, unsubscribeTargets } from './view.ts';
import { htmlText, plainLine, plainText } from '../../untrusted/index.ts';

export interface RenderedMessage {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  messageId: string;
  eventIds: string[];
}

export function renderSubject(events: readonly MailEvent[]): string {
  const [first] = events;
  if (!first) return 'Policy changes';
  if (events.length === 1) return plainLine(cut(eventHeadline(first), 160));
  return plainLine(cut(`${events.length} policy changes: ${eventHeadline(first)} (+${events.length - 1} more)`, 160));
}

function textSection(s: SectionView): string {
  const out = [`== ${s.docTitle} ==`, s.headline, ''];
  if (s.changes.length) out.push('What changed:', ...s.changes.map((c) => `  - ${c}`), ...(s.moreChanges ? [`  (and ${s.moreChanges} more)`] : []), '');
  if (s.claims.length) {
    out.push('Quoted statements affected:');
    for (const c of s.claims) {
      out.push(`  - "${c.quote}"`, `    was ${c.before}, now ${c.after}`);
      if (c.nowReads) out.push(`    now reads: "${c.nowReads}"`);
      if (c.where) out.push(`    ${c.where}`);
    }
    out.push('');
  }
  if (s.effective) out.push(`Effective date: ${s.effective.before ?? '(none)'} → ${s.effective.after ?? '(none)'}`, '');
  if (s.excerpt.length) {
    out.push('Excerpt:');
    for (const h of s.excerpt) {
      if (h.section) out.push(`  In "${h.section}":`);
      if (h.before) out.push(...h.before.split('\n').map((l) => `  - ${l}`));
      if (h.after) out.push(...h.after.split('\n').map((l) => `  + ${l}`));
    }
    if (s.moreHunks) out.push(`  (and more changes on the page)`);
    out.push('');
  }
  if (s.pageUrl) out.push(`Page: ${s.pageUrl}`);
  if (s.issueUrl) out.push(`Discussion: ${s.issueUrl}`);
  return out.join('\n');
}

export function renderText(view: MessageView): string {
  const parts = [...(view.intro ? [view.intro, ''] : []), view.sections.map(textSection).join('\n\n')];
  const stop = view.unsubscribeUrl ? `To stop: ${view.unsubscribeUrl}` : `To stop, send an empty mail to: ${view.mailto}`;
  const change = view.preferencesUrl ? `\nTo choose what you follow: ${view.preferencesUrl}` : '';
  // The view is sanitized already; the whole part goes through once more, so nothing added later can bypass it.
  return plainText(`${parts.join('\n')}\n\n-- \n${view.why}\n${stop}${change}\n`);
}

const link = (url: string, label: string) =>
  `<a href="${htmlText(url)}" style="color:#0969da;text-decoration:underline;">${htmlText(label)}</a>`;

const wordHtml = (w: WordPart) =>
  w.op === 'insert'
    ? `<ins style="background:#dafbe1;color:#116329;text-decoration:none;">${htmlText(w.text)}</ins>`
    : w.op === 'delete'
      ? `<del style="background:#ffebe9;color:#82071e;text-decoration:line-through;">${htmlText(w.text)}</del>`
      : htmlText(w.text);

const P = 'margin:0 0 12px 0;';
const H3 = 'margin:16px 0 6px 0;font-size:14px;color:#59636e;text-transform:uppercase;letter-spacing:0.04em;';

function htmlSection(s: SectionView): string {
  const out = [
    `<h2 style="margin:0 0 4px 0;font-size:13px;color:#59636e;font-weight:normal;">${htmlText(s.docTitle)}</h2>`,
    `<p style="margin:0 0 12px 0;font-size:18px;font-weight:bold;">${htmlText(s.headline)}</p>`,
  ];
  if (s.changes.length) {
    out.push(`<h3 style="${H3}">What changed</h3><ul style="margin:0 0 12px 20px;padding:0;">`);
    out.push(...s.changes.map((c) => `<li style="margin:0 0 4px 0;">${htmlText(c)}</li>`));
    if (s.moreChanges) out.push(`<li style="margin:0 0 4px 0;color:#59636e;">and ${s.moreChanges} more</li>`);
    out.push('</ul>');
  }
  if (s.claims.length) {
    out.push(`<h3 style="${H3}">Quoted statements affected</h3><ul style="margin:0 0 12px 20px;padding:0;">`);
    for (const c of s.claims) {
      const now = c.nowReads ? `<br><span style="color:#59636e;">Now reads: “${htmlText(c.nowReads)}”</span>` : '';
      const where = c.where ? `<br><span style="color:#59636e;font-size:13px;">${htmlText(c.where)}</span>` : '';
      out.push(`<li style="margin:0 0 6px 0;">“${htmlText(c.quote)}”<br>was <b>${htmlText(c.before)}</b>, now <b>${htmlText(c.after)}</b>${now}${where}</li>`);
    }
    out.push('</ul>');
  }
  if (s.effective) {
    out.push(`<p style="${P}">Effective date: ${htmlText(s.effective.before ?? '(none)')} → ${htmlText(s.effective.after ?? '(none)')}</p>`);
  }
  if (s.excerpt.length) {
    out.push(`<h3 style="${H3}">Excerpt</h3>`);
    for (const h of s.excerpt) {
      // A space between a deletion and the insertion that replaces it, so "30" and "90" do not read as "3090".
      const body = h.words.length
        ? h.words.map((w, i) => (w.op === 'insert' && h.words[i - 1]?.op === 'delete' ? ' ' : '') + wordHtml(w)).join('')
        : `<del style="background:#ffebe9;color:#82071e;">${htmlText(h.before)}</del> <ins style="background:#dafbe1;color:#116329;text-decoration:none;">${htmlText(h.after)}</ins>`;
      const where = h.section ? `<div style="font-size:12px;color:#59636e;margin:0 0 4px 0;">In “${htmlText(h.section)}”</div>` : '';
      out.push(`<div style="margin:0 0 10px 0;padding:8px 12px;background:#f6f8fa;border-left:3px solid #d0d7de;font-size:14px;white-space:pre-wrap;">${where}${body}</div>`);
    }
    if (s.moreHunks) out.push(`<p style="${P}color:#59636e;font-size:13px;">And more changes on the page.</p>`);
  }
  const links = [s.pageUrl && link(s.pageUrl, 'Read the page'), s.issueUrl && link(s.issueUrl, 'Discussion on GitHub')].filter(Boolean);
  if (links.length) out.push(`<p style="${P}">${links.join(' &nbsp;·&nbsp; ')}</p>`);
  return `<tr><td style="padding:20px 24px;border-bottom:1px solid #d0d7de;">${out.join('\n')}</td></tr>`;
}

export function renderHtml(view: MessageView, subject: string): string {
  const stop =
    (view.unsubscribeUrl ? link(view.unsubscribeUrl, 'Unsubscribe') : link(view.mailto, 'Unsubscribe by email')) +
    (view.preferencesUrl ? ` &nbsp;·&nbsp; ${link(view.preferencesUrl, 'Choose what you follow')}` : '');
  const intro = view.intro ? `<tr><td style="padding:16px 24px 0 24px;font-weight:bold;">${htmlText(view.intro)}</td></tr>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${htmlText(subject)}</title></head>
<body style="margin:0;padding:0;background:#f6f8fa;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f6f8fa;"><tr><td align="center" style="padding:24px 12px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;width:100%;background:#ffffff;border:1px solid #d0d7de;border-radius:6px;font-family:-apple-system,'Segoe UI',Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5;color:#1f2328;">
${intro}
${view.sections.map(htmlSection).join('\n')}
<tr><td style="padding:16px 24px;font-size:12px;line-height:1.5;color:#59636e;">${htmlText(view.why)}<br>${stop}</td></tr>
</table>
</td></tr></table>
</body></html>
`;
}

/**
 * RFC 8058 one-click needs an HTTPS URI; a loopback address (trying serve out on one machine, tests) is the one
 * exception, since nothing outside the machine can reach it anyway.
 */
export function oneClickCapable(url: string): boolean {
  const parsed = new URL(url);
  return parsed.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
}

/** Pure: the same subscriber and events always give the same message (the demo prints it). */
export function renderMessage(subscriber: Subscriber, events: readonly MailEvent[], settings: Settings, links?: SubscriberLinks): RenderedMessage {
  const view = buildView(subscriber, events, settings, links);
  const subject = renderSubject(events);
  const { url, mailto } = unsubscribeTargets(subscriber, settings, links);
  const headers: Record<string, string> = url
    ? { 'List-Unsubscribe': `<${url}>, <${mailto}>`, ...(oneClickCapable(url) ? { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}) }
    : { 'List-Unsubscribe': `<${mailto}>` };
  headers['Auto-Submitted'] = 'auto-generated';
  const eventIds = events.map((e) => e.id);
  return {
    to: subscriber.address,
    from: senderOf(settings),
    subject,
    text: renderText(view),
    html: renderHtml(view, subject),
    headers,
    messageId: stableMessageId(subscriber, events, settings),
    eventIds,
  };
}
