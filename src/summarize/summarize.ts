import type { ClaimChange } from '../claims/types.ts';
import type { DocumentConfig, Topic } from '../config/schema.ts';
import type { ReadableDiff } from '../diff/types.ts';
import { compact, tokenize, wordsOf } from '../text/index.ts';
import type { TextOptions } from '../text/index.ts';
import { claimItems } from './claims.ts';
import { dateChanges } from './dates.ts';
import type { DateMove } from './dates.ts';
import { factMove, factsIn, findFacts, isStrong, minus, STRONG_KINDS } from './facts.ts';
import type { Fact, FactKind } from './facts.ts';
import { composeHeadline } from './headline.ts';
import { describeLinks, groupLinks, linkChanges } from './links.ts';
import { coveredBySwaps, pairSentences, repeatedSwaps } from './pairing.ts';
import type { Pair } from './pairing.ts';
import { changedFacts, clipDistinct, clipPair, clipWords, diffSentence, differing, factText, insideName, keyPhrase, phraseAround, renderEdits, shortAddresses, tidy, wordCount } from './phrases.ts';
import type { SentenceDiff, WordEdit } from './phrases.ts';
import { clip, plainLines, runInTitle, sectionNumber, sectionRef, splitSentences, unmatched } from './sentences.ts';
import type { Sentence } from './sentences.ts';
import { diffStructure } from './structure/index.ts';
import type { StructureDiff } from './structure/index.ts';
import { scoreTopic, topicLabel, topicOf } from './topics.ts';
import type { ChangeSummary, KeyChange } from './types.ts';

export interface SummarizeOptions extends TextOptions {
  /** Email subjects get cut around here. */
  headlineMax?: number;
  maxKeyChanges?: number;
  /** The guide's quoted claims this change moved: they lead. */
  claimChanges?: readonly ClaimChange[];
  /**
   * The structure diff (tables and records by key, lists by item, sections by heading): its changes join the ranked
   * list and the lines it told leave the sentence pass. summarize/structure's diffStructure unless a test gives another.
   */
  structure?: StructureDiffer;
}

export type StructureDiffer = (oldMarkdown: string, newMarkdown: string, options: TextOptions) => StructureDiff;

/** No structure diff: every line is told sentence by sentence. */
export const noStructure: StructureDiffer = () => ({ changes: [], explained: { before: new Set(), after: new Set() } });

/** A page reads as rewritten, not edited, when this share of its sentences changed across this many sections. */
const REWRITE_SHARE = 0.25;
const REWRITE_SECTIONS = 3;

/**
 * Ranks: a changed guide claim leads; then facts (numbers, names, addresses, modal verbs, defaults) on the guide's
 * topics; then sections and records that came or went; then the rest. A document the guide does not cite has no
 * topics to prefer: every fact counts as on topic. In a rewrite, the sections are the news. Last: a notice of the
 * page's own update, and a link that only moved to the same page in another language.
 */
const SCORE = {
  claim: 1000,
  factOnTopic: 500,
  structure: 300,
  rewrittenStructure: 600,
  rename: 280,
  factOffTopic: 250,
  contactLink: 480,
  loneFactOnTopic: 260,
  loneFactOffTopic: 200,
  dateLine: 220,
  rewordedOnTopic: 200,
  reworded: 150,
  loneOnTopic: 160,
  lone: 110,
  link: 130,
  rewordedNoTopic: 120,
  loneBare: 80,
  notice: 60,
  localeLink: 40,
} as const;

interface Candidate {
  change: KeyChange;
  /** Headline forms of the change, most telling first, shortest last. */
  variants: string[];
  /** The change named without its words, for a headline with no room for them. */
  bare?: string;
  score: number;
  order: number;
}

type Doc = Pick<DocumentConfig, 'title'> & Partial<Pick<DocumentConfig, 'topics' | 'claims'>>;

interface Context {
  /** The guide's topics for this document; empty when the guide does not cite it. */
  guide: ReadonlySet<Topic>;
  rewritten: boolean;
  /** Every heading of both versions: a section's name is clipped so what sets it apart from these survives. */
  headings: readonly string[];
  title: string;
}

/**
 * Says what changed the way a person would: which facts moved, which clauses came or went. The headline leads
 * alert titles and email subjects; keyChanges carry the detail, in the same order. Text in the result is page
 * text: escape it where it is shown.
 */
