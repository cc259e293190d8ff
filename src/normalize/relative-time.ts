/**
 * Relative time stamps ("Updated: 5 days ago", "Edited yesterday", "Updated in the last 15 minutes") say how long
 * ago a page was touched, so they change with the clock and never with the policy. They are read as a grammar, not a
 * list of phrases:
 *
 *   stamp     = [label [":" | "-" | "·"]] time ["at" clock time]
 *   label     = ["last" | "recently"] verb ["on" | "at"]           Updated, Last updated, Edited, Posted, Reviewed…
 *   time      = amount "ago" | "in"/"within" "the last"/"the past" [amount | unit] | word
 *   amount    = [qualifier] number unit                             over a week, about 2 months, 22 hours, 5d, a few minutes
 *   word      = just now | today | yesterday | earlier today | a moment ago | this week | last month | recently …
 *
 * and only where a stamp stands on its own: a whole line, a segment of a byline between separators (· • | and
 * spaced dashes), a parenthesis, or the end of a byline glued to it ("Written by Support Updated 4 days ago").
 * In prose the same words are policy text and stay ("the data you provided two years ago", "within 30 days", "in
 * the last 12 months"). Forms that read as prose on their own ("in the last hour", "this week", "recently") count
 * only after a label; the unmistakable ones ("3 days ago", "just now", "yesterday") also stand without one.
 *
 * A few other languages are read in their "N units ago" form after an optional label (German, French, Spanish,
 * Portuguese, Italian, Dutch); their bare words ("hier", "heute") are ordinary words and stay.
 */

const NUMBER_WORDS =
  'a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|a\\s+few|few|several|some|a\\s+couple(?:\\s+of)?|couple\\s+of';
const QUALIFIER =
  '(?:(?:just\\s+)?(?:over|under)|about|around|almost|nearly|roughly|approximately|approx\\.?|more\\s+than|less\\s+than|only|~|>|<)';
const UNIT_LONG = '(?:second|minute|hour|day|week|fortnight|month|year|moment)s?';
const UNIT_SHORT = '(?:secs?|mins?|hrs?|hs?|d|wks?|w|mos?|yrs?|y|s|m)';
/** A count and a unit: "22 hours", "over a week", "5d", "a few minutes". */
const AMOUNT = `(?:${QUALIFIER}\\s*)?(?:(?:\\d+|${NUMBER_WORDS})\\s+${UNIT_LONG}|\\d+\\s?${UNIT_SHORT}\\.?)`;
const AGO = `(?:${AMOUNT}\\s+ago|(?:a\\s+)?moments?\\s+ago|a\\s+(?:little\\s+)?while\\s+ago|some\\s+time\\s+ago)`;
const WITHIN = `(?:in|within|during)\\s+the\\s+(?:last|past)\\s+(?:${AMOUNT}|${UNIT_LONG})`;
const CLOCK = '(?:,?\\s*(?:at\\s+)?\\d{1,2}(?::\\d{2})?\\s*(?:[ap]\\.?m\\.?)?)';
const DAY_WORD = `(?:(?:earlier\\s+)?today|yesterday|the\\s+day\\s+before\\s+yesterday)${CLOCK}?`;
const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)';
/** Words that are a stamp on their own line. */
const ALONE_WORDS = `(?:just\\s+now|right\\s+now|${DAY_WORD})`;
/** Words that read as prose unless a label introduces them. */
const LABELLED_WORDS = `(?:recently|(?:this|last)\\s+(?:morning|afternoon|evening|night|week|month|year|${WEEKDAY})(?:${CLOCK})?|${WEEKDAY}${CLOCK}?)`;

const VERBS = 'updated|update|edited|edit|modified|changed|revised|reviewed|posted|published|created|written|added|refreshed|checked|verified';
const LABEL = `(?:(?:last|recently|latest)\\s+)?(?:${VERBS})(?:\\s+(?:on|at))?`;
const LABEL_SEP = '\\s*(?:[:·•|]|\\s[-–—])?\\s*';

