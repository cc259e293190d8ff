import { matchClaim, prepareText } from '../claims/match.ts';
import type { ClaimConfig, DocumentConfig, Topic } from '../config/schema.ts';
import { canonicalizeDates } from '../normalize/dates.ts';
import { sha256 } from '../shared/hash.ts';
import { classifyQuotes, quoteTokens, topicFor } from './classify.ts';
import type { Candidate, GuidePlace, SetAside } from './classify.ts';
import type { ParsedGuide } from './parse.ts';

/**
 * What an import would do: each claim on its document (and how it was placed), documents to add, quotes set aside,
 * quotes that could not be placed (with the fix), and configured claims the guide no longer quotes.
 *
 * Placement, in order: the claim already configured (same words) stays where it is, unless stored snapshots show it
 * on another page; a stored snapshot that contains it; the page the guide links it to (adding that document); the
 * guide's wording (its sentence names a document, or the quote before it in the same paragraph was placed);
 * otherwise it is unassigned.
 */

export type PlacedBy = 'config' | 'snapshot' | 'link' | 'wording';
export type ClaimAction = 'new' | 'updated' | 'unchanged' | 'moved';

export interface PlannedClaim {
  n: number;
  id: string;
  docId: string;
  quote: string;
  match?: string;
  kind: 'quote' | 'label';
  topic: Topic;
  guide: { section: string; anchor?: string; alsoIn?: string[] };
  action: ClaimAction;
  placedBy: PlacedBy;
  /** updated: the quote it replaces; moved: the document it leaves. */
  previousQuote?: string;
  fromDoc?: string;
}

export interface PlannedDocument {
  id: string;
  title: string;
  url: string;
  /** The config file (in documents/) it goes in. */
  file: string;
}

export interface Unassigned {
  n: number;
  quote: string;
  section: string;
  fix: string;
}

export interface LeftClaim {
  docId: string;
  id: string;
  quote: string;
  /** true: imported from the guide before; false: written by hand, never from the guide. */
  fromGuide: boolean;
}

export interface PlannedDate {
  docId: string;
  effectiveDate: string;
  stated: string;
  section?: string;
  action: 'new' | 'updated' | 'unchanged';
}

export interface ImportPlan {
  quotes: number;
  claims: PlannedClaim[];
  newDocuments: PlannedDocument[];
  setAside: SetAside[];
  unassigned: Unassigned[];
  left: LeftClaim[];
  effectiveDates: PlannedDate[];
}

export interface PlanInput {
  guide: ParsedGuide;
  /** Each configured document and the config file (in documents/) it is in. */
  documents: ReadonlyArray<{ doc: DocumentConfig; file: string }>;
  /** The stored normalized text of a document, when it has a snapshot. */
  snapshot(docId: string): Promise<string | undefined>;
  /** The topics the settings declare: a claim gets one of these. Default: any. */
  topics?: readonly Topic[];
}

const keyOf = (claim: Pick<ClaimConfig, 'quote' | 'match'>) => quoteTokens(claim.match ?? claim.quote).join(' ');

function similarity(a: readonly string[], b: readonly string[]): number {
  const counts = new Map<string, number>();
  for (const t of a) counts.set(t, (counts.get(t) ?? 0) + 1);
  let shared = 0;
  for (const t of b) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(t, n - 1);
    }
  }
  return (2 * shared) / (a.length + b.length || 1);
}

/** Stable: the same document and words always give the same id, so a re-import is a no-op. */
export function claimId(docId: string, candidate: Pick<Candidate, 'key' | 'text'>): string {
  const words = candidate.text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\[[^\]]*\]/g, '')
    .match(/[a-z0-9]+/g) ?? [];
  const slug = words.slice(0, 6).join('-').slice(0, 40).replace(/-+$/, '') || 'claim';
  return `${slug}-${sha256(`${docId}\n${candidate.key}`).slice(0, 6)}`;
}

function comparableUrl(url: string): { host: string; path: string } | undefined {
  try {
    const u = new URL(url);
    return { host: u.hostname.replace(/^www\./, '').toLowerCase(), path: u.pathname.replace(/\/+$/, '') || '/' };
  } catch {
    return undefined;
  }
}

/** The same page: same host and path, or one path is the other plus a slug ("/articles/123" and "/articles/123-title"). */
export function samePage(a: string, b: string): boolean {
  const x = comparableUrl(a);
  const y = comparableUrl(b);
  if (!x || !y || x.host !== y.host) return false;
  return x.path === y.path || x.path.startsWith(`${y.path}-`) || y.path.startsWith(`${x.path}-`);
}