export function summarizeChange(doc: Doc, oldMarkdown: string, newMarkdown: string, diff?: ReadableDiff, options: SummarizeOptions = {}): ChangeSummary {
  const plain = { before: plainLines(oldMarkdown, options), after: plainLines(newMarkdown, options) };
  const oldSentences = splitSentences(oldMarkdown, options, plain.before);
  const newSentences = splitSentences(newMarkdown, options, plain.after);
  const dates = dateChanges(oldSentences, newSentences);
  // A paragraph with the same words on both sides is unchanged, however its sentences were split ("partners:" → "partners.").
  const same = sameBlocks(oldSentences, newSentences);
  const allRemoved = unmatched(oldSentences, newSentences).filter((s) => !dates.told.has(s) && !same.before.has(s.block));
  const allAdded = unmatched(newSentences, oldSentences).filter((s) => !dates.told.has(s) && !same.after.has(s.block));
  // Rows, list items and sections the structure diff told are not told again sentence by sentence.
  const structure = (options.structure ?? diffStructure)(oldMarkdown, newMarkdown, options);
  const toldBefore = toldLines(plain.before, structure.explained.before);
  const toldAfter = toldLines(plain.after, structure.explained.after);
  const removed = allRemoved.filter((s) => !toldBefore(s));
  const added = allAdded.filter((s) => !toldAfter(s));
  const ctx: Context = {
    guide: new Set<Topic>([...(doc.topics ?? []), ...(doc.claims ?? []).map((c) => c.topic)]),
    // Whether the page was rewritten is judged on all it changed, whoever tells each part.
    rewritten: isRewrite(allRemoved, allAdded, oldSentences.length + newSentences.length),
    headings: [...oldSentences, ...newSentences].filter((s) => s.kind === 'heading').map((s) => s.text),
    title: doc.title,
  };

  const candidates: Candidate[] = [];
  let order = 0;
  const push = (c: Omit<Candidate, 'order'> | undefined) => {
    if (!c) return;
    const variants = [...new Set(c.variants)];
    // The headline falls back to the last form: it must be the shortest.
    const shortest = variants.reduce((a, b) => (b.length < a.length ? b : a), variants[0] ?? c.change.text);
    if (variants.at(-1) !== shortest) variants.push(shortest);
    candidates.push({ ...c, variants, change: { ...c.change, short: variants[0] ?? c.change.text }, order: order++ });
  };
  const claims = claimItems(options.claimChanges ?? []);
  for (const item of claims) push({ change: item.change, variants: item.variants, ...(item.bare && { bare: item.bare }), score: SCORE.claim });
  // The sentence a changed claim sits in, before and after, is told by the claim.
  const claimed = claims.flatMap((c) => [c.change.before, c.wording].filter((t): t is string => !!t).map(wordsKey)).filter((k) => k.length > 0);
  const byClaim = (s: Sentence) => claimed.some((k) => s.key.includes(k) || k.includes(s.key));
  for (const move of dates.moves) if (move !== dates.lead) push(dateLine(move));
  // A list item the structure diff paired is one more edited sentence: told like one, and counted in a rename made
  // throughout ("AI at Meta" → "these features" in nine items reads once). Everything else it found ranks as structure.
  const itemPairs: ItemPair[] = [];
  for (const change of structure.changes) {
    if (change.source === 'item' && change.before !== undefined && change.after !== undefined) {
      itemPairs.push({ before: looseSentence(change.before, change.section), after: looseSentence(change.after, change.section), change });
    } else push(structureCandidate(change, ctx));
  }
  for (const c of sentenceChanges(removed.filter((x) => !byClaim(x)), added.filter((x) => !byClaim(x)), oldSentences, ctx, itemPairs)) push(c);
  // A date line's own link ("previous version") moves with the date, which is already told.
  const dateLines = new Set([...dates.told].map((s) => s.line));
  for (const group of groupLinks(linkChanges(oldMarkdown, newMarkdown, options, plain).filter((l) => !dateLines.has(l.line)))) {
    const { text, variants } = describeLinks(group);
    // A link that only moved to the same page in another language is told last, whatever its words.
    const score = group.every((l) => l.localeOnly) ? SCORE.localeLink : group.some((l) => l.contact) ? SCORE.contactLink : SCORE.link;
    push({ score, variants, change: { kind: 'changed', text, source: 'fact' } });
  }
  candidates.sort((a, b) => b.score - a.score || a.order - b.order);

  const lead = dates.lead;
  const keyChanges: KeyChange[] = [];
  if (lead?.from && lead.to) {
    const label = lead.kind === 'effective' ? 'Effective date' : 'Last updated';
    keyChanges.push({
      kind: 'changed',
      text: `${label}: ${lead.from} → ${lead.to}`,
      source: 'date',
      short: `${lead.kind} ${lead.to}`,
      ...(lead.before && { before: lead.before.text }),
      ...(lead.after && { after: lead.after.text }),
    });
  }
  keyChanges.push(...candidates.map((c) => c.change));
  const max = options.maxKeyChanges ?? 40;

  const headline = composeHeadline({
    title: doc.title,
    rewritten: ctx.rewritten,
    ...(lead?.to && { date: { short: `${lead.kind} ${lead.to}`, long: lead.from ? `${lead.kind} ${lead.to} (was ${lead.from})` : `${lead.kind} ${lead.to}` } }),
    items: candidates,
    fallback: plainCount(removed, added, diff),
    max: options.headlineMax ?? 100,
  });
  return { headline, keyChanges: keyChanges.slice(0, max) };
}

/** Blocks (paragraphs, items) whose words are the same in both versions, by their index in each. */
function wordsKey(text: string): string {
  return wordsOf(text).key;
}