// Other languages: an optional label, then "N units ago" in that language's order.
const FOREIGN_AMOUNT_AGO = [
  // German: vor 5 Tagen
  'vor\\s+(?:\\d+|einer?|einem|ein\\s+paar|wenigen)\\s+(?:sekunden?|minuten?|stunden?|tag(?:en)?|wochen?|monat(?:en)?|jahr(?:en)?)',
  // French: il y a 3 jours
  'il\\s+y\\s+a\\s+(?:\\d+|une?|quelques)\\s+(?:secondes?|minutes?|heures?|jours?|semaines?|mois|ans?|années?)',
  // Spanish: hace 2 días · Portuguese: há 3 dias
  '(?:hace|há|ha)\\s+(?:\\d+|una?|unos|unas|um|uma|alguns|algumas)\\s+(?:segundos?|minutos?|horas?|d[ií]as?|semanas?|mes(?:es)?|m[eê]s(?:es)?|a[ñn]os?)',
  // Italian: 3 giorni fa
  '(?:\\d+|un|una|qualche)\\s+(?:secondi|minuti|ore|ora|giorni|giorno|settimane|settimana|mesi|mese|anni|anno)\\s+fa',
  // Dutch: 3 dagen geleden
  '(?:\\d+|een|enkele)\\s+(?:seconden|minuten|minuut|uur|dagen|dag|weken|week|maanden|maand|jaar)\\s+geleden',
].join('|');
const FOREIGN_LABEL =
  '(?:zuletzt\\s+)?(?:aktualisiert|geändert|bearbeitet|veröffentlicht)|mis\\s+à\\s+jour|modifié|publié|actualizado|modificado|publicado|atualizado|aggiornato|modificato|pubblicato|bijgewerkt|gewijzigd';

const TIME_ALONE = `(?:${AGO}|${ALONE_WORDS}|${FOREIGN_AMOUNT_AGO})`;
const TIME_LABELLED = `(?:${TIME_ALONE}|${WITHIN}|${LABELLED_WORDS})`;
const LABELLED = `(?:${LABEL}|${FOREIGN_LABEL})${LABEL_SEP}${TIME_LABELLED}`;

/** A whole segment that is a stamp (a trailing full stop allowed). */
const WHOLE_STAMP = new RegExp(`^(?:${LABELLED}|${TIME_ALONE})\\.?$`, 'iu');
/** A segment that is a label and nothing else ("Updated" in "Updated · 3 days ago"). */
const LABEL_ONLY = new RegExp(`^(?:${LABEL}|${FOREIGN_LABEL})\\s*:?$`, 'iu');
/** A segment that is a time a label may introduce. */
const LABELLED_TIME = new RegExp(`^${TIME_LABELLED}\\.?$`, 'iu');
const CAPITALIZED_VERBS = VERBS.split('|').map((v) => v[0]!.toUpperCase() + v.slice(1)).join('|');
/** A label written capitalized, ending a segment: a stamp glued to a byline ("Written by Support Updated 4 days ago"). */
const GLUED_STAMP = new RegExp(
  `\\s(?:(?:Last|Recently|Latest)\\s+(?:${VERBS})|${CAPITALIZED_VERBS}|${VERBS.toUpperCase()})(?:\\s+(?:on|at))?${LABEL_SEP}${TIME_LABELLED}\\.?$`,
  'u',
);
/** A stamp in parentheses: "(updated 3 days ago)". */
const PAREN_STAMP = new RegExp(`\\s*\\((?:${LABELLED}|${TIME_ALONE})\\)`, 'giu');
/** Byline separators: middle dots, bullets and bars with or without spaces, dashes only when spaced. */
const SEPARATOR = /(\s*[·•|]\s*|\s+[-–—]\s+)/;
// Cheap pre-check: every stamp has one of these words (a label, "ago", a day word, or another language's "ago").
export const HINT = new RegExp(
  `\\bago\\b|\\b(?:just|right)\\s+now\\b|today|yesterday|\\b(?:${VERBS})\\b|\\bvor\\s|\\bil\\s+y\\s+a\\s|\\bhace\\s|(?:^|\\s)h[aá]\\s|\\sfa\\b|geleden|${FOREIGN_LABEL}`,
  'iu',
);

