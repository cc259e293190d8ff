import { factsIn, minus, topicLabel, topicOf } from './facts.ts';
import { coveredBySwaps, editsBetween, isCosmetic, pairSentences, repeatedSwaps } from './pairing.ts';
import type { Edit, Pair } from './pairing.ts';
import { clip, sectionNumber, sectionRef, splitSentences, unmatched } from './sentences.ts';
import type { Sentence } from './sentences.ts';
import { diffStructure } from './structure/index.ts';
import { compact, tokenize, toPlainText } from '../text/index.ts';
import type { TextOptions } from '../text/index.ts';
import type { ChangeSummary, KeyChange } from './types.ts';
import type { DocumentConfig } from '../config/schema.ts';
import type { ReadableDiff } from '../diff/types.ts';

export interface SummarizeOptions extends TextOptions {
  /** Email subjects get cut around here. */
  headlineMax?: number;
  maxKeyChanges?: number;
}

/** A page reads as rewritten, not edited, when this share of its sentences changed across this many sections. */
const REWRITE_SHARE = 0.25;
const REWRITE_SECTIONS = 3;

interface Ranked {
  change: KeyChange;
  /** Higher leads: changed numbers beat changed vocabulary beat new sentences that merely mention a topic. */
  score: number;
  order: number;
  /** A few words for the headline. */
  short: string;
}

/**
 * Says what changed the way a person would: which facts moved, which clauses came or went. The headline leads
 * alert titles and email subjects; keyChanges carry the detail. Text in the result is page text: escape it where
 * it is shown.
 */
export function summarizeChange(
  doc: Pick<DocumentConfig, 'title'>,
  oldMarkdown: string,
  newMarkdown: string,
  diff?: ReadableDiff,
  options: SummarizeOptions = {},
): ChangeSummary {
  const oldSentences = splitSentences(oldMarkdown, options);
  const newSentences = splitSentences(newMarkdown, options);
  // Rows, list items and sections the structure diff has told are not told again sentence by sentence.
  const structure = diffStructure(oldMarkdown, newMarkdown, options);
  const removedAll = unmatched(oldSentences, newSentences);
  const addedAll = unmatched(newSentences, oldSentences);
  let removed = untold(removedAll, oldMarkdown, structure.explained.before, options);
  let added = untold(addedAll, newMarkdown, structure.explained.after, options);
  const effective = effectiveChange(oldSentences, newSentences);
  if (effective) {
    removed = removed.filter((s) => s !== effective.before);
    added = added.filter((s) => s !== effective.after);
  }
  const ranked = rank(removed, added, oldSentences, structure.changes);
  // How much of the page changed counts every sentence, told by the structure diff or not.
  const rewritten = isRewrite(removedAll, addedAll, oldSentences.length + newSentences.length);

  const max = options.maxKeyChanges ?? 25;
  const keyChanges = ranked.slice(0, max).map((r) => r.change);
  if (effective) {
    keyChanges.unshift({
      kind: 'changed',
      text: `Effective date: ${effective.from} → ${effective.to}`,
      before: effective.before.text,
      after: effective.after.text,
    });
  }
  const lead = effective
    ? `${doc.title}${rewritten ? ' rewritten, ' : ': '}effective ${effective.to} (was ${effective.from})`
    : `${doc.title}${rewritten ? ' rewritten' : ''}`;
  const shorts = ranked.map((r) => r.short);
  if (shorts.length === 0 && !effective) shorts.push(plainCount(removed, added, diff));
  return { headline: compose(lead, effective ? '; ' : ': ', shorts, options.headlineMax ?? 100), keyChanges };
}