function sameBlocks(oldSentences: readonly Sentence[], newSentences: readonly Sentence[]): { before: Set<number>; after: Set<number> } {
  const keys = (list: readonly Sentence[]) => {
    const blocks = new Map<number, string>();
    for (const s of list) blocks.set(s.block, `${blocks.get(s.block) ?? ''}${s.key}`);
    return blocks;
  };
  const before = keys(oldSentences);
  const after = keys(newSentences);
  const count = new Map<string, number>();
  for (const key of after.values()) count.set(key, (count.get(key) ?? 0) + 1);
  const out = { before: new Set<number>(), after: new Set<number>() };
  const matched = new Map<string, number>();
  for (const [block, key] of before) {
    if ((count.get(key) ?? 0) > (matched.get(key) ?? 0)) {
      out.before.add(block);
      matched.set(key, (matched.get(key) ?? 0) + 1);
    }
  }
  const left = new Map(matched);
  for (const [block, key] of after) {
    if ((left.get(key) ?? 0) > 0) {
      out.after.add(block);
      left.set(key, (left.get(key) ?? 0) - 1);
    }
  }
  return out;
}

/** Sentences on lines the structure diff told; lines compare by their words, as sentences do. */
function toldLines(plain: readonly string[], explained: ReadonlySet<string>): (s: Sentence) => boolean {
  if (explained.size === 0) return () => false;
  const keys = new Set([...explained].map(wordsKey));
  return (s) => keys.has(wordsKey(plain[s.block] ?? ''));
}

/** A list item the structure diff paired across versions, with the diff's own telling of it. */
interface ItemPair extends Pair {
  change: KeyChange;
}

/**
 * A change the structure diff found. A list item reads like a sentence ("'account photos' → 'profile photo'", a new
 * item named by its telling words), so it is told and ranked as one, keeping the diff's pairing; records (table
 * rows, repeated entries) and sections rank as structure, their words clipped to what changed.
 */
function structureCandidate(change: KeyChange, ctx: Context): Omit<Candidate, 'order'> | undefined {
  if (change.source === 'item') {
    const text = change.after ?? change.before;
    const told = text === undefined ? undefined : describeLone([looseSentence(text, change.section)], change.after !== undefined ? 'new' : 'removed', ctx);
    // The diff's words for the item stand (they say which list it is in); the headline's forms and the rank are the
    // sentence pass's. Nothing a reader would call changed in its words: the diff's own telling stands alone.
    if (told) return { ...told, change: change.topic || !told.change.topic ? withStructureTopic(change) : { ...change, topic: told.change.topic } };
  }
  change = withStructureTopic(change);
  const whole = change.kind !== 'changed' || (change.source === 'section' && /^§\S* replaced\b/u.test(change.short ?? ''));
  const onTopic = change.topic !== undefined && ctx.guide.has(change.topic);
  const score =
    change.source === 'record'
      ? SCORE.structure + (whole ? 20 : 10) + (onTopic ? 20 : 0)
      : change.source === 'section'
        ? whole
          ? // What the page now has before what it dropped.
            (ctx.rewritten ? SCORE.rewrittenStructure : SCORE.structure) + (change.kind === 'new' ? 5 : 0)
          : SCORE.rewordedNoTopic
        : (onTopic ? SCORE.structure : SCORE.loneOnTopic) - 10;
  const short = change.short ?? clip(change.text, 60);
  // A section's name keeps what sets it apart from its siblings ("13. …Nevada Residents"), not its first words.
  const name = change.source === 'section' ? (change.section ?? /\bsection '([^']+)'/iu.exec(change.text)?.[1]) : undefined;
  const verb = change.kind === 'new' ? 'new' : change.kind === 'removed' ? 'removed' : undefined;
  const named = name && verb ? [50, 32, 22].map((n) => `${verb} section '${clipDistinct(name, ctx.headings, n)}'`) : [];
  return { score, variants: [short, ...named, ...tighter(short)], change };
}

/** Topics are the summarizer's: a record, item or section the structure diff found takes the topic its words name. */
function withStructureTopic(change: KeyChange): KeyChange {
  if (change.topic) return change;
  const told = change.after ?? change.before ?? '';
  // A short item naming data ("Verification Data (ID/biometrics)") is a category of personal data.
  const dataCategory = change.source === 'item' && told.split(' ').length <= 15 && /\b(?:data|information)\b/iu.test(told);
  const topic = topicOf(`${change.section ?? ''} ${change.text}`) ?? (dataCategory ? 'privacy' : undefined);
  return topic ? { ...change, topic } : change;
}