function documentIdFor(url: string, taken: ReadonlySet<string>): string {
  const u = comparableUrl(url);
  const segment = (u?.path.split('/').filter(Boolean).pop() ?? 'page').toLowerCase();
  const numbered = /^(\d+)(?:-|$)/.exec(segment);
  const hostLabel = (u?.host.split('.')[0] ?? 'page').replace(/[^a-z0-9]/g, '');
  let base = (numbered ? `${hostLabel}-${numbered[1]}` : segment.replace(/\.[a-z0-9]+$/, '')).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  base = (base || hostLabel || 'page').slice(0, 40);
  let id = base;
  for (let i = 2; taken.has(id); i++) id = `${base}-${i}`;
  return id;
}

const TITLE_NOISE = new Set(['help', 'center', 'centre', 'privacy', 'docs', 'article', 'the', 'of', 'a', 'an', 'and', 'service', 'our', 'page']);

/** A document whose title the sentence names ("The Consumer Terms:", "the Privacy Policy says"). */
function namedDocument(sentence: string, documents: readonly DocumentConfig[]): DocumentConfig | undefined {
  const words = quoteTokens(sentence);
  let best: { doc: DocumentConfig; extra: number } | undefined;
  for (const doc of documents) {
    const title = quoteTokens(doc.title.replace(/^[^:]{1,30}:\s*/, ''));
    const core = title.filter((t) => !TITLE_NOISE.has(t));
    if (core.length === 0) continue;
    // Its title's words, in order, with at most the generic words ("of Service") left out.
    const name = title.slice(0, Math.max(...core.map((c) => title.lastIndexOf(c))) + 1);
    for (let i = 0; i + name.length <= words.length; i++) {
      if (name.every((t, j) => words[i + j] === t)) {
        const extra = title.length - name.length;
        if (!best || extra < best.extra) best = { doc, extra };
      }
    }
  }
  return best?.doc;
}

export async function planImport(input: PlanInput): Promise<ImportPlan> {
  const { candidates, setAside } = classifyQuotes(input.guide.quotes);
  const docs = input.documents.map((d) => d.doc);
  const snapshots = new Map<string, ReturnType<typeof prepareText>>();
  for (const doc of docs) {
    const text = await input.snapshot(doc.id);
    if (text !== undefined) snapshots.set(doc.id, prepareText(text));
  }
  const existing = docs.flatMap((doc) => doc.claims.map((claim) => ({ doc, claim, key: keyOf(claim), tokens: quoteTokens(claim.match ?? claim.quote) })));
  const consumed = new Set<(typeof existing)[number]>();
  const claims: PlannedClaim[] = [];
  const newDocuments: PlannedDocument[] = [];
  const unassigned: Unassigned[] = [];
  const takenDocIds = new Set(docs.map((d) => d.id));
  const pending: Candidate[] = [];

  const onSnapshot = (c: Candidate) =>
    docs.filter((d) => {
      const text = snapshots.get(d.id);
      return text !== undefined && matchClaim(text, { quote: c.text, ...(c.match !== undefined && { match: c.match }), kind: c.kind }).exact;
    });

  const guideField = (c: Candidate): PlannedClaim['guide'] => {
    const [first, ...rest] = c.places;
    const also = rest.map((p: GuidePlace) => p.section);
    return { section: first?.section ?? '', ...(first?.anchor && { anchor: first.anchor }), ...(also.length && { alsoIn: also }) };
  };

  const plan = (c: Candidate, docId: string, placedBy: PlacedBy, previous?: (typeof existing)[number], fromDoc?: string): PlannedClaim => {
    const doc = docs.find((d) => d.id === docId);
    const topic = previous?.claim.topic ?? topicFor(c, doc?.topics[0] ?? 'privacy', input.topics);
    const quote = previous && previous.key === c.key ? previous.claim.quote : c.text;
    const ids = new Set([...(doc?.claims.map((x) => x.id) ?? []), ...claims.filter((x) => x.docId === docId).map((x) => x.id)]);
    let id = previous?.claim.id ?? claimId(docId, c);
    if (!previous) for (let i = 2; ids.has(id); i++) id = `${claimId(docId, c)}-${i}`;
    const guide = guideField(c);
    const sameFields =
      previous !== undefined &&
      previous.key === c.key &&
      previous.claim.match === c.match &&
      (previous.claim.kind ?? 'quote') === c.kind &&
      JSON.stringify(previous.claim.guide ?? null) === JSON.stringify(guide);
    const action: ClaimAction = fromDoc ? 'moved' : !previous ? 'new' : sameFields ? 'unchanged' : 'updated';
    return {
      n: c.first.n,
      id,
      docId,
      quote,
      ...(c.match !== undefined && { match: c.match }),
      kind: c.kind,
      topic,
      guide,
      action,
      placedBy,
      ...(previous && previous.key !== c.key && { previousQuote: previous.claim.quote }),
      ...(fromDoc && { fromDoc }),
    };
  };

  const guideKeys = new Set(candidates.map((c) => c.key));
  for (const c of candidates) {
    const seen = onSnapshot(c);
    const same = existing.find((e) => e.key === c.key && !consumed.has(e));
    // An edited quote updates the claim it replaces (the closest one the guide no longer quotes), keeping its id.
    const edited = same
      ? undefined
      : existing
          .filter((e) => !consumed.has(e) && !guideKeys.has(e.key))
          .map((e) => ({ e, score: similarity(e.tokens, c.tokens) }))
          .filter(({ e, score }) => score >= 0.6 || isRunOf(c.tokens, e.tokens))
          .sort((a, b) => b.score - a.score)[0]?.e;
    const previous = same ?? edited;
    if (previous) {
      consumed.add(previous);
      const staysWrong = seen.length > 0 && !seen.includes(previous.doc) && snapshots.has(previous.doc.id);
      const target = staysWrong ? seen[0]! : previous.doc;
      claims.push(plan(c, target.id, 'config', previous, staysWrong ? previous.doc.id : undefined));
      continue;
    }
    if (seen[0]) {
      claims.push(plan(c, seen[0].id, 'snapshot'));
      continue;
    }
    const href = c.hrefs[0];
    if (href) {
      const known = docs.find((d) => samePage(d.url, href)) ?? newDocuments.find((d) => samePage(d.url, href));
      if (known) {
        claims.push(plan(c, known.id, 'link'));
        continue;
      }
      const id = documentIdFor(href, takenDocIds);
      takenDocIds.add(id);
      const host = comparableUrl(href)?.host;
      const file = input.documents.find((d) => comparableUrl(d.doc.url)?.host === host)?.file ?? 'guide.yaml';
      newDocuments.push({ id, title: titleFor(c, href), url: href, file });
      claims.push(plan(c, id, 'link'));
      continue;
    }
    pending.push(c);
  }

  // The guide's wording, once the stronger rules have placed what they can.
  for (const c of pending) {
    // An attribution comes before the quote: "The Consumer Terms: “…”", "the Privacy Policy says Anthropic “…”".
    const named = namedDocument(c.first.before, docs);
    const neighbour = claims
      .filter((p) => {
        const q = input.guide.quotes.find((x) => x.n === p.n);
        return q?.block === c.first.block && p.n < c.first.n;
      })
      .sort((a, b) => b.n - a.n)[0];
    const docId = named?.id ?? neighbour?.docId;
    if (docId) {
      claims.push(plan(c, docId, 'wording'));
      continue;
    }
    unassigned.push({
      n: c.first.n,
      quote: c.text,
      section: c.first.section,
      fix:
        `link the quote to its page in the guide, or add it under its page in config/documents/*.yaml ` +
        `(- id: ${claimId('<doc-id>', c).replace(/-[0-9a-f]{6}$/, '')}, quote: "${c.text}", topic: ${topicFor(c)}) and import again`,
    });
  }

  claims.sort((a, b) => a.n - b.n);
  const left: LeftClaim[] = existing
    .filter((e) => !consumed.has(e))
    .map((e) => ({ docId: e.doc.id, id: e.claim.id, quote: e.claim.quote, fromGuide: e.claim.guide !== undefined }));
  return {
    quotes: input.guide.quotes.length,
    claims,
    newDocuments,
    setAside,
    unassigned,
    left,
    effectiveDates: statedDates(input.guide, docs),
  };
}

