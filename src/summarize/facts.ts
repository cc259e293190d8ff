import type { DefaultTopic } from '../config/schema.ts';

/**
 * What makes a sentence carry a policy fact: numbers that mean something (durations, dates, percentages, amounts,
 * ages) and the policy vocabulary. Works on folded plain text (see text.ts), where dates are already ISO.
 */

const NUMBER_WORD =
  '(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen|twenty|thirty|forty|sixty|ninety|a|an)';
const NUMBER = `(?:\\d+(?:[.,]\\d+)?|${NUMBER_WORD})`;
const UNIT = '(?:second|minute|hour|day|week|month|year)s?';

const FACT_PATTERNS: readonly RegExp[] = [
  // "up to 5 years", "within 30 days", "one calendar month", "a further two months"
  new RegExp(`\\b(?:(?:up to|within|for|after|at least|at most|no more than|no longer than|more than|less than)\\s+)?${NUMBER}(?:\\s+|-)(?:(?:calendar|business|working|further|additional)\\s+)?${UNIT}\\b`, 'giu'),
  /\b\d{4}-\d{2}-\d{2}\b/gu,
  /\b\d+(?:[.,]\d+)?\s*(?:%|percent\b)/giu,
  /[$€£¥]\s?\d[\d,.]*(?:\s?(?:k|m|bn|million|billion)\b)?|\b\d[\d,.]*\s?(?:usd|eur|gbp|dollars|euros|pounds)\b/giu,
  /\b(?:ages?\s+(?:of\s+)?\d+|\d+\s+years?\s+(?:of\s+age|old)|under\s+(?:the\s+age\s+of\s+)?\d+)\b/giu,
];

/** The facts in a sentence, lowercased, in order: "30 days", "2026-07-08", "5%". */
export function factsIn(text: string): string[] {
  const found: Array<[number, string]> = [];
  for (const pattern of FACT_PATTERNS) {
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

/** Specific vocabulary: wins wherever it occurs in the text. */
const SPECIFIC: ReadonlyArray<readonly [DefaultTopic, RegExp]> = [
  ['zdr', /\bzero[- ]data[- ]retention\b|\bzdr\b/iu],
  ['human-review', /\bhuman[- ]review|\bhuman reviewers?\b|\breviewed by (?:humans|people|our (?:staff|team|trust))/iu],
  ['legal-requests', /\blaw enforcement\b|\bgovernment(?:al)? (?:request|authorit|agenc)|\blegal process\b|\bsubpoena|\bcourt orders?\b|\bwarrants?\b/iu],
  ['sub-processors', /\bsub-?processors?\b/iu],
  ['telemetry', /\btelemetry\b|\berror report|\banalytics\b|\bnonessential traffic\b|\bdisable_\w+/iu],
];

/** General vocabulary: the one used first in the text wins ("how long to keep … for training" is retention). */
const GENERAL: ReadonlyArray<readonly [DefaultTopic, RegExp]> = [
  ['training', /\btrain(?:s|ed|ing)?\b|\bmodel improvement\b|\bimprove (?:our|the) (?:models|services)\b|\bdevelopment partner/iu],
  ['deletion', /\bdelet(?:e|es|ed|ing|ion)\b|\berase[sd]?\b|\berasure\b|\bpurge[sd]?\b/iu],
  ['retention', /\bretain(?:s|ed|ing)?\b|\bretention\b|\bstored?\b|\bstores\b|\bstoring\b|\bkeep\b|\bkept\b|\bhow long\b/iu],
  ['sharing', /(?<!publicly )\bshar(?:e|es|ed|ing)\b|\bsell(?:s|ing)?\b|\bsold\b|\bthird[- ]part(?:y|ies)\b|\bdisclos(?:e|es|ed|ure)\b/iu],
  ['export', /\bexport(?:s|ed|ing)?\b|\bdownload (?:your|a copy)\b|\bportability\b/iu],
  ['location', /\blocation\b|\bregions?\b|\bdata residency\b|\bservers? in\b|\btransfer(?:s|red)? (?:to|outside)\b/iu],
  ['age', /\bminors?\b|\bchildren\b|\bunder (?:the age of )?1[3-8]\b|\bage (?:of|limit|requirement)/iu],
];

/** Weak signals, used only when nothing else matched. */
const FALLBACK: ReadonlyArray<readonly [DefaultTopic, RegExp]> = [
  ['training', /\bopt(?:s|ed)?[- ]?(?:out|in)\b/iu],
  ['privacy', /\bverifiable requests?\b|\bdata subjects?\b|\bgdpr\b|\bcollect(?:s|ed|ion)?\b|\bcrawl(?:s|ed|er|ing)?\b|\bclaudebot\b|\bbiometric|\bverification data\b|\bidentity verification\b|\bgovernment[- ]issued\b|\bhealth (?:data|information)\b|\bprecise location\b/iu],
];

/** The topic a text is about, judged by its policy vocabulary (the default topics' words). */
export function topicOf(text: string): DefaultTopic | undefined {
  for (const [topic, pattern] of SPECIFIC) if (pattern.test(text)) return topic;
  let best: { topic: DefaultTopic; at: number } | undefined;
  for (const [topic, pattern] of GENERAL) {
    const at = pattern.exec(text)?.index;
    if (at !== undefined && (!best || at < best.at)) best = { topic, at };
  }
  if (best) return best.topic;
  for (const [topic, pattern] of FALLBACK) if (pattern.test(text)) return topic;
  return undefined;
}

const LABELS: Record<DefaultTopic, string> = {
  training: 'Training',
  retention: 'Retention',
  'human-review': 'Human review',
  deletion: 'Deletion',
  telemetry: 'Telemetry',
  zdr: 'Zero data retention',
  location: 'Location',
  export: 'Export',
  'legal-requests': 'Legal requests',
  sharing: 'Sharing',
  'sub-processors': 'Sub-processors',
  age: 'Age',
  terms: 'Terms',
  privacy: 'Privacy',
  'usage-policy': 'Usage policy',
};

/** "Human review" for a default topic; a declared one reads as its name: "cookie-banners" → "Cookie banners". */
export function topicLabel(topic: string | undefined): string {
  if (!topic) return 'Changed';
  const label = (LABELS as Record<string, string | undefined>)[topic];
  return label ?? topic.charAt(0).toUpperCase() + topic.slice(1).replace(/-/g, ' ');
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