/** A structure change's words in fewer characters: the quoted 'old' → 'new' kept, its lead-in cut first. */
function tighter(short: string): string[] {
  // A count of the rest ("(+3 more)") goes whole or not at all: cut inside, it reads as the headline's own count.
  const counted = /^(.*\S) \(\+\d+ more\)$/u.exec(short);
  if (counted?.[1]) return [counted[1], ...tighter(counted[1])];
  const m = /^(.*?)'([^']*)' → '([^']*)'(.*)$/u.exec(short);
  if (!m) {
    // A record's edit outlasts its name: "To comply with legal… removed 'or authorities'" → "removed 'or authorities'".
    const edit = /\s((?:removed|added|new) '[^']+'.*)$/u.exec(short)?.[1];
    return [clipWords(short, 48), ...(edit && edit.length < short.length ? [edit] : []), clipWords(short, 32)];
  }
  const [, lead = '', from = '', to = '', rest = ''] = m;
  const pair = clipPair(from, to, 30);
  const quoted = `'${pair.before}' → '${pair.after}'${rest}`;
  const name = lead.trim();
  return [...(name ? [`${clipWords(name, 24)} ${quoted}`, `${keyPhrase(name, 16)} ${quoted}`] : []), quoted];
}

/** A sentence made from a structure change's text, for the sentence pass's telling. */
function looseSentence(text: string, section: string | undefined): Sentence {
  const tokens = tokenize(text);
  const clause = runInTitle(text, text);
  return {
    text,
    key: compact(tokens).text,
    tokens: tokens.map((t) => t.text),
    kind: 'item',
    block: -1,
    index: 0,
    line: text,
    ...(section !== undefined && { section }),
    ...(clause !== undefined && { clause }),
  };
}

/** A date line that came or went without the version date moving: a notice, an "Effective:" line dropped. */
function dateLine(move: DateMove): Omit<Candidate, 'order'> {
  const sentence = move.after ?? move.before;
  const text = tidy(sentence?.text ?? '');
  const kind = move.after ? 'new' : 'removed';
  const verb = kind === 'new' ? 'new' : 'removed';
  return {
    score: SCORE.dateLine,
    variants: [`${verb} '${clipWords(text, 60)}'`, `${verb} '${keyPhrase(text, 35)}'`],
    change: { kind, text: `${kind === 'new' ? 'New' : 'Removed'}: '${text}'`, source: 'date', ...(move.after ? { after: text } : { before: text }) },
  };
}

function sentenceChanges(
  removed: Sentence[],
  added: Sentence[],
  oldSentences: readonly Sentence[],
  ctx: Context,
  itemPairs: readonly ItemPair[] = [],
): Array<Omit<Candidate, 'order'>> {
  const found = pairSentences(removed, added);
  const { removed: lostAll, added: newAll } = found;
  const pairs: Array<Pair & { change?: KeyChange }> = [...found.pairs, ...itemPairs];
  const diffs = pairs.map((p) => diffSentence(p.before.text, p.after.text));
  // Each edit with the words around it, so a rename repeated throughout can be shown in its first context.
  const swaps = repeatedSwaps(diffs.map((d) => d.edits.flatMap((e) => listItems(e).map((item) => ({ ...item, shown: renderEdits({ ...d, edits: [e] }) })))));
  const out: Array<Omit<Candidate, 'order'>> = [];

  for (const swap of swaps) {
    const topic = scoreTopic(`${swap.deleted} ${swap.inserted}`)?.topic;
    const b = tidy(swap.deleted);
    const a = tidy(swap.inserted);
    // A word or two alone reads as a rename; a phrase added or dropped needs the words it sits beside.
    const bare = (b && a) || wordCount(b || a) <= 2;
    const what = bare
      ? !b ? `Added throughout: '${a}'` : !a ? `Removed throughout: '${b}'` : `Renamed throughout: '${b}' → '${a}'`
      : `Changed throughout: '${swap.first.shown.before}' → '${swap.first.shown.after}'`;
    const [sb, sa] = bare ? [shortAddresses(b, 30), shortAddresses(a, 30)] : [shortAddresses(swap.first.shown.before, 30), shortAddresses(swap.first.shown.after, 30)];
    const short = !bare ? `'${clip(sb, 30)}' → '${clip(sa, 40)}'` : !b ? `added '${clip(sa, 40)}'` : !a ? `removed '${clip(sb, 40)}'` : `'${clip(sb, 30)}' → '${clip(sa, 30)}'`;
    // A fact changed in many places (a domain added to every row) outranks the same fact changed once.
    const facts = findFacts(`${a} ${b}`).filter(isTelling);
    out.push({
      score: Math.max(SCORE.rename, factScore(facts, topic, ctx, SCORE.factOnTopic, SCORE.factOffTopic) + RENAME_BONUS * (1 + Math.log2(swap.count))),
      variants: [`${short} (${swap.count} places)`, short],
      change: { kind: 'changed', text: `${what} (${swap.count} places)`, source: 'rename', ...(topic && { topic }) },
    });
  }
  const { lost, gained, sections } = pairHeadingsByNumber(lostAll, newAll, removed, oldSentences, ctx);
  for (const section of new Set(sections.values())) out.push(section.candidate);
  pairs.forEach((pair, i) => {
    const d = diffs[i] as SentenceDiff;
    const edits = d.edits.filter((e) => !listItems(e).every((item) => coveredBySwaps(item, swaps)));
    const described = describePair(pair, { ...d, edits }, ctx);
    // A structure item keeps the diff's words (which list it is in); the forms and the rank are the sentence pass's.
    if (described && pair.change) out.push({ ...described, change: { ...pair.change, ...(described.change.topic && !pair.change.topic && { topic: described.change.topic }) } });
    else if (described) out.push(described);
  });
  for (const [list, kind] of [[gained, 'new'], [lost, 'removed']] as const) {
    for (const group of byBlock(list)) {
      const described = describeLone(group, kind, ctx);
      // Sentences of a section that came or went as a whole are told by that section's entry, unless they carry facts.
      const first = group[0] as Sentence;
      const section = first.section === undefined ? undefined : sections.get(`${kind}\u0000${first.section}`);
      if (section && described.score < SCORE.loneFactOffTopic) section.folded[kind] += group.length;
      else out.push(described);
    }
  }
  for (const { candidate, folded } of new Set(sections.values())) {
    const told = [folded.new && `${folded.new} new`, folded.removed && `${folded.removed} removed`].filter(Boolean);
    if (told.length > 0) candidate.change.text += ` (${told.join(', ')} sentences)`;
  }
  return out;
}

/**
 * An edit that adds or drops a run of addresses ("openai.com ads.openai.com", ", x.ai, console.x.ai") is a list: each
 * address counts on its own when the same one is added in many places.
 */
function listItems(e: WordEdit): Array<{ deleted: string; inserted: string }> {
  const side = e.deleted === '' ? e.inserted : e.inserted === '' ? e.deleted : undefined;
  if (side === undefined) return [e];
  const facts = findFacts(side);
  const rest = facts.reduceRight((text, f) => text.slice(0, f.start) + text.slice(f.end), side);
  if (facts.length < 2 || !facts.every((f) => f.kind === 'url' || f.kind === 'email') || /[\p{L}\p{N}]/u.test(rest)) return [e];
  return facts.map((f) => (e.deleted === '' ? { deleted: '', inserted: f.text } : { deleted: f.text, inserted: '' }));
}

/** Lone sentences grouped by paragraph (block): one key change tells what came or went in it. */
function byBlock(lone: readonly Sentence[]): Sentence[][] {
  const groups = new Map<number, Sentence[]>();
  for (const s of lone) {
    // A clause number left alone by the sentence splitter ("4.3.") says nothing by itself.
    if (!/\p{L}/u.test(s.text)) continue;
    if (s.kind === 'heading') groups.set(-1 - groups.size, [s]);
    else groups.set(s.block, [...(groups.get(s.block) ?? []), s]);
  }
  return [...groups.values()];
}

/** Adds where the change is; `named` when the text already names the section (its label is the section's name). */
function withSection<T extends KeyChange>(change: T, section: string | undefined, named = false): T {
  if (section === undefined) return change;
  return { ...change, text: named ? change.text : `${change.text} (${sectionRef(section)})`, section };
}

/** What to call the place of a change when no topic names it: the clause's run-in title, else its section. */
function placeName(s: Sentence, ctx: Context): string | undefined {
  if (s.clause && s.clause.length <= 30) return s.clause;
  const section = s.section?.replace(/^(?:[Ss]ection\s+)?[\dA-Z]+(?:\.\d+)*[.)]\s+/u, '');
  const letters = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
  // The page's title heading names the whole page, not a place in it.
  if (!section || section.length > 30 || letters(section) === letters(ctx.title) || s.section === ctx.headings[0]) return undefined;
  return section;
}

