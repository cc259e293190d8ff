import type { DefaultTopic } from '../config/schema.ts';

/**
 * What a sentence is about, judged from the sentence as a whole: every topic cue is scored, cues in the words that
 * changed weigh more, and the kind of fact that changed is a cue too (a changed duration is about how long data is
 * kept). "Shared transcripts are kept for 6 months → two years" is retention, though "shared" comes first.
 */

interface Cue {
  topic: DefaultTopic;
  pattern: RegExp;
  weight: number;
}

const cue = (topic: DefaultTopic, weight: number, pattern: RegExp): Cue => ({ topic, weight, pattern: new RegExp(pattern.source, 'giu') });

const CUES: readonly Cue[] = [
  // Specific vocabulary: one mention settles it.
  cue('zdr', 4, /\bzero[- ]data[- ]retention\b|\bzdr\b/),
  cue('human-review', 3, /\bhuman[- ]review|\bhuman reviewers?\b|\breviewed by (?:humans|people|our (?:staff|team|trust))/),
  cue('legal-requests', 3, /\blaw enforcement\b|\bgovernment(?:al)? (?:request|authorit|agenc)|\blegal process\b|\bsubpoena|\bcourt orders?\b|\bwarrants?\b/),
  cue('sub-processors', 3, /\bsub-?processors?\b/),
  cue('telemetry', 2, /\btelemetry\b|\berror report|\banalytics\b|\bnonessential traffic\b|\bdisable_\w+/),
  // General vocabulary.
  cue('training', 1.5, /\btrain(?:s|ed|ing)?\b|\bmodel improvement\b|\bimprove (?:our|the) (?:models|services)\b|\bdevelopment partner/),
  cue('deletion', 1, /\bdelet(?:e|es|ed|ing|ion)\b|\berase[sd]?\b|\berasure\b|\bpurge[sd]?\b/),
  cue('retention', 1, /\bretain(?:s|ed|ing)?\b|\bretention\b|\bstored?\b|\bstores\b|\bstoring\b|\bkeeps?\b|\bkept\b|\bhow long\b/),
  cue('sharing', 1, /(?<!publicly )\bshar(?:e|es|ing)\b|\bsell(?:s|ing)?\b|\bsold\b|\bthird[- ]part(?:y|ies)\b|\bdisclos(?:e|es|ed|ure)\b/),
  cue('sharing', 0.5, /(?<!publicly )\bshared\b|\bpartners?\b/),
  cue('export', 1, /\bexport(?:s|ed|ing)?\b|\bdownload (?:your|a copy)\b|\bportability\b/),
  cue('location', 1, /\blocation\b|\bregions?\b|\bdata residency\b|\bservers? in\b|\btransfer(?:s|red)? (?:to|outside)\b/),
  cue('age', 1.5, /\bminors?\b|\bchildren\b|\bchild\b|\bteens?\b|\bunder (?:the age of )?1[3-8]\b|\bage (?:of|limit|requirement)/),
  // Weak signals.
  cue('training', 0.5, /\bopt(?:s|ed)?[- ]?(?:out|in)\b/),
  cue('privacy', 0.5, /\bverifiable requests?\b|\bdata subjects?\b|\bgdpr\b|\bccpa\b|\bcollect(?:s|ed|ion)?\b|\bcrawl(?:s|ed|er|ing)?\b|\bbiometric|\bfac(?:e|ial) (?:analysis|recognition)\b|\bverification data\b|\bidentity verification\b|\bgovernment[- ]issued\b|\bhealth (?:data|information)\b|\bprecise location\b|\bcookies?\b/),
];

/** How much a cue in the changed words counts beside one elsewhere in the sentence. */
const CHANGED_WEIGHT = 3;
/** Below this, the sentence has no topic. */
const MIN_SCORE = 0.5;

/**
 * The topic of a sentence: cues anywhere count once, cues in `changed` (the edited words) count more, and changed
 * facts add their own cue (durations: retention or deletion; ages: age).
 */
export function topicOf(text: string, changed = '', changedFacts: ReadonlyArray<{ kind: string }> = []): DefaultTopic | undefined {
  return scoreTopic(text, changed, changedFacts)?.topic;
}

export interface ScoredTopic {
  topic: DefaultTopic;
  /** How strongly the sentence is about it: a weak signal alone scores under 1. */
  score: number;
  /** Where in `text` its first cue is, when it has one there: the words a reader would call the sentence by. */
  cue?: { start: number; end: number };
}

export function scoreTopic(text: string, changed = '', changedFacts: ReadonlyArray<{ kind: string }> = []): ScoredTopic | undefined {
  const scores = new Map<DefaultTopic, { score: number; at: number; end: number }>();
  const add = (topic: DefaultTopic, score: number, at: number, end: number) => {
    const entry = scores.get(topic);
    if (!entry) scores.set(topic, { score, at, end });
    else {
      entry.score += score;
      if (at < entry.at) Object.assign(entry, { at, end });
    }
  };
  for (const { topic, pattern, weight } of CUES) {
    for (const m of text.matchAll(pattern)) add(topic, weight, m.index, m.index + m[0].length);
    if (changed) for (const _ of changed.matchAll(pattern)) add(topic, weight * CHANGED_WEIGHT, text.length, text.length);
  }
  for (const fact of changedFacts) {
    // A period is about keeping or deleting only where the sentence says so ("Updated 9 days ago" is not).
    if (fact.kind === 'duration' && (scores.has('deletion') || scores.has('retention'))) add(scores.has('deletion') ? 'deletion' : 'retention', 1.5, text.length, text.length);
    if (fact.kind === 'age') add('age', 2, text.length, text.length);
    // A country that changed is most often where data goes or is kept.
    if (fact.kind === 'region') add('location', 1, text.length, text.length);
  }
  let best: { topic: DefaultTopic; score: number; at: number; end: number } | undefined;
  for (const [topic, entry] of scores) {
    if (!best || entry.score > best.score || (entry.score === best.score && entry.at < best.at)) best = { topic, ...entry };
  }
  if (!best || best.score < MIN_SCORE) return undefined;
  return { topic: best.topic, score: best.score, ...(best.at < text.length && { cue: { start: best.at, end: best.end } }) };
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
