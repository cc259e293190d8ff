import { httpUrl, plainLine, plainText } from '../../untrusted/index.ts';
import type { PipelineEvent } from '../events.ts';
import { summaryLine } from '../summary-line.ts';

/**
 * A Slack message (Block Kit) for one event. Page text goes only into plain_text fields (Slack formats none of it,
 * emoji codes included); the mrkdwn of the links line escapes what Slack reads as markup (& < >), and link targets
 * are http(s) only, with | < > percent-encoded so a URL cannot close its own link.
 */

type Text = { type: 'plain_text'; text: string; emoji: false } | { type: 'mrkdwn'; text: string };
export type Block =
  | { type: 'header'; text: Text }
  | { type: 'section'; text: Text }
  | { type: 'context'; elements: Text[] };

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

/** Escapes text for Slack mrkdwn: &, < and > are the only characters Slack asks to escape. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const plain = (text: string, max: number): Text => ({ type: 'plain_text', text: plainLine(text, max) || ' ', emoji: false });
const lines = (items: string[], max: number): Text => ({ type: 'plain_text', text: plainText(items.join('\n')).slice(0, max) || ' ', emoji: false });

function link(url: string | undefined, label: string): string | undefined {
  const safe = httpUrl(url);
  if (!safe) return undefined;
  return `<${safe.replace(/\|/g, '%7C').replace(/</g, '%3C').replace(/>/g, '%3E')}|${escapeMrkdwn(label)}>`;
}

function details(event: PipelineEvent): string[] {
  switch (event.type) {
    case 'change':
      return [
        ...event.keyChanges.slice(0, 8).map((k) => `• ${k.text}`),
        ...(event.keyChanges.length > 8 ? [`…and ${event.keyChanges.length - 8} more`] : []),
        ...event.claimChanges.slice(0, 5).map((c) => `• Quoted: “${c.claim.quote}” is now ${c.after.status}`),
      ];
    case 'claims-changed':
      return event.claimChanges.slice(0, 8).map((c) => `• “${c.claim.quote}” is now ${c.after.status}${c.after.currentWording ? `; the page says: “${c.after.currentWording}”` : ''}`);
    case 'tracking-failing':
      return [`${event.failure.reason}: ${event.failure.message}`, `Failing since ${event.since.slice(0, 10)}.`];
    case 'document-moved':
      return [`From ${event.from}`, `To ${event.to}`];
    case 'selector-fallback':
      return [`Selectors: ${event.selectors.join(', ')}`];
    case 'tracking-resumed':
      return [];
  }
}

export function slackMessage(event: PipelineEvent): SlackMessage {
  const summary = summaryLine(event);
  const more = details(event);
  const links = event.type === 'change'
    ? [link(event.links.page, 'Open the page'), link(event.links.issue, 'Issue'), link(event.links.compare, 'What changed')]
    : [link(event.doc.url, 'Open the page')];
  return {
    // The notification text (and what clients without blocks show); Slack reads it as mrkdwn.
    text: escapeMrkdwn(plainLine(summary, 300)),
    blocks: [
      { type: 'header', text: plain(`policywatch: ${event.doc.title}`, 150) },
      { type: 'section', text: plain(summary, 3000) },
      ...(more.length > 0 ? [{ type: 'section' as const, text: lines(more, 3000) }] : []),
      { type: 'context', elements: [{ type: 'mrkdwn', text: [...links.filter(Boolean), `event \`${escapeMrkdwn(event.id)}\``].join(' · ') }] },
    ],
  };
}