/** Within facts, the kinds a reader acts on first: where to write, who the party is, what is allowed, how long. */
const KIND_BONUS: Partial<Record<FactKind, number>> = {
  email: 50, phone: 50, address: 50, entity: 30, modality: 30, default: 30, opt: 30, amount: 30, duration: 30, percent: 30, age: 30, region: 20, date: 20, url: 10,
};

/** A fact worth showing: a strong one, or a name that stands out (several words, inner capitals, digits). */
const isTelling = (f: Fact) => STRONG_KINDS.has(f.kind) || /\p{Ll}\p{Lu}|\p{Lu}{2}|\d/u.test(f.text) || /\s/u.test(f.text);

/** The rank a change gets from its facts: strong facts only (a name or a reference alone does not make a fact change). */
function factScore(facts: readonly Fact[], topic: Topic | undefined, ctx: Context, onTopic: number, offTopic: number): number {
  const telling = facts.filter((f) => isStrong(f) || (f.kind === 'name' && isTelling(f)));
  if (telling.length === 0) return 0;
  const bonus = Math.max(0, ...telling.map((f) => KIND_BONUS[f.kind] ?? 0));
  return (ctx.guide.size === 0 || (topic !== undefined && ctx.guide.has(topic)) ? onTopic : offTopic) + bonus;
}

/** See sentenceChanges: a change made in more places touches more of the page (10 for two places, 20 for eight). */
const RENAME_BONUS = 5;
/** See describeLone. */
const WITHDRAWN_BONUS = 40;
/** Modal words that bind: a promise or a prohibition ("do not sell", "will only", "cannot"), not a permission. */
const RESTRICTIVE = /\bnot\b|n't\b|\bnever\b|\bno longer\b|\bonly\b|\bmust\b|\bshall\b|\bcannot\b/iu;

const NUMBERING = /^\(?[\dA-Za-z]{1,3}(?:\.\d+)*[.)]?$/u;