function rank(removed: Sentence[], added: Sentence[], oldSentences: readonly Sentence[], structure: readonly KeyChange[]): Ranked[] {
  const { pairs, removed: lostAll, added: newAll } = pairSentences(removed, added);
  const edits = pairs.map((p) => editsBetween(p.before.text, p.after.text).filter((e) => !isCosmetic(e)));
  const swaps = repeatedSwaps(edits);
  const out: Ranked[] = [];
  let order = 0;
  const push = (r: Omit<Ranked, 'order'> | undefined) => r && out.push({ ...r, order: order++ });

  for (const change of structure) push({ score: structureScore(change), short: change.short ?? clip(change.text, 60), change: withStructureTopic(change) });

  for (const swap of swaps) {
    const topic = topicOf(`${swap.deleted} ${swap.inserted}`);
    push({
      score: topic ? 2.5 : 2.2,
      short: `'${clip(swap.deleted, 25)}' → '${clip(swap.inserted, 25)}'`,
      change: {
        kind: 'changed',
        text: `Renamed throughout: '${swap.deleted}' → '${swap.inserted}' (${swap.count} places)`,
        ...(topic && { topic }),
      },
    });
  }
  const { lost, gained, sections } = pairHeadingsByNumber(lostAll, newAll, removed, oldSentences);
  for (const section of new Set(sections.values())) push(section.ranked);
  pairs.forEach((pair, i) => push(describePair(pair, (edits[i] ?? []).filter((e) => !coveredBySwaps(e, swaps)))));
  for (const [list, kind] of [[gained, 'new'], [lost, 'removed']] as const) {
    for (const s of list) {
      const described = describeLone(s, kind);
      // Sentences of a section that came or went as a whole are told by that section's entry, unless they carry numbers.
      const section = s.section === undefined ? undefined : sections.get(`${kind}\u0000${s.section}`);
      if (described && section && described.score < 2.5) section.folded[kind]++;
      else push(described);
    }
  }
  for (const { ranked, folded } of new Set(sections.values())) {
    const told = [folded.new && `${folded.new} new`, folded.removed && `${folded.removed} removed`].filter(Boolean);
    if (told.length > 0) ranked.change.text += ` (${told.join(', ')} sentences)`;
  }
  return out.sort((a, b) => b.score - a.score || a.order - b.order);
}

/** Records that came, went or changed lead; then whole sections; then list items; moves and renumbering last. */
function structureScore(change: KeyChange): number {
  const whole = change.kind !== 'changed' || (change.source === 'section' && /^§\S* replaced\b/u.test(change.short ?? ''));
  if (change.source === 'record') return whole ? 2.8 : 2.6;
  if (change.source === 'section') return whole ? 2.7 : 1.9;
  return change.topic ? 2.2 : 1.8;
}

/** Topics are the summarizer's: a record, item or section takes the topic its words name. */
function withStructureTopic(change: KeyChange): KeyChange {
  if (change.topic) return change;
  const told = change.after ?? change.before ?? '';
  // A short item naming data ("Verification Data (ID/biometrics)") is a category of personal data.
  const dataCategory = change.source === 'item' && told.split(' ').length <= 15 && /\b(?:data|information)\b/iu.test(told);
  const topic = topicOf(`${change.section ?? ''} ${change.text}`) ?? (dataCategory ? 'privacy' : undefined);
  return topic ? { ...change, topic } : change;
}

/**
 * Sentences on lines the structure diff has told. Lines compare as sentences do (by their words), so of two lines
 * that differ only in punctuation the sentence pass cannot pick the other one.
 */
function untold(sentences: Sentence[], markdown: string, explained: ReadonlySet<string>, options: TextOptions): Sentence[] {
  if (explained.size === 0 || sentences.length === 0) return sentences;
  const told = new Set([...explained].map(wordsKey));
  const lines = markdown.split(/\r\n?|\n/);
  return sentences.filter((s) => !told.has(wordsKey(toPlainText(lines[s.block] ?? '', options))));
}

function wordsKey(plain: string): string {
  return compact(tokenize(plain)).text;
}

function withSection<T extends KeyChange>(change: T, section: string | undefined): T {
  if (section === undefined) return change;
  return { ...change, text: `${change.text} (${sectionRef(section)})`, section };
}

