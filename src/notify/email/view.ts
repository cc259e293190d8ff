import { createHash } from 'node:crypto';
import type { Settings } from '../../config/schema.ts';
import type { WordPart } from '../../diff/types.ts';
import type { ChangeEvent, ClaimsChangedEvent, PipelineEvent } from '../events.ts';
import { isPageChange, isUserFacing } from '../events.ts';
import { httpUrl, plainLine, plainText } from '../../untrusted/index.ts';
import type { SubscriberLinks } from './links.ts';
import type { Subscriber } from './subscribers/schema.ts';

export type MailEvent = ChangeEvent | ClaimsChangedEvent;

export const isMailEvent = (event: PipelineEvent): event is MailEvent =>
  (event.type === 'change' || event.type === 'claims-changed') && isUserFacing(event);

/** Everything the text and HTML bodies show, already cut to size. Still raw (unescaped) text. */
export interface SectionView {
  docTitle: string;
  headline: string;
  pageUrl?: string;
  issueUrl?: string;
  changes: string[];
  /** Key changes beyond those listed. */
  moreChanges: number;
  claims: { quote: string; before: string; after: string; nowReads?: string; where?: string }[];
  effective?: { before?: string; after?: string };
  excerpt: { section?: string; before: string; after: string; words: WordPart[] }[];
  moreHunks: number;
}

export interface MessageView {
  intro?: string;
  sections: SectionView[];
  why: string;
  unsubscribeUrl?: string;
  preferencesUrl?: string;
  mailto: string;
}

const MAX_CHANGES = 6;
const MAX_CLAIMS = 5;
const MAX_HUNKS = 3;
const MAX_HUNK_CHARS = 400;

// Page text is untrusted: sanitized and redacted here, once, before either part of the message is rendered.
const clean = (text: string) => plainText(text);
export const oneLine = (text: string) => plainLine(text);
export const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text);

export function eventHeadline(event: MailEvent): string {
  if (event.type === 'change' && event.headline.trim()) return oneLine(event.headline);
  return `${oneLine(event.doc.title)}: quoted statements changed`;
}

function cutWords(words: WordPart[], max: number): WordPart[] {
  const out: WordPart[] = [];
  let used = 0;
  for (const part of words) {
    if (used >= max) break;
    const text = cut(clean(part.text), max - used + 1);
    out.push({ op: part.op, text });
    used += text.length;
  }
  return out;
}

function sectionOf(event: MailEvent): SectionView {
  const change = event.type === 'change' ? event : undefined;
  const hunks = change?.diff.hunks ?? [];
  const effective = change?.effectiveDate;
  return {
    docTitle: oneLine(event.doc.title),
    headline: eventHeadline(event),
    pageUrl: httpUrl(change?.links.page ?? event.doc.url),
    issueUrl: httpUrl(change?.links.issue),
    changes: (change?.keyChanges ?? []).slice(0, MAX_CHANGES).map((k) => cut(oneLine(k.text), 300)),
    moreChanges: Math.max(0, (change?.keyChanges.length ?? 0) - MAX_CHANGES),
    claims: event.claimChanges.filter(isPageChange).slice(0, MAX_CLAIMS).map((c) => ({
      quote: cut(oneLine(c.claim.quote), 300),
      before: c.before?.status ?? 'new',
      after: c.after.status,
      ...(c.after.status !== 'verified' && c.after.currentWording ? { nowReads: cut(oneLine(c.after.currentWording), 300) } : {}),
      ...(c.claim.guide ? { where: cut(guideSentence(c.claim.guide, c.claim.kind === 'effective-date'), 300) } : {}),
    })),
    ...(effective && effective.before !== effective.after && (effective.before || effective.after)
      ? { effective: { before: effective.before && oneLine(effective.before), after: effective.after && oneLine(effective.after) } }
      : {}),
    excerpt: hunks.slice(0, MAX_HUNKS).map((h) => ({
      ...(h.section ? { section: cut(oneLine(h.section), 120) } : {}),
      before: cut(clean(h.before).trim(), MAX_HUNK_CHARS),
      after: cut(clean(h.after).trim(), MAX_HUNK_CHARS),
      words: cutWords(h.words, MAX_HUNK_CHARS),
    })),
    moreHunks: Math.max(0, hunks.length - MAX_HUNKS) + (change?.diff.truncated ? 1 : 0),
  };
}