function describePair(pair: Pair, d: SentenceDiff, ctx: Context): Omit<Candidate, 'order'> | undefined {
  if (d.edits.length === 0) return undefined;
  const { before, after } = pair;
  if (after.kind === 'heading') {
    const names = clipPair(before.text, after.text, 45);
    return {
      score: ctx.rewritten ? SCORE.rewrittenStructure : SCORE.structure,
      variants: [`section '${names.before}' → '${names.after}'`, `section renamed '${clipDistinct(after.text, ctx.headings, 40)}'`],
      change: { kind: 'changed', text: `Section renamed: '${before.text}' → '${after.text}'`, before: before.text, after: after.text, source: 'section' },
    };
  }
  // A clause renumbered ("4.2." → "4.3.") says where it moved, not what it says.
  if (d.edits.every((e) => e.b0 === 0 && e.a0 === 0 && NUMBERING.test(e.deleted) && NUMBERING.test(e.inserted))) {
    const what = after.clause ?? keyPhrase(tidy(after.text), 40);
    const move = `${d.edits[0]?.deleted ?? ''} → ${d.edits[0]?.inserted ?? ''}`;
    return {
      score: SCORE.loneBare,
      variants: [`'${what}' renumbered ${move}`, `renumbered ${move}`],
      change: withSection({ kind: 'changed', text: `Renumbered: ${move} ('${what}')`, before: before.text, after: after.text, source: 'sentence' }, after.section),
    };
  }
  const facts = changedFacts(d);
  const gone = differing(facts.before, facts.after);
  const came = differing(facts.after, facts.before);
  const changedText = d.edits.map((e) => `${e.deleted} ${e.inserted}`).join(' ');
  const scored = scoreTopic(after.text, changedText, [...gone, ...came]);
  const topic = scored?.topic;
  const strongTopic = scored !== undefined && scored.score >= 1;
  const place = placeName(after, ctx);
  // A run-in title that is itself edited cannot name the place ("Strictly Necessary Cookies" → "Essential Cookies").
  const label = strongTopic ? topicLabel(topic) : place && !d.edits.some((e) => e.inserted.trim() !== '' && (e.inserted.includes(place) || place.includes(e.inserted.trim()))) ? place : undefined;
  const base = { before: before.text, after: after.text, ...(topic && { topic }) };
  const onTopic = ctx.guide.size === 0 || (topic !== undefined && ctx.guide.has(topic));
  const factBased = factScore([...gone, ...came], topic, ctx, SCORE.factOnTopic, SCORE.factOffTopic);
  const score = factBased || (topic ? (onTopic ? SCORE.rewordedOnTopic : SCORE.reworded) : SCORE.rewordedNoTopic);
  const source = factBased ? ('fact' as const) : ('sentence' as const);
  const named = (text: string) => `${label ?? topicLabel(topic)}: ${text}`;
  const lower = (text: string) => (label ? `${strongTopic ? label.toLowerCase() : label} ${text}` : text);

  // Numbers that moved read best alone: "30 days → 90 days".
  const goneNumbers = minus(factsIn(before.text), factsIn(after.text));
  const cameNumbers = minus(factsIn(after.text), factsIn(before.text));
  if (goneNumbers.length > 0 && cameNumbers.length > 0) {
    const move = goneNumbers.length === 1 && cameNumbers.length === 1 ? factMove(goneNumbers[0] as string, cameNumbers[0] as string) : `${goneNumbers.join(', ')} → ${cameNumbers.join(', ')}`;
    const text = `${strongTopic ? label : topicLabel(topic)}: ${move}`;
    return {
      score: Math.max(score, SCORE.factOffTopic + (KIND_BONUS.duration ?? 0)),
      variants: [lower(clip(move, 60)), clip(move, 50)],
      change: withSection({ kind: 'changed', text, ...base, source: 'fact' }, after.section),
    };
  }

  const inserts = d.edits.every((e) => e.deleted === '');
  const deletes = d.edits.every((e) => e.inserted === '');
  const words = d.edits.map((e) => tidy(inserts ? e.inserted : e.deleted)).join(' … ');
  // A self-contained insertion or removal (a clause, an address, a whole name) reads as itself; a few words, or a
  // word inside a name ("OpenAI [OpCo,] LLC"), need their context.
  const telling = (inserts ? came : gone).some((f) => f.kind !== 'modality' && isTelling(f));
  const selfContained = (wordCount(words) >= 4 || telling) && !d.edits.some((e) => insideName(d, e));
  if ((inserts || deletes) && selfContained) {
    const kind = inserts ? 'new' : 'removed';
    const verb = inserts ? 'added' : 'removed';
    const text = `${inserts ? 'New' : 'Removed'}: '${words}'${inContext(words, after.text)}`;
    const shown = shortAddresses(words);
    return {
      score,
      variants: [lower(`${verb} '${clip(shown, 60)}'`), `${verb} '${clip(shown, 60)}'`, `${verb} '${keyPhrase(shown, 40)}'`],
      change: withSection({ kind, text, ...base, source }, after.section),
    };
  }
  const r = renderEdits(d);
  const shown = { before: shortAddresses(r.before), after: shortAddresses(r.after) };
  const tight = clipPair(shown.before, shown.after, 36);
  // Facts alone, when there are some on both sides and one of them is more than a name: "dpo@x.com → privacy@x.com".
  const shownFacts = (list: readonly Fact[]) => {
    const strong = list.filter((f) => STRONG_KINDS.has(f.kind) && f.kind !== 'modality');
    return (strong.length > 0 ? strong : list.filter((f) => f.kind !== 'modality' && isTelling(f))).slice(0, 3);
  };
  const hasStrong = [...gone, ...came].some((f) => STRONG_KINDS.has(f.kind) && f.kind !== 'modality');
  const factsOnly =
    hasStrong && shownFacts(gone).length > 0 && shownFacts(came).length > 0 ? `${shownFacts(gone).map(factText).join(', ')} → ${shownFacts(came).map(factText).join(', ')}` : undefined;
  const newFacts = hasStrong && shownFacts(came).length > 0 ? `now ${shownFacts(came).map(factText).join(', ')}` : undefined;
  const windows = r.before.split(' … ').length;
  const long = wordCount(r.before) > 12 || wordCount(r.after) > 12 || windows > 2;
  const text = long && !factsOnly ? named(`now reads '${clip(tidy(after.text), 200)}'`) : named(`'${r.before}' → '${r.after}'`);
  // A rewording is named by the words that make it about its topic ("…misuse through face analysis"), else its start.
  const cue = scored?.cue ? phraseAround(after.text, scored.cue.start, scored.cue.end, 36) : keyPhrase(tidy(after.text), 36);
  const reworded = `${label ? `${strongTopic ? label.toLowerCase() : label} ` : ''}reworded: '${tidy(cue)}'`;
  const phrases = [lower(`'${shown.before}' → '${shown.after}'`), `'${shown.before}' → '${shown.after}'`];
  const factForms = [...(factsOnly ? [lower(factsOnly), factsOnly] : []), ...(newFacts ? [lower(newFacts), newFacts] : [])];
  const tightPhrases = [lower(`'${tight.before}' → '${tight.after}'`), `'${tight.before}' → '${tight.after}'`];
  // A sentence rewritten in many places reads as its facts, or as "reworded"; a short edit as its words.
  const variants = long ? [...factForms, ...phrases, reworded, ...tightPhrases] : [...phrases, ...factForms, ...tightPhrases, ...(label ? [reworded] : [])];
  return {
    score,
    variants,
    ...(label && { bare: `${strongTopic ? label.toLowerCase() : label} reworded` }),
    change: withSection({ kind: 'changed', text, ...base, source }, after.section, label !== undefined && label === place && place !== after.clause),
  };
}