function describePair(pair: Pair, edits: readonly Edit[]): Omit<Ranked, 'order'> | undefined {
  if (edits.length === 0) return undefined;
  const { before, after } = pair;
  if (after.kind === 'heading') {
    return {
      score: 2,
      short: `section '${clip(after.text, 30)}' renamed`,
      change: { kind: 'changed', text: `Section renamed: '${before.text}' → '${after.text}'`, before: before.text, after: after.text },
    };
  }
  const editText = edits.map((e) => `${e.deleted} ${e.inserted}`).join(' ');
  const gone = minus(factsIn(before.text), factsIn(after.text));
  const came = minus(factsIn(after.text), factsIn(before.text));
  const topic = topicOf(editText) ?? topicOf(after.text) ?? topicOf(before.text);
  const label = topicLabel(topic);
  const base = { before: before.text, after: after.text, ...(topic && { topic }) };
  const section = after.section;
  if (gone.length > 0 && came.length > 0) {
    const move = gone.length === 1 && came.length === 1 ? factMove(gone[0] as string, came[0] as string) : `${gone.join(', ')} → ${came.join(', ')}`;
    return { score: 3, short: `${label.toLowerCase()} ${clip(move, 50)}`, change: withSection({ kind: 'changed', text: `${label}: ${move}`, ...base }, section) };
  }
  const facts = gone.length + came.length > 0;
  if (!facts && topicOf(editText) === undefined) return undefined;
  const score = facts ? 3 : 2.5;
  if (edits.every((e) => e.inserted === '')) {
    const words = edits.map((e) => e.deleted).join(' … ');
    const text = `Removed: '${words}'${inContext(words, after.text)}`;
    return { score, short: `removed '${clip(words, 40)}'`, change: withSection({ kind: 'removed', text, ...base }, section) };
  }
  if (edits.every((e) => e.deleted === '')) {
    const words = edits.map((e) => e.inserted).join(' … ');
    const text = `New: '${words}'${inContext(words, after.text)}`;
    return { score, short: `added '${clip(words, 40)}'`, change: withSection({ kind: 'new', text, ...base }, section) };
  }
  const single = edits.length === 1 && edits[0] !== undefined && wordCount(edits[0].deleted) <= 8 && wordCount(edits[0].inserted) <= 8;
  const text = single
    ? `${label}: '${edits[0]?.deleted}' → '${edits[0]?.inserted}'`
    : `${label}: now reads '${clip(after.text, 200)}'`;
  return { score: score - 0.5, short: `${label.toLowerCase()} wording changed`, change: withSection({ kind: 'changed', text, ...base }, section) };
}

function describeLone(s: Sentence, kind: 'new' | 'removed'): Omit<Ranked, 'order'> | undefined {
  const Verb = kind === 'new' ? 'New' : 'Removed';
  const verb = kind === 'new' ? 'new' : 'removed';
  const side = kind === 'new' ? { after: s.text } : { before: s.text };
  if (s.kind === 'heading') {
    return { score: 2, short: `${verb} section '${clip(s.text, 35)}'`, change: { kind, text: `${Verb} section: '${s.text}'`, ...side } };
  }
  const facts = factsIn(s.text).length > 0;
  const dataCategory = s.kind === 'item' && s.tokens.length <= 15 && /\b(?:data|information)\b/iu.test(s.text);
  const topic = topicOf(s.text) ?? (dataCategory ? 'privacy' : undefined);
  if (!facts && topic === undefined) return undefined;
  return {
    score: facts ? 2.5 : dataCategory ? 1.6 : 1.5,
    short: `${verb} '${clip(s.text, 40)}'`,
    change: withSection({ kind, text: `${Verb}: '${clip(s.text, 240)}'`, ...side, ...(topic && { topic }) }, s.section),
  };
}

function isRewrite(removed: readonly Sentence[], added: readonly Sentence[], total: number): boolean {
  // A heading counts as its own section; a replaced section counts once (by its number).
  const sections = new Set([...removed, ...added].map((s) => {
    const section = s.kind === 'heading' ? s.text : s.section;
    return sectionNumber(section) ?? section;
  }));
  return sections.size >= REWRITE_SECTIONS && (removed.length + added.length) / Math.max(1, total) >= REWRITE_SHARE;
}

/** A few changed words mean little alone: show the sentence they now sit in (or left). */
function inContext(words: string, sentence: string): string {
  return wordCount(words) <= 3 ? `, now: '${clip(sentence, 140)}'` : '';
}

/** "within 30 days" → "within 90 days" reads better as "30 days → 90 days". */
function factMove(from: string, to: string): string {
  const a = from.split(' ');
  const b = to.split(' ');
  let same = 0;
  while (same < a.length - 1 && same < b.length - 1 && a[same] === b[same]) same++;
  return `${a.slice(same).join(' ')} → ${b.slice(same).join(' ')}`;
}

function wordCount(text: string): number {
  return text === '' ? 0 : text.split(' ').length;
}

interface SectionChange {
  ranked: Omit<Ranked, 'order'>;
  /** Sentences told by this entry instead of one by one. */
  folded: { new: number; removed: number };
}

/**
 * Headings that lost their pairing. Same number on both sides: the section was replaced (or renamed). Otherwise the
 * section is new or gone. Keys are "new\0<heading>" / "removed\0<heading>", so lone sentences can fold into them.
 */
