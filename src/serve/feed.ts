import { Feed } from 'feed';
import type { MailEvent } from '../notify/email/view.ts';
import { eventHeadline, oneLine } from '../notify/email/view.ts';
import { httpUrl } from '../untrusted/index.ts';
import { eventTopics } from '../notify/email/match.ts';
import { TOOL_VERSION } from '../shared/version.ts';
import type { StoredAlert } from './alerts.ts';

export interface FeedInput {
  /** Absolute URL of this feed (its self link and id). */
  selfUrl: string;
  /** The site's status page (the feed's alternate link). */
  siteUrl: string;
  title: string;
  alerts: readonly StoredAlert[];
  /** When nothing was ever alerted: the feed's updated time. */
  fallbackUpdated: Date;
}

function summaryOf(event: MailEvent): string {
  const lines: string[] = [];
  if (event.type === 'change') for (const k of event.keyChanges.slice(0, 10)) lines.push(`• ${oneLine(k.text)}`);
  for (const c of event.claimChanges.filter((c) => c.before)) {
    lines.push(`• Quoted claim “${oneLine(c.claim.quote).slice(0, 200)}”: ${c.before?.status ?? 'new'} → ${c.after.status}`);
  }
  return lines.length ? lines.join('\n') : eventHeadline(event);
}

/**
 * An Atom feed (RFC 4287) of alerts, newest first: what subscribers were sent, in words, with the page as the link.
 * Text is given to the generator raw; it escapes everything it writes.
 */
export function renderAtom(input: FeedInput): string {
  const updated = input.alerts[0] ? new Date(input.alerts[0].event.at) : input.fallbackUpdated;
  const feed = new Feed({
    id: input.selfUrl,
    title: input.title,
    link: input.siteUrl,
    updated,
    generator: `policywatch ${TOOL_VERSION}`,
    feedLinks: { atom: input.selfUrl },
    author: { name: 'policywatch', link: input.siteUrl },
    copyright: 'Quoted policy text belongs to its publishers.',
  });
  for (const { event } of input.alerts) {
    const page = httpUrl(event.type === 'change' ? event.links.page : event.doc.url) ?? input.siteUrl;
    feed.addItem({
      // A stable URN per alert: readers dedupe by id, and the id never changes when the page URL does.
      id: `urn:policywatch:alert:${event.id}`,
      title: `${oneLine(event.doc.title)}: ${eventHeadline(event)}`,
      link: page,
      date: new Date(event.at),
      published: new Date(event.at),
      description: summaryOf(event),
      category: eventTopics(event).map((t) => ({ name: t, term: t })),
      author: [{ name: 'policywatch' }],
    });
  }
  return feed.atom1();
}
