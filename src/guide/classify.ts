import { hasEditorialMarks, parseMatchForm } from '../claims/index.ts';
import type { Topic } from '../config/schema.ts';
import { tokenize, toPlainText } from '../text/index.ts';
import type { GuideQuote } from './parse.ts';

/**
 * Which quotes of a guide are claims about a page. A quote is set aside, with its reason, when it is
 * - a repeat of an earlier quote (the same words, whatever the punctuation): one claim, quoted in several sections;
 * - a fragment of a longer quote (its words run on inside it): watched through the longer one;
 * - a single word ("Yes"): it would be found on almost any page, so it proves nothing;
 * - the author's own words: a short phrase, without a citing link, that its sentence attributes to nobody and uses
 *   as a term ("so “opted out” means “not used for training,” not “never touched”").
 * Interface labels and names ("Help improve Claude", "Export data") are kept, as claims of kind `label`.
 */

export interface GuidePlace {
  section: string;
  anchor?: string;
}

export interface Candidate {
  /** The quote as the guide prints it (the first time), without the guide's own trailing comma. */
  text: string;
  /** The tolerant matching form, when the guide marked the quote editorially. */
  match?: string;
  kind: 'quote' | 'label';
  /** Lowercase words: repeats, fragments and re-imports compare these. */
  key: string;
  tokens: string[];
  first: GuideQuote;
  occurrences: GuideQuote[];
  /** Every section that quotes it (the first one first), repeats and fragments included. */
  places: GuidePlace[];
  /** Citing links, in order of occurrence. */
  hrefs: string[];
}

export type SetAsideKind = 'repeat' | 'fragment' | 'one-word' | 'authors-words' | 'no-words';

export interface SetAside {
  quote: GuideQuote;
  kind: SetAsideKind;
  reason: string;
}

export interface Classified {
  candidates: Candidate[];
  setAside: SetAside[];
}

const AUTHOR_MAX_WORDS = 4;
const LABEL_MAX_WORDS = 6;

export function quoteTokens(text: string): string[] {
  const form = parseMatchForm(text).map((p) => p.text).join(' ');
  return tokenize(toPlainText(form)).map((t) => t.text);
}

/** The guide's own punctuation after a quote ("… off,” so") is not part of the page's words. */
export function cleanQuote(text: string): string {
  return text.replace(/^\s*(?:…|\.\.\.)\s*/, '').replace(/\s*(?:…|\.\.\.)\s*$/, '').replace(/[\s,;:]+$/, '').trim();
}

/** The form the claim matcher reads: ellipses written one way; brackets kept (see src/claims/form.ts). */
export function matchingForm(text: string): string | undefined {
  const clean = cleanQuote(text);
  return hasEditorialMarks(clean) ? clean.replace(/\.\.\./g, '…') : undefined;
}

const ATTRIBUTION_VERB = /\b(?:says?|said|states?|stated|writes?|wrote|adds?|lists?|names?|notes?|explains?|according to|puts it|describes?|promises?|commits?|tells?|warns?)\b/i;
const SOURCE_NOUN = /\b(?:Anthropic|polic(?:y|ies)|terms|docs?|documentation|article|FAQ|notice|addendum|help cent(?:er|re)|privacy cent(?:er|re)|support page)\b/i;
const MENTION_AFTER = /^\s*[,.]?\s*(?:means?|meant|is not|isn['’]t|are not|aren['’]t|rather than|versus|vs\.?)\b/i;
const MENTION_BEFORE = /\b(?:not|than|means?|meant|called|so-called|term|word|phrase)\s*$/i;

function attributed(q: GuideQuote): boolean {
  const around = `${q.before} ${q.after}`.replace(/“[^”]*”|"[^"]*"/g, ' ');
  return ATTRIBUTION_VERB.test(around) || SOURCE_NOUN.test(around) || /:\s*$/.test(q.before);
}

/** An interface label or a name is capitalized in the middle of the guide's sentence: "turn “Help improve Claude” on". */
function labelShaped(q: GuideQuote, tokens: readonly string[]): boolean {
  return tokens.length <= LABEL_MAX_WORDS && /^\p{Lu}/u.test(cleanQuote(q.text)) && q.before.trim() !== '' && !/[.!?:]\s*$/.test(q.before);
}

function contains(long: readonly string[], short: readonly string[]): boolean {
  if (short.length === 0 || short.length >= long.length) return false;
  outer: for (let i = 0; i + short.length <= long.length; i++) {
    for (let j = 0; j < short.length; j++) if (long[i + j] !== short[j]) continue outer;
    return true;
  }
  return false;
}

