import { parseMarkdown, presence } from './parse.ts';
import type { Doc, Heading, Line } from './parse.ts';
import { diffItems } from './item-diff.ts';
import { diffRecords, wordIndex } from './record-diff.ts';
import type { Words } from './record-diff.ts';
import { recordSets } from './records.ts';
import type { RecordSet } from './records.ts';
import { diffSections } from './section-diff.ts';
import type { TextOptions } from '../../text/index.ts';
import { StringMemo } from '../../shared/memo.ts';
import type { KeyChange } from '../types.ts';

/**
 * What changed in a document's structure: table rows and repeated records by key, list items, sections by heading.
 * `explained` holds the plain-text lines (as toPlainText writes them) whose change this diff has told, or found to be
 * no change at all (a row that only moved off a paginated page), so the sentence summarizer does not tell them again.
 */
export interface StructureDiff {
  changes: KeyChange[];
  explained: { before: ReadonlySet<string>; after: ReadonlySet<string> };
}

export function diffStructure(oldMarkdown: string, newMarkdown: string, options: TextOptions = {}): StructureDiff {
  const a = parseMarkdown(oldMarkdown, options);
  const b = parseMarkdown(newMarkdown, options);
  const setsA = recordSets(a);
  const setsB = recordSets(b);
  const titles = (sets: readonly RecordSet[]): Set<Heading> => new Set(sets.flatMap((s) => s.titles));
  const there = { before: presence(a), after: presence(b) };
  const sections = diffSections(a, b, { before: titles(setsA), after: titles(setsB) }, there);
  const inRecords = (sets: readonly RecordSet[]): Set<number> => new Set(sets.flatMap((s) => s.lines.map((l) => l.n)));
  const recordLinesA = inRecords(setsA);
  const recordLinesB = inRecords(setsB);
  const records = diffRecords(setsA, setsB, { before: wordsOf(a, recordLinesA), after: wordsOf(b, recordLinesB) });
  const items = diffItems(a, b, {
    before: union(sections.wholeBefore, recordLinesA),
    after: union(sections.wholeAfter, recordLinesB),
  }, there);
  const plain = (lines: readonly Line[]): Set<string> => new Set(lines.map((l) => l.plain).filter(Boolean));
  return {
    changes: once([...sections.changes, ...records.changes, ...items.changes]),
    explained: {
      before: plain([...sections.before, ...records.before, ...items.before]),
      after: plain([...sections.after, ...records.after, ...items.after]),
    },
  };
}

/** The same change told in several places (a page that repeats a section or a list) is told once, with its count. */
function once(changes: readonly KeyChange[]): KeyChange[] {
  const seen = new Map<string, { change: KeyChange; count: number }>();
  for (const change of changes) {
    const entry = seen.get(change.text);
    if (entry) entry.count++;
    else seen.set(change.text, { change, count: 1 });
  }
  return [...seen.values()].map(({ change, count }) => (count > 1 ? { ...change, text: `${change.text} (in ${count} places)` } : change));
}

function union(a: ReadonlySet<number>, b: ReadonlySet<number>): Set<number> {
  return new Set([...a, ...b]);
}

// Both versions share most lines, and a replay reads each version twice: a pure memo, bounded (StringMemo).
const lineWords = new StringMemo((plain): readonly string[] => Object.freeze(plain.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? []), 400_000);

/** The document's words outside its record sets, indexed for whole-word look-ups. */
function wordsOf(doc: Doc, skip: ReadonlySet<number>): Words {
  const words: string[] = [];
  for (const line of doc.lines) {
    if (skip.has(line.n)) continue;
    for (const w of lineWords.get(line.plain)) words.push(w);
    words.push('');
  }
  return wordIndex(words);
}

