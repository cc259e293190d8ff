import { toPlainText } from '../text/index.ts';
import type { TextOptions } from '../text/index.ts';
import { shortUrl } from './facts.ts';
import { plainLines } from './sentences.ts';

/**
 * Cited link targets: the same words now pointing elsewhere ("View previous business terms" → …/may-2025-business-
 * terms), or words that gained or lost their link. The sentence pass cannot see these (links are not words); the
 * classifier already calls them substantive. A change of query string or fragment alone is not one: those carry
 * rotating tokens and tracking parameters.
 */

export interface LinkChange {
  text: string;
  /** The plain text of the line the link is in (the new one where it has one). */
  line: string;
  from?: string;
  to?: string;
  /** A contact channel (mail address, form, contact page): a fact a reader acts on. */
  contact: boolean;
  /** The same page in another language (help.x.com/en/articles/1 → /articles/1): no fact a reader cares about. */
  localeOnly: boolean;
}

const LINK = /(?<!!)\[((?:[^[\]]|\[[^\]]*\])*)\]\(\s*<?((?:[^()\s<>]|\([^()\s]*\))+)>?(?:\s+"[^"]*")?\s*\)/g;

interface Link {
  text: string;
  url: string;
  target: string;
  /** The plain text of its line: a link added to words that did not change is news; one in a changed line is told there. */
  line: string;
}

/** Where a link goes, as a reader would compare it: no scheme, "www.", query, fragment or trailing slash. */
function target(url: string): string {
  if (/^mailto:/iu.test(url)) return url.toLowerCase().replace(/\?.*$/u, '');
  return url
    .replace(/^https?:\/\//iu, '')
    .replace(/^www\./iu, '')
    .replace(/[?#].*$/u, '')
    .replace(/\/+$/u, '')
    .replace(/^[^/]+/u, (host) => host.toLowerCase());
}

function linksOf(markdown: string, plain: readonly string[], options: TextOptions): Link[] {
  const out: Link[] = [];
  markdown.split(/\r\n?|\n/).forEach((raw, i) => {
    if (!raw.includes('](')) return;
    for (const m of raw.matchAll(LINK)) {
      const url = m[2] ?? '';
      if (/^#/u.test(url)) continue;
      out.push({ text: toPlainText(m[1] ?? '', options), url, target: target(url), line: plain[i] ?? '' });
    }
  });
  return out;
}

const LANGUAGES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** A path segment that names a language, with or without its region or script: "en", "en-us", "de_DE", "zh-Hant", "es-419". */
function isLocale(segment: string): boolean {
  if (!/^[a-z]{2,3}(?:[-_](?:[a-z]{2}|[a-z]{4}|\d{3}))?$/iu.test(segment)) return false;
  try {
    return LANGUAGES.of(segment.replace('_', '-')) !== undefined;
  } catch {
    return false;
  }
}

/** Two targets that are one page, on one host, whose paths differ only by language segments added, removed or swapped. */
export function localeOnly(from: string, to: string): boolean {
  const a = target(from).split('/');
  const b = target(to).split('/');
  if (a.join('/') === b.join('/') || a[0] !== b[0] || /^mailto:/iu.test(a[0] ?? '')) return false;
  const rest = (segments: readonly string[]) => segments.slice(1).filter((x) => !isLocale(x)).join('/');
  return rest(a) === rest(b);
}

const CONTACT = /\bform\b|\bcontact\b|\bemail\b|\be-mail\b|\bwrite to\b|\brequest\b/iu;

/** "https://openai.com/chatgpt/pricing(opens in a new window)" reads as its first part where that part was plain text before. */
const core = (text: string) => text.replace(/\s*\([^()]*\)\s*$/u, '').trim();

/** `plain`: each version's lines as plain text (sentences.ts plainLines), when the caller has them already. */
export function linkChanges(
  oldMarkdown: string,
  newMarkdown: string,
  options: TextOptions = {},
  plain: { before: readonly string[]; after: readonly string[] } = { before: plainLines(oldMarkdown, options), after: plainLines(newMarkdown, options) },
): LinkChange[] {
  const before = linksOf(oldMarkdown, plain.before, options);
  const after = linksOf(newMarkdown, plain.after, options);
  const oldLines = new Set(plain.before);
  const newLines = new Set(plain.after);
  const byText = (links: readonly Link[]) => {
    const map = new Map<string, Link[]>();
    for (const link of links) {
      const k = core(link.text).toLowerCase();
      if (!k) continue;
      map.set(k, [...(map.get(k) ?? []), link]);
    }
    return map;
  };
  const oldByText = byText(before);
  const newByText = byText(after);
  const changes: LinkChange[] = [];
  const seen = new Set<string>();
  for (const k of new Set([...oldByText.keys(), ...newByText.keys()])) {
    const olds = [...(oldByText.get(k) ?? [])];
    const news = [...(newByText.get(k) ?? [])];
    // Targets on both sides cancel out, whatever their order: first those in the same line, then the rest, so what
    // is left over is the link whose line changed.
    for (const sameLine of [true, false]) {
      for (let i = olds.length - 1; i >= 0; i--) {
        const j = news.findIndex((n) => n.target === olds[i]?.target && (!sameLine || n.line === olds[i]?.line));
        if (j >= 0) {
          olds.splice(i, 1);
          news.splice(j, 1);
        }
      }
    }
    const text = core(news[0]?.text ?? olds[0]?.text ?? k);
    const push = (change: LinkChange) => {
      const id = `${change.text}\u0000${change.from ?? ''}\u0000${change.to ?? ''}`;
      if (!seen.has(id)) changes.push(change);
      seen.add(id);
    };
    const contact = (url: string | undefined) => CONTACT.test(text) || /^mailto:/iu.test(url ?? '') || /\/(?:form|forms|contact)\b/iu.test(url ?? '');
    const pairs = Math.min(olds.length, news.length);
    for (let i = 0; i < pairs; i++) {
      const from = olds[i]?.url;
      const to = news[i]?.url;
      push({ text, line: news[i]?.line ?? '', ...(from && { from }), ...(to && { to }), contact: contact(to) || contact(from), localeOnly: !!from && !!to && localeOnly(from, to) });
    }
    // Words that were there before and only now link somewhere (or no longer do).
    // (A trailing aside on the link's words, "(opens in a new window)", is not a change of the words.)
    const same = (link: Link, lines: ReadonlySet<string>) => lines.has(link.line) || lines.has(link.line.replace(link.text, core(link.text)));
    for (const n of news.slice(pairs)) if (same(n, oldLines)) push({ text, line: n.line, to: n.url, contact: contact(n.url), localeOnly: false });
    for (const o of olds.slice(pairs)) if (same(o, newLines)) push({ text, line: o.line, from: o.url, contact: contact(o.url), localeOnly: false });
  }
  return changes;
}

/** Links that now all go to one place: one change ("6 links → help.meta.com/support/privacy"). */
export function groupLinks(changes: readonly LinkChange[]): LinkChange[][] {
  const groups = new Map<string, LinkChange[]>();
  changes.forEach((change, i) => {
    const k = change.to ? `to\u0000${target(change.to)}` : `at\u0000${i}`;
    groups.set(k, [...(groups.get(k) ?? []), change]);
  });
  return [...groups.values()];
}

export function describeLinks(group: readonly LinkChange[]): { text: string; variants: string[] } {
  const first = group[0] as LinkChange;
  if (group.length === 1) return describeLink(first);
  const to = shortUrl(first.to ?? '');
  const names = group.map((l) => `'${l.text}'`);
  const what = group.some((l) => l.contact) ? 'contact links' : 'links';
  return {
    text: `${group.length} ${what} now go to ${to}: ${names.join(', ')}`,
    variants: [`${group.length} ${what} → ${to}`, `${group.length} ${what} → ${shortUrl(first.to ?? '', 30)}`],
  };
}

export function describeLink(change: LinkChange): { text: string; variants: string[] } {
  const from = change.from ? shortUrl(change.from) : undefined;
  const to = change.to ? shortUrl(change.to) : undefined;
  const name = change.text.length > 40 ? `${change.text.slice(0, 39)}…` : change.text;
  if (from && to) {
    return {
      text: `Link '${change.text}': ${from} → ${to}`,
      variants: [`link '${name}' → ${to}`, `'${name}' → ${to}`, `link → ${shortUrl(change.to ?? '', 30)}`],
    };
  }
  if (to) return { text: `Link added: '${change.text}' → ${to}`, variants: [`'${name}' now links ${to}`, `link → ${shortUrl(change.to ?? '', 30)}`] };
  return { text: `Link removed: '${change.text}' (was ${from ?? ''})`, variants: [`link '${name}' removed`, 'link removed'] };
}