const shorten = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function place(q: GuideQuote): GuidePlace {
  return { section: q.section, ...(q.anchor && { anchor: q.anchor }) };
}

function addPlace(places: GuidePlace[], p: GuidePlace): void {
  if (p.section && !places.some((x) => x.section === p.section)) places.push(p);
}

export function classifyQuotes(quotes: readonly GuideQuote[]): Classified {
  const setAside: SetAside[] = [];
  const byKey = new Map<string, Candidate>();
  const candidates: Candidate[] = [];
  for (const q of quotes) {
    const tokens = quoteTokens(q.text);
    const key = tokens.join(' ');
    if (tokens.length === 0) {
      setAside.push({ quote: q, kind: 'no-words', reason: 'no words to look for' });
      continue;
    }
    const seen = byKey.get(key);
    if (seen) {
      seen.occurrences.push(q);
      addPlace(seen.places, place(q));
      if (q.href && !seen.hrefs.includes(q.href)) seen.hrefs.push(q.href);
      setAside.push({ quote: q, kind: 'repeat', reason: `repeats #${seen.first.n} (${seen.first.section || 'top'}): one claim, quoted in both places` });
      continue;
    }
    if (tokens.length === 1) {
      setAside.push({ quote: q, kind: 'one-word', reason: 'a single word (a button label): it is on almost any page, so finding it proves nothing' });
      continue;
    }
    const label = labelShaped(q, tokens);
    if (!label && !q.href && tokens.length <= AUTHOR_MAX_WORDS && !attributed(q) && (MENTION_AFTER.test(q.after) || MENTION_BEFORE.test(q.before))) {
      setAside.push({
        quote: q,
        kind: 'authors-words',
        reason: 'the author\'s own words: a short phrase with no citing link, attributed to no page, used as a term in its sentence',
      });
      continue;
    }
    const text = cleanQuote(q.text);
    const match = matchingForm(q.text);
    const candidate: Candidate = {
      text,
      ...(match !== undefined && { match }),
      kind: label ? 'label' : 'quote',
      key,
      tokens,
      first: q,
      occurrences: [q],
      places: q.section ? [place(q)] : [],
      hrefs: q.href ? [q.href] : [],
    };
    byKey.set(key, candidate);
    candidates.push(candidate);
  }
  // Fragments: a quote whose words run on inside a longer one is watched through it.
  const kept: Candidate[] = [];
  for (const c of candidates) {
    const parent = candidates.find((other) => other !== c && contains(other.tokens, c.tokens));
    if (!parent) {
      kept.push(c);
      continue;
    }
    for (const q of c.occurrences) {
      addPlace(parent.places, place(q));
      setAside.push({ quote: q, kind: 'fragment', reason: `part of the longer quote #${parent.first.n} “${shorten(parent.text)}”: watched through it` });
    }
  }
  setAside.sort((a, b) => a.quote.n - b.quote.n);
  return { candidates: kept, setAside };
}

const TOPIC_RULES: Array<[Topic, RegExp]> = [
  ['zdr', /\bzero data retention\b|\bZDR\b/i],
  ['telemetry', /\btelemetry\b|\berror report/i],
  ['legal-requests', /\bsubpoena|\bwarrant\b|\blegal process\b|\blegally prohibited\b|\bdata is requested\b/i],
  ['age', /\byears old\b|\bage\b|\bID or image\b/i],
  ['location', /\blocation\b|\bIP address\b|\binference_geo\b/i],
  ['export', /\bexport\b/i],
  ['human-review', /\bpersonnel\b|\bde-link|\bhuman review\b/i],
  ['deletion', /\bdelet/i],
  ['sharing', /\btransferred\b|\bcontractual clauses\b|\bsub-?processor/i],
  ['usage-policy', /\busage policy\b|\bsubmit inputs\b/i],
  ['retention', /\bretain|\bretention\b|\bstored?\b|\b\d+ (?:days|months|years)\b/i],
  ['training', /\btrain|\bmodel improvement\b|\bcrawl|ClaudeBot|\bHelp improve Claude\b/i],
];

/**
 * A topic from the quote's words, then its sentence's; `fallback` (the document's first topic) otherwise. With
 * `declared` (the settings' topics), only those: a tracker with its own topics never gets one it did not declare.
 */
export function topicFor(c: Pick<Candidate, 'text' | 'first'>, fallback: Topic = 'privacy', declared?: readonly Topic[]): Topic {
  for (const text of [c.text, c.first.sentence]) {
    for (const [topic, pattern] of TOPIC_RULES) if ((!declared || declared.includes(topic)) && pattern.test(text)) return topic;
  }
  return !declared || declared.includes(fallback) ? fallback : (declared[0] ?? fallback);
}