/**
 * A cheaper necessary condition for HINT, tried first since most lines of a policy hold no stamp: one case-sensitive
 * scan of the lower-cased text for a literal every HINT alternative contains. It accepts every string HINT accepts
 * (test/normalize/relative-times.test.ts checks every code point's case mapping and the case tables and corpus): a
 * letter HINT matches case-insensitively lower-cases to the pattern's letter, and word boundaries survive
 * lower-casing, except for U+017F (ſ, which folds to s) and U+0130 (İ, which lower-cases to two characters), which
 * go straight to HINT.
 */
const HINT_LITERALS = new RegExp(
  [
    'ago', 'today', 'yesterday', '(?:just|right)\\s+now',
    'update', 'edit', 'modified', 'changed', 'revised', 'reviewed', 'posted', 'published', 'created', 'written', 'added', 'refreshed', 'checked', 'verified',
    'vor\\s', 'il\\s+y\\s+a\\s', 'hace\\s', 'h[aá]\\s', '\\sfa\\b', 'geleden',
    'aktualisiert', 'geändert', 'bearbeitet', 'veröffentlicht', 'mis\\s+à\\s+jour', 'modifié', 'publié', 'actualizado', 'modificado', 'publicado', 'atualizado', 'aggiornato', 'modificato', 'pubblicato', 'bijgewerkt', 'gewijzigd',
  ].join('|'),
);
const FOLDS_APART = /[\u017f\u0130]/;

/** HINT, answered by the cheap scan when it finds none of the literals. */
export function mayHoldStamp(text: string): boolean {
  return HINT_LITERALS.test(text.toLowerCase()) || FOLDS_APART.test(text);
}

function hasHint(text: string): boolean {
  return mayHoldStamp(text) && HINT.test(text);
}

function isStampSegment(segment: string): boolean {
  return WHOLE_STAMP.test(segment.trim());
}

/**
 * Removes relative time stamps that stand on their own (see above) from one line; returns the line unchanged when it
 * has none. A removed byline segment takes its separator with it.
 */
export function dropRelativeTimes(text: string): string {
  return hasHint(text) ? dropStamps(text) : text;
}

/** dropRelativeTimes on a text HINT accepted. */
function dropStamps(text: string): string {
  if (isStampSegment(text)) return '';
  let line = text.replace(PAREN_STAMP, '');
  // segment, separator, segment, …
  const parts = line.split(SEPARATOR);
  if (parts.length > 1) {
    const segments = parts.filter((_, i) => i % 2 === 0);
    const drop = segments.map((s) => s.trim() !== '' && isStampSegment(s));
    // A label alone in its segment goes with the time after it ("Updated · 3 days ago").
    for (let i = 0; i + 1 < segments.length; i++) {
      if (LABEL_ONLY.test(segments[i]!.trim()) && LABELLED_TIME.test(segments[i + 1]!.trim())) drop[i] = drop[i + 1] = true;
    }
    const kept: string[] = [];
    for (let i = 0; i < segments.length; i++) {
      if (drop[i]) continue;
      if (kept.length > 0) kept.push(parts[2 * i - 1]!);
      kept.push(segments[i]!);
    }
    line = kept.join('');
  }
  line = line.replace(GLUED_STAMP, '');
  return line === text ? text : line.trim();
}

/** True when the whole text is a relative time stamp (an "Updated over a week ago" line, a <time> element's text). */
export function isRelativeTime(text: string): boolean {
  const t = text.trim();
  if (t === '' || !hasHint(t)) return false;
  return dropStamps(t).replace(/[\s·•|,.:–—-]+/g, '') === '';
}