/** "The guide's section 'Claude Code (CLI)' quotes this." */
function guideSentence(guide: { section: string; alsoIn?: string[] | undefined }, dated: boolean): string {
  const also = guide.alsoIn?.length ? ` (and ${guide.alsoIn.map((s) => `'${oneLine(s)}'`).join(', ')})` : '';
  return `The guide's section '${oneLine(guide.section)}'${also} ${dated ? 'states this date' : 'quotes this'}.`;
}

/** Sender of .eml drafts when email.from is not set (SMTP refuses to start without it: config/environment.ts). */
export const DRAFT_SENDER = 'policywatch <policywatch@localhost>';

export const senderOf = (settings: Settings): string => settings.email.from ?? DRAFT_SENDER;

/** The bare address inside a From header such as `policywatch <bot@example.org>`. */
export function bareAddress(from: string): string {
  return (/<([^>]+)>/.exec(from)?.[1] ?? from).trim();
}

/**
 * Where a reader leaves: `serve`'s signed link when serve answers (links), else email.unsubscribeUrlBase with the
 * subscriber's random token, and always a mailto.
 */
export function unsubscribeTargets(subscriber: Subscriber, settings: Settings, links?: SubscriberLinks): { url?: string; mailto: string } {
  const base = settings.email.unsubscribeUrlBase;
  const to = (settings.email.unsubscribeMailto ?? bareAddress(senderOf(settings))).replace(/^mailto:/i, '');
  const token = encodeURIComponent(subscriber.unsubscribeToken);
  const url = links ? links.unsubscribe(subscriber) : base ? base + token : undefined;
  return {
    ...(url ? { url } : {}),
    mailto: `mailto:${to}?subject=${encodeURIComponent(`unsubscribe ${subscriber.unsubscribeToken}`)}`,
  };
}

function whyText(subscriber: Subscriber): string {
  if (subscriber.follow.kind === 'all') return 'You get this note because you follow every document policywatch tracks.';
  const parts = [
    subscriber.follow.docs.length ? `documents ${subscriber.follow.docs.join(', ')}` : '',
    subscriber.follow.topics.length ? `topics ${subscriber.follow.topics.join(', ')}` : '',
  ].filter(Boolean);
  return `You get this note because you follow ${parts.join(' and ')}.`;
}

export function buildView(subscriber: Subscriber, events: readonly MailEvent[], settings: Settings, links?: SubscriberLinks): MessageView {
  const { url, mailto } = unsubscribeTargets(subscriber, settings, links);
  return {
    ...(events.length > 1 ? { intro: `${events.length} documents you follow changed.` } : {}),
    sections: events.map(sectionOf),
    why: whyText(subscriber),
    ...(url ? { unsubscribeUrl: url } : {}),
    ...(links ? { preferencesUrl: links.preferences(subscriber) } : {}),
    mailto,
  };
}

/** Stable per (subscriber, set of events): a message re-sent after a crash carries the same Message-ID. */
export function stableMessageId(subscriber: Subscriber, events: readonly MailEvent[], settings: Settings): string {
  const ids = events.map((e) => e.id).sort();
  const digest = createHash('sha256').update(`${subscriber.id}\n${ids.join('\n')}`).digest('hex').slice(0, 40);
  const domain = bareAddress(senderOf(settings)).split('@')[1] || 'policywatch.invalid';
  return `<pw.${digest}@${domain.replace(/[^a-z0-9.-]/gi, '')}>`;
}
