/**
 * The facts a sentence states, found by their shape: numbers that mean something (durations, dates, percentages,
 * amounts, ages), contact channels (e-mail addresses, web addresses, phone numbers), names (products, plans, legal
 * entities), countries and regions, and the words that decide what a sentence allows: modal verbs and negation,
 * defaults, opt-in and opt-out. Works on folded plain text (see text/), where dates are already ISO.
 */

export type FactKind =
  | 'duration'
  | 'date'
  | 'percent'
  | 'amount'
  | 'age'
  | 'email'
  | 'url'
  | 'phone'
  | 'address'
  | 'entity'
  | 'name'
  | 'region'
  | 'modality'
  | 'default'
  | 'opt';

export interface Fact {
  kind: FactKind;
  text: string;
  start: number;
  end: number;
  /** A web address given as a way to reach someone ("submit a request at …", "contact us at …"). */
  contact?: true;
}

const NUMBER_WORD =
  '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|thirty|forty|sixty|ninety|a|an)';
const NUMBER = `(?:\\d+(?:[.,]\\d+)?|${NUMBER_WORD})`;
const UNIT = '(?:second|minute|min|hour|day|week|month|year)s?';

/** Numbers that carry a policy fact; the order matters only for ties at one position. */
const NUMERIC: ReadonlyArray<readonly [FactKind, RegExp]> = [
  // "up to 5 years", "within 30 days", "one calendar month", "a further two months"
  ['duration', new RegExp(`\\b(?:(?:up to|within|for|after|at least|at most|no more than|no longer than|more than|less than)\\s+)?${NUMBER}(?:\\s+|-)(?:(?:calendar|business|working|further|additional)\\s+)?${UNIT}\\b`, 'giu')],
  ['date', /\b\d{4}-\d{2}-\d{2}\b/gu],
  ['percent', /\b\d+(?:[.,]\d+)?\s*(?:%|percent\b)/giu],
  ['amount', /[$€£¥]\s?\d[\d,.]*(?:\s?(?:k|m|bn|million|billion)\b)?|\b\d[\d,.]*\s?(?:usd|eur|gbp|dollars|euros|pounds)\b/giu],
  ['age', /\b(?:ages?\s+(?:of\s+)?\d+|\d+\s+years?\s+(?:of\s+age|old)|under\s+(?:the\s+age\s+of\s+)?\d+)\b/giu],
];