function pairHeadingsByNumber(
  lost: Sentence[],
  gained: Sentence[],
  removed: readonly Sentence[],
  oldSentences: readonly Sentence[],
): { lost: Sentence[]; gained: Sentence[]; sections: Map<string, SectionChange> } {
  const sections = new Map<string, SectionChange>();
  const used = new Set<Sentence>();
  for (const before of lost.filter((s) => s.kind === 'heading')) {
    const n = sectionNumber(before.text);
    const after = n && gained.find((s) => s.kind === 'heading' && !used.has(s) && sectionNumber(s.text) === n);
    if (!after) continue;
    used.add(before).add(after);
    const inSection = oldSentences.filter((s) => s.section === before.text).length;
    const gone = removed.filter((s) => s.section === before.text).length;
    const verb = inSection > 0 && gone / inSection >= 0.5 ? 'replaced' : 'renamed';
    const ranked = {
      score: verb === 'replaced' ? 2.7 : 2,
      short: `§${n} ${verb}`,
      change: { kind: 'changed', text: `Section ${n} ${verb}: '${before.text}' → '${after.text}'`, before: before.text, after: after.text },
    } satisfies Omit<Ranked, 'order'>;
    const change: SectionChange = { ranked, folded: { new: 0, removed: 0 } };
    sections.set(`new\u0000${after.text}`, change);
    if (verb === 'replaced') sections.set(`removed\u0000${before.text}`, change);
  }
  for (const [list, kind] of [[gained, 'new'], [lost, 'removed']] as const) {
    for (const s of list) {
      if (s.kind !== 'heading' || used.has(s)) continue;
      used.add(s);
      const ranked = describeLone(s, kind);
      if (ranked) sections.set(`${kind}\u0000${s.text}`, { ranked, folded: { new: 0, removed: 0 } });
    }
  }
  return { lost: lost.filter((s) => !used.has(s)), gained: gained.filter((s) => !used.has(s)), sections };
}

const EFFECTIVE = /\b(?:effective|last updated|updated|last modified|last revised|revised)\b[^\n]{0,40}?(\d{4}-\d{2}-\d{2})/iu;

/** The "Effective <date>" line, when its date moved: the clearest sign of a new version. */
function effectiveChange(
  oldSentences: readonly Sentence[],
  newSentences: readonly Sentence[],
): { from: string; to: string; before: Sentence; after: Sentence } | undefined {
  const find = (list: readonly Sentence[]) => {
    for (const s of list) {
      const date = EFFECTIVE.exec(s.text)?.[1];
      if (date) return { s, date };
    }
    return undefined;
  };
  const a = find(oldSentences);
  const b = find(newSentences);
  if (!a || !b || a.date === b.date) return undefined;
  return { from: a.date, to: b.date, before: a.s, after: b.s };
}

/** "3 paragraphs changed in §4": the fallback when no sentence that carries a fact changed. */
function plainCount(removed: readonly Sentence[], added: readonly Sentence[], diff?: ReadableDiff): string {
  let count: number;
  let sections: Set<string | undefined>;
  if (diff && diff.hunks.length > 0) {
    count = diff.hunks.length;
    sections = new Set(diff.hunks.map((h) => h.section));
  } else {
    count = Math.max(new Set(removed.map((s) => s.block)).size, new Set(added.map((s) => s.block)).size);
    sections = new Set([...removed, ...added].map((s) => s.section));
  }
  if (count === 0) return 'wording unchanged';
  const what = `${count} paragraph${count === 1 ? '' : 's'} changed`;
  const [only] = sections;
  if (sections.size === 1 && only !== undefined) {
    const n = sectionNumber(only);
    return `${what} in ${n ? `§${n}` : `'${clip(only, 40)}'`}`;
  }
  return sections.size > 1 ? `${what} in ${sections.size} sections` : what;
}

function compose(lead: string, separator: string, shorts: readonly string[], max: number): string {
  let headline = lead;
  let used = 0;
  for (const short of shorts) {
    const next = `${headline}${used === 0 ? separator : '; '}${short}`;
    const rest = shorts.length - used - 1;
    if (next.length + (rest > 0 ? ` (+${rest} more)`.length : 0) > max && used > 0) break;
    if (next.length > max) break;
    headline = next;
    used++;
  }
  const rest = shorts.length - used;
  if (rest > 0) {
    const more = `${used === 0 ? separator : ' '}(+${rest} ${used === 0 ? 'changes' : 'more'})`;
    if (headline.length + more.length <= max) headline += more;
  }
  return headline.length > max ? clip(headline, max) : headline;
}