function describeLone(group: readonly Sentence[], kind: 'new' | 'removed', ctx: Context): Omit<Candidate, 'order'> {
  const Verb = kind === 'new' ? 'New' : 'Removed';
  const verb = kind === 'new' ? 'new' : 'removed';
  const first = group[0] as Sentence;
  const text = tidy(group.map((s) => s.text).join(' '));
  const side = kind === 'new' ? { after: text } : { before: text };
  if (first.kind === 'heading') {
    return {
      score: ctx.rewritten ? SCORE.rewrittenStructure : SCORE.structure,
      variants: [`${verb} section '${clipDistinct(text, ctx.headings, 50)}'`, `${verb} section '${clipDistinct(text, ctx.headings, 32)}'`, `${verb} section '${clipDistinct(text, ctx.headings, 22)}'`],
      change: { kind, text: `${Verb} section: '${text}'`, ...side, source: 'section' },
    };
  }
  const facts = findFacts(text);
  const dataCategory = first.kind === 'item' && first.tokens.length <= 15 && /\b(?:data|information)\b/iu.test(text);
  // Everything in a sentence that came or went changed: its facts are cues too ("keep … for up to 3 years": retention).
  const scored = scoreTopic(text, '', facts);
  const topic = scored?.topic ?? (dataCategory ? 'privacy' : undefined);
  const onTopic = ctx.guide.size === 0 || (topic !== undefined && ctx.guide.has(topic));
  // A statement of what is done or allowed ("We do not sell…") about a policy topic is a fact of the first rank; a
  // sentence that merely carries an address or a number comes or goes with less weight.
  const statement = facts.some((f) => f.kind === 'modality' && RESTRICTIVE.test(f.text)) && scored !== undefined && scored.score >= 1;
  const other = facts.filter((f) => f.kind !== 'modality');
  // A promise withdrawn ("We do not sell…" gone) weighs more than one made.
  const withdrawn = kind === 'removed' && statement ? WITHDRAWN_BONUS : 0;
  const score = isUpdateNotice(text, facts, scored)
    ? SCORE.notice
    : statement
    ? factScore(facts, topic, ctx, SCORE.factOnTopic, SCORE.loneFactOffTopic) + withdrawn
    : factScore(other, topic, ctx, SCORE.loneFactOnTopic, SCORE.loneFactOffTopic) ||
      (factsIn(text).length > 0 ? SCORE.loneFactOffTopic : topic ? (onTopic ? SCORE.loneOnTopic : SCORE.lone) : SCORE.loneBare);
  // A run-in title names what came or went when the opening of its paragraph is among it, or the title itself is
  // (a clause number split off as its own sentence, "4.2.", can match the old clause of that number).
  const clause = first.clause && (first.index === 0 || text.startsWith(first.clause)) && first.clause.length < text.length ? first.clause : undefined;
  const cue = scored?.cue ? text.slice(scored.cue.start, scored.cue.end) : undefined;
  const phrase = shortAddresses(text);
  const rest = clause ? phrase.slice(phrase.indexOf(clause) + clause.length).replace(/^[\s.:,-]+/u, '') : '';
  const variants = clause
    ? [...(rest ? [`${verb} '${clause}': '${keyPhrase(rest, 40)}'`] : []), `${verb} '${clause}'`]
    : first.row
      ? [`${verb} '${clipWords(phrase, 60)}'`, `${verb} '${clipWords(phrase, 40)}'`, `${verb} '${clipWords(phrase, 26)}'`]
      : [60, 40, 26].map((n) => `${verb} '${keyPhrase(phrase, n, cue, first.kind === 'item')}'`);
  return {
    score,
    variants,
    change: withSection({ kind, text: `${Verb}: '${clip(text, 240)}'`, ...side, ...(topic && { topic }), source: 'sentence' }, first.section),
  };
}