const EMAIL = /(?<![\w.+-])[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+/giu;
// A web address with a scheme, or a bare host name with a known kind of ending and an optional path.
const URL_PATTERN =
  /\bhttps?:\/\/[^\s()<>"']+|(?<![@\w.-])\.?(?:[a-z0-9-]+\.)+(?:com|org|net|ai|io|co|uk|eu|gov|edu|app|dev|info|me|us|de|fr|ie)(?:\/[^\s()<>"']*)?(?![\w-])/giu;
/** A street address ("1455 3rd Street", "117-126 Sheriff Street Upper") or a post-office box. */
const ADDRESS =
  /\b\d{1,5}(?:-\d{1,5})?\s+(?:[A-Z0-9][\p{L}\p{N}'.-]*\s+){0,4}(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Place|Pl|Court|Ct|Square|Sq|Parkway|Pkwy|Highway|Hwy|Quay|Row|Strasse|Straße)\b\.?(?:\s+(?:Upper|Lower|North|South|East|West))?|\bP\.?\s?O\.?\s+Box\s+\d+/gu;
const PHONE = /(?<![\w.])(?!\d{4}-\d{2}-\d{2}\b)\+?\(?\d[\d ().-]{7,}\d(?!\w)(?!\.\d)/gu;
const MODALITY =
  /\b(?:will not|won't|will|would not|would|may not|may|might|must not|must|shall not|shall|cannot|can't|can|should not|should|never|always|do not|does not|don't|doesn't|did not|no longer|not)\b/giu;
const DEFAULT = /\b(?:(?:on|off|enabled|disabled|opted[- ]in|opted[- ]out|turned (?:on|off))\s+by\s+default|by default)\b/giu;
const OPT = /\bopt(?:s|ed|ing)?[- ]?(?:in|out)\b/giu;

const LEGAL_SUFFIX = String.raw`(?:Inc|Incorporated|LLC|L\.L\.C|LLP|L\.P|LP|Ltd|Limited|GmbH|AG|S\.A|SA|S\.A\.S|SAS|S\.à r\.l|B\.V|BV|N\.V|PBC|Corp|Corporation|Co|plc|PLC|Pty|ULC|Sp\. z o\.o|KK|K\.K)\.?`;
const CAPITAL_WORD = String.raw`(?:[A-Z][\p{L}\p{N}&'’-]*|\p{Ll}+[A-Z][\p{L}\p{N}]*|\d+[A-Z][\p{L}\p{N}]*)`;
// "and" is left out: "the United States and Ireland" is two places, not one name.
const CONNECTOR = String.raw`(?:of|for|at|&|de|du|la|le|der|von|van|on|in)`;
/** "OpenAI OpCo, LLC", "OpenAI Ireland Ltd.", "Taceo Limited": a name ending in a legal form. */
const ENTITY = new RegExp(String.raw`(?<![\p{L}\p{N}])${CAPITAL_WORD}(?:\s+${CAPITAL_WORD}){0,5},?\s+${LEGAL_SUFFIX}(?![\p{L}])`, 'gu');
/** "ChatGPT Business", "AI at Meta", "California Consumer Privacy Act (CCPA)": a run of capitalized words. */
const NAME = new RegExp(String.raw`(?<![\p{L}\p{N}])${CAPITAL_WORD}(?:\s+(?:${CONNECTOR}\s+)?${CAPITAL_WORD})*(?:\s+\([A-Z][A-Z0-9&.-]+\))?(?![\p{L}\p{N}])`, 'gu');

/** Capitalized words that open sentences and clauses, not names. */
const NOT_NAMES = new Set(
  'a an the this that these those we our you your if when where while for in on at by to of or and but as it its they their he she his her there here such any all each some no not see for please information'.split(' '),
);

let regionNames: { names: ReadonlySet<string>; longest: number } | undefined;

/** Countries (from the runtime's region names), US states and the usual regional groupings, by their words. */
function regions(): { names: ReadonlySet<string>; longest: number } {
  if (regionNames) return regionNames;
  const names = new Set<string>([
    'European Economic Area', 'European Union', 'EEA', 'EU', 'UK', 'USA', 'U.S.', 'United States of America', 'Asia-Pacific', 'APAC', 'EMEA',
    'Latin America', 'North America', 'South America', 'Europe', 'Asia', 'Africa', 'Oceania', 'Middle East',
    'Alabama', 'Alaska', 'Arizona', 'Arkansas', 'California', 'Colorado', 'Connecticut', 'Delaware', 'Florida', 'Georgia', 'Hawaii', 'Idaho',
    'Illinois', 'Indiana', 'Iowa', 'Kansas', 'Kentucky', 'Louisiana', 'Maine', 'Maryland', 'Massachusetts', 'Michigan', 'Minnesota',
    'Mississippi', 'Missouri', 'Montana', 'Nebraska', 'Nevada', 'New Hampshire', 'New Jersey', 'New Mexico', 'New York', 'North Carolina',
    'North Dakota', 'Ohio', 'Oklahoma', 'Oregon', 'Pennsylvania', 'Rhode Island', 'South Carolina', 'South Dakota', 'Tennessee', 'Texas',
    'Utah', 'Vermont', 'Virginia', 'Washington', 'West Virginia', 'Wisconsin', 'Wyoming', 'Quebec', 'Ontario', 'British Columbia',
  ]);
  const display = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = display.of(code);
      if (name && name !== code && !/unknown/i.test(name)) names.add(name.replace(/’/g, "'"));
    }
  }
  const longest = Math.max(...[...names].map((n) => n.split(' ').length));
  regionNames = { names, longest };
  return regionNames;
}

/** Region names, looked up by runs of words that start with a capital (a set lookup, not a regex of 300 names). */
function collectRegions(out: Fact[], text: string): void {
  const { names, longest } = regions();
  const words = [...text.matchAll(/[\p{L}\p{N}][\p{L}\p{N}.'’&-]*/gu)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
  for (let i = 0; i < words.length; i++) {
    if (!/^\p{Lu}/u.test(words[i]?.text ?? '')) continue;
    for (let n = Math.min(longest, words.length - i); n >= 1; n--) {
      const first = words[i] as { start: number };
      const last = words[i + n - 1] as { end: number };
      let phrase = text.slice(first.start, last.end).replace(/\s+/gu, ' ').replace(/’/g, "'");
      // "EU." or "U.S.," at a sentence's end: the name without the stop, unless the stop is the name's own ("U.S.").
      if (!names.has(phrase)) phrase = phrase.replace(/[.,;:]+$/u, '');
      if (names.has(phrase)) {
        out.push({ kind: 'region', text: phrase, start: first.start, end: first.start + phrase.length });
        i += n - 1;
        break;
      }
    }
  }
}

function collect(out: Fact[], kind: FactKind, text: string, pattern: RegExp): void {
  for (const m of text.matchAll(pattern)) out.push({ kind, text: m[0], start: m.index, end: m.index + m[0].length });
}

/**
 * Facts of texts seen lately: a summary asks for the same sentence's facts several times (ranking, context,
 * headline forms). Bounded, and facts are handed out as copies, so no caller can change another's.
 */
const recent = new Map<string, readonly Fact[]>();
const RECENT_MAX = 2000;

/** Every fact in a text, in order; where two overlap, the longer (then the more specific) wins. */
export function findFacts(text: string): Fact[] {
  const known = recent.get(text);
  if (known) return known.map((f) => ({ ...f }));
  const facts = scanFacts(text);
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(text, facts);
  return facts.map((f) => ({ ...f }));
}

function scanFacts(text: string): Fact[] {
  const found: Fact[] = [];
  for (const [kind, pattern] of NUMERIC) collect(found, kind, text, pattern);
  collect(found, 'email', text, EMAIL);
  collect(found, 'url', text, URL_PATTERN);
  // A phone number has its marks ("+44 20…", "(415) 555-0100", "1-800-…"): a row of plain numbers is not one.
  collect(found, 'phone', text, PHONE);
  for (let i = found.length - 1; i >= 0; i--) {
    const f = found[i] as Fact;
    if (f.kind === 'phone' && (!/[+()\-.]/u.test(f.text) || f.text.replace(/\D/gu, '').length < 8)) found.splice(i, 1);
  }
  collect(found, 'address', text, ADDRESS);
  collect(found, 'entity', text, ENTITY);
  collectRegions(found, text);
  collect(found, 'modality', text, MODALITY);
  collect(found, 'default', text, DEFAULT);
  collect(found, 'opt', text, OPT);
  for (const m of text.matchAll(NAME)) {
    const words = m[0].split(/\s+/);
    const first = words[0] ?? '';
    const sentenceStart = /(?:^|[.!?:]\s+|^\W+)$/u.test(text.slice(0, m.index));
    const distinctive = /\p{Ll}\p{Lu}|\p{Lu}{2}|\d/u.test(m[0]);
    if (words.length === 1 && !distinctive && (sentenceStart || NOT_NAMES.has(first.toLowerCase()))) continue;
    const trimmed = words.length > 1 && NOT_NAMES.has(first.toLowerCase()) ? m[0].slice(first.length).trimStart() : m[0];
    if (trimmed.split(/\s+/).length === 1 && !distinctive && sentenceStart) continue;
    const start = m.index + m[0].length - trimmed.length;
    found.push({ kind: 'name', text: trimmed, start, end: start + trimmed.length });
  }
  const contactContext = CONTACT_CONTEXT.test(text);
  for (const fact of found) {
    // A sentence's punctuation goes; an abbreviation's full stop stays ("OpenAI, L.L.C.", "Ltd.").
    fact.text = fact.text.replace(/[,;:]+$/u, '').replace(/(?<!\b\p{L}|\b(?:Inc|Ltd|Corp|Co|Rd|St|Ave|Dr|Blvd))\.+$/u, '');
    if (fact.kind === 'url' && (contactContext || /\/(?:forms?|contact)\b/iu.test(fact.text))) fact.contact = true;
  }
  for (const fact of found) fact.end = fact.start + fact.text.length;
  const rank: Record<FactKind, number> = {
    email: 0, url: 1, phone: 2, address: 2, entity: 3, date: 4, amount: 5, percent: 6, age: 7, duration: 8, region: 9, default: 10, opt: 11, modality: 12, name: 13,
  };
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || rank[a.kind] - rank[b.kind]);
  const kept: Fact[] = [];
  for (const fact of found) {
    const overlap = kept.find((k) => fact.start < k.end && k.start < fact.end);
    if (!overlap) {
      kept.push(fact);
      continue;
    }
    // A longer fact of a more specific kind replaces a shorter, vaguer one ("OpenAI OpCo, LLC" over "OpenAI OpCo").
    if (fact.end - fact.start > overlap.end - overlap.start && rank[fact.kind] <= rank[overlap.kind]) kept.splice(kept.indexOf(overlap), 1, fact);
  }
  return kept.sort((a, b) => a.start - b.start);
}

/** Words that make a web address a way to reach someone. */
const CONTACT_CONTEXT = /\b(?:contact|request|submit|form|write to|email|e-mail|complaint|reach us|get in touch|opt[- ]out)\b/iu;

/** Kinds a reader names as the fact of a change; names alone are weaker (every defined term is capitalized). */
export const STRONG_KINDS: ReadonlySet<FactKind> = new Set<FactKind>([
  'duration', 'date', 'percent', 'amount', 'age', 'email', 'url', 'phone', 'address', 'entity', 'region', 'modality', 'default', 'opt',
]);

/**
 * A fact that makes its sentence's change a fact change. A web address counts when it is a way to reach someone;
 * elsewhere (a cited document, a domain in a cookie table) it is a reference, told but not ranked as a fact.
 */
export function isStrong(fact: Fact): boolean {
  return STRONG_KINDS.has(fact.kind) && (fact.kind !== 'url' || fact.contact === true);
}

/** The numeric facts in a sentence, lowercased, in order: "30 days", "2026-07-08", "5%". */
export function factsIn(text: string): string[] {
  const found: Array<[number, string]> = [];
  for (const [, pattern] of NUMERIC) {
    for (const m of text.matchAll(pattern)) {
      const fact = m[0].toLowerCase().replace(/\s+/g, ' ').trim();
      // "a day" alone in running text is rarely a policy fact; "a further two months" is kept by its number word.
      if (/^(?:a|an) /.test(fact)) continue;
      found.push([m.index, fact]);
    }
  }
  found.sort((a, b) => a[0] - b[0]);
  return dropNested(found.map(([, fact]) => fact));
}

function dropNested(facts: string[]): string[] {
  return facts.filter((fact, i) => !facts.some((other, j) => j !== i && other.length > fact.length && other.includes(fact)));
}

/** "within 30 days" → "within 90 days" reads better as "30 days → 90 days". */
export function factMove(from: string, to: string): string {
  const a = from.split(' ');
  const b = to.split(' ');
  let same = 0;
  while (same < a.length - 1 && same < b.length - 1 && a[same] === b[same]) same++;
  return `${a.slice(same).join(' ')} → ${b.slice(same).join(' ')}`;
}

/** Multiset difference: items of `a` not matched by an item of `b`. */
export function minus(a: readonly string[], b: readonly string[]): string[] {
  const left = [...b];
  return a.filter((item) => {
    const i = left.indexOf(item);
    if (i === -1) return true;
    left.splice(i, 1);
    return false;
  });
}

/** "https://www.example.com/a/b/file.pdf" → "example.com/…/file.pdf": a web address a reader recognizes. */
export function shortUrl(url: string, max = 48): string {
  const bare = url.replace(/^mailto:/iu, '').replace(/^https?:\/\//iu, '').replace(/^www\./iu, '').replace(/[?#].*$/u, '').replace(/\/+$/u, '');
  if (bare.length <= max) return bare;
  const [host = '', ...path] = bare.split('/');
  const last = path.at(-1) ?? '';
  const shortened = `${host}/…/${last}`;
  return shortened.length <= max + 10 ? shortened : `…/${last}`;
}
