import type { Sentence } from './sentences.ts';

/**
 * The page's own dates: "Effective: <date>" and "Last updated <date>" lines (also run-in notices such as "We updated
 * our Privacy Policy on <date>"). A date that moved is the clearest sign of a new version; it leads the headline
 * and the lines it came from are not told again as sentences.
 */

export type DateKind = 'effective' | 'updated';

export interface DateLine {
  kind: DateKind;
  date: string;
  sentence: Sentence;
}

export interface DateMove {
  kind: DateKind;
  from?: string;
  to?: string;
  before?: Sentence;
  after?: Sentence;
}

const DATE_LINE = /\b(effective|last updated|updated|last modified|modified|last revised|revised)\b[^\n]{0,40}?(\d{4}-\d{2}-\d{2})/iu;
/** Longer sentences that mention a date state a rule ("effective 2026-01-01 for customers in…"), not the version. */
const MAX_TOKENS = 15;

function dateLines(sentences: readonly Sentence[]): Map<DateKind, DateLine> {
  const lines = new Map<DateKind, DateLine>();
  for (const sentence of sentences) {
    if (sentence.tokens.length > MAX_TOKENS) continue;
    const m = DATE_LINE.exec(sentence.text);
    if (!m?.[1] || !m[2]) continue;
    const kind: DateKind = /effective/iu.test(m[1]) ? 'effective' : 'updated';
    if (!lines.has(kind)) lines.set(kind, { kind, date: m[2], sentence });
  }
  return lines;
}

export interface DateChanges {
  /** The version date that moved (effective, else last updated), when one did. */
  lead?: DateMove;
  /** Every date line that moved, came or went, lead first. */
  moves: DateMove[];
  /** Sentences the moves tell. */
  told: Set<Sentence>;
}

export function dateChanges(oldSentences: readonly Sentence[], newSentences: readonly Sentence[]): DateChanges {
  const before = dateLines(oldSentences);
  const after = dateLines(newSentences);
  const moves: DateMove[] = [];
  const told = new Set<Sentence>();
  const kinds: DateKind[] = ['effective', 'updated'];
  const onlyBefore = kinds.filter((k) => before.has(k) && !after.has(k));
  const onlyAfter = kinds.filter((k) => after.has(k) && !before.has(k));
  // "Last updated: <date>" became "Effective: <date>": one version date, relabelled.
  if (onlyBefore.length === 1 && onlyAfter.length === 1) {
    const b = before.get(onlyBefore[0] as DateKind) as DateLine;
    const a = after.get(onlyAfter[0] as DateKind) as DateLine;
    before.delete(b.kind);
    after.delete(a.kind);
    if (b.date !== a.date) moves.push({ kind: a.kind, from: b.date, to: a.date, before: b.sentence, after: a.sentence });
    told.add(b.sentence).add(a.sentence);
  }
  for (const kind of kinds) {
    const b = before.get(kind);
    const a = after.get(kind);
    if (b && a && b.date !== a.date) {
      moves.push({ kind, from: b.date, to: a.date, before: b.sentence, after: a.sentence });
      told.add(b.sentence).add(a.sentence);
    }
  }
  const lead = moves.find((m) => m.kind === 'effective') ?? moves[0];
  // A date that came or went with the version date is the same news ("We updated our Privacy Policy on <new date>").
  for (const kind of kinds) {
    const b = before.get(kind);
    const a = after.get(kind);
    if (a && !b && lead && a.date === lead.to) told.add(a.sentence);
    else if (a && !b) moves.push({ kind, to: a.date, after: a.sentence });
    if (b && !a && lead && b.date === lead.from) told.add(b.sentence);
    else if (b && !a) moves.push({ kind, from: b.date, before: b.sentence });
  }
  for (const move of moves) {
    if (move.before) told.add(move.before);
    if (move.after) told.add(move.after);
  }
  return { ...(lead && { lead }), moves: lead ? [lead, ...moves.filter((m) => m !== lead)] : moves, told };
}