/** Words that announce a revision of the page itself: "We updated…", "The changes take effect on…". */
const UPDATE = /\b(?:updat|revis|amend|modif)\w*|\b(?:goes|go|went|comes|come|came) into (?:effect|force)\b|\btakes? effect\b|\beffective\b/iu;
const NOTICE_WORDS = 40;

/**
 * A short notice of the page's own revision ("We're updating these terms. The updates take effect on 2026-03-20.
 * Read the new terms"): its only facts are a date and the document's name, and it says nothing of any policy topic.
 * The date itself is told as the page's date; the notice coming or going tells a reader less than any clause.
 */
function isUpdateNotice(text: string, facts: readonly Fact[], scored: ReturnType<typeof scoreTopic>): boolean {
  if (scored !== undefined && scored.score >= 1) return false;
  if (!facts.some((f) => f.kind === 'date')) return false;
  if (!facts.every((f) => f.kind === 'date' || f.kind === 'name' || f.kind === 'modality')) return false;
  return UPDATE.test(text) && wordCount(text) <= NOTICE_WORDS;
}

function isRewrite(removed: readonly Sentence[], added: readonly Sentence[], total: number): boolean {
  // A heading counts as its own section; a replaced section counts once (by its number).
  const sections = new Set(
    [...removed, ...added].map((s) => {
      const section = s.kind === 'heading' ? s.text : s.section;
      return sectionNumber(section) ?? section;
    }),
  );
  return sections.size >= REWRITE_SECTIONS && (removed.length + added.length) / Math.max(1, total) >= REWRITE_SHARE;
}

/** A few changed words mean little alone: show the sentence they now sit in (or left). */
function inContext(words: string, sentence: string): string {
  return wordCount(words) <= 3 ? `, now: '${clip(tidy(sentence), 140)}'` : '';
}

interface SectionChange {
  candidate: Omit<Candidate, 'order'>;
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
  ctx: Context,
): { lost: Sentence[]; gained: Sentence[]; sections: Map<string, SectionChange> } {
  const sections = new Map<string, SectionChange>();
  const used = new Set<Sentence>();
  const score = ctx.rewritten ? SCORE.rewrittenStructure : SCORE.structure;
  for (const before of lost.filter((s) => s.kind === 'heading')) {
    const n = sectionNumber(before.text);
    const after = n && gained.find((s) => s.kind === 'heading' && !used.has(s) && sectionNumber(s.text) === n);
    if (!after) continue;
    used.add(before).add(after);
    const inSection = oldSentences.filter((s) => s.section === before.text).length;
    const gone = removed.filter((s) => s.section === before.text).length;
    const verb = inSection > 0 && gone / inSection >= 0.5 ? 'replaced' : 'renamed';
    const names = clipPair(before.text, after.text, 40);
    const candidate: Omit<Candidate, 'order'> = {
      score,
      variants: [`§${n} '${names.before}' ${verb} by '${names.after}'`, `§${n} ${verb}: '${clipDistinct(after.text, ctx.headings, 40)}'`, `§${n} ${verb}: '${clipDistinct(after.text, ctx.headings, 24)}'`],
      bare: `§${n} ${verb}`,
      change: { kind: 'changed', text: `Section ${n} ${verb}: '${before.text}' → '${after.text}'`, before: before.text, after: after.text, source: 'section' },
    };
    const change: SectionChange = { candidate, folded: { new: 0, removed: 0 } };
    sections.set(`new\u0000${after.text}`, change);
    if (verb === 'replaced') sections.set(`removed\u0000${before.text}`, change);
  }
  for (const [list, kind] of [[gained, 'new'], [lost, 'removed']] as const) {
    for (const s of list) {
      if (s.kind !== 'heading' || used.has(s)) continue;
      used.add(s);
      sections.set(`${kind}\u0000${s.text}`, { candidate: describeLone([s], kind, ctx), folded: { new: 0, removed: 0 } });
    }
  }
  return { lost: lost.filter((s) => !used.has(s)), gained: gained.filter((s) => !used.has(s)), sections };
}

/** "3 paragraphs changed in §4": the fallback when no sentence a reader would call changed did. */
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
    // The diff's section is Markdown ("**12. How to contact us**"): its words are what the reader sees.
    const name = only.replace(/[*_`]+/gu, '').trim();
    const n = sectionNumber(name);
    return `${what} in ${n ? `§${n}` : `'${clip(name, 40)}'`}`;
  }
  return sections.size > 1 ? `${what} in ${sections.size} sections` : what;
}