/** A quote that runs on inside the other one (or the other inside it): the guide quoted more, or less, of it. */
function isRunOf(a: readonly string[], b: readonly string[]): boolean {
  const [long, short] = a.length >= b.length ? [a, b] : [b, a];
  if (short.length < 3) return false;
  for (let i = 0; i + short.length <= long.length; i++) if (short.every((t, j) => long[i + j] === t)) return true;
  return false;
}

function titleFor(c: Candidate, href: string): string {
  const u = comparableUrl(href);
  return `Page cited by the guide: ${u ? `${u.host}${u.path}` : href}`;
}

const STATED = /((?:\p{Lu}[\p{L}-]*\s+){0,4}\p{Lu}[\p{L}-]*)\s*\(\s*effective\s+([^)]{6,30})\)/gu;

/** "the Privacy Policy (effective Jan 12, 2026)": the date the guide states for a configured document. */
export function statedDates(guide: ParsedGuide, docs: readonly DocumentConfig[]): PlannedDate[] {
  const out: PlannedDate[] = [];
  for (const block of guide.blocks) {
    for (const m of block.text.matchAll(STATED)) {
      const iso = /\b(\d{4}-\d{2}-\d{2})\b/.exec(canonicalizeDates(m[2] ?? ''))?.[1];
      const doc = namedDocument(m[1] ?? '', docs);
      if (!iso || !doc || out.some((d) => d.docId === doc.id)) continue;
      const current = doc.guide?.effectiveDate;
      out.push({
        docId: doc.id,
        effectiveDate: iso,
        stated: `${(m[1] ?? '').trim()} (effective ${(m[2] ?? '').trim()})`,
        ...(block.section && { section: block.section }),
        action: current === undefined ? 'new' : current === iso && doc.guide?.section === (block.section || undefined) ? 'unchanged' : 'updated',
      });
    }
  }
  return out;
}
