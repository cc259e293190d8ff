import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { RULES } from '../../src/normalize/registry.ts';
import { runExtraction } from '../../src/normalize/runner.ts';
import type { Rule, TextRule } from '../../src/normalize/rule.ts';
import { HINT, mayHoldStamp } from '../../src/normalize/relative-time.ts';
import { corpusDir, describeWithCorpus, type CorpusSet } from '../support/corpus.ts';

/**
 * mayHoldStamp is a cheap scan run before the relative-time rule's HINT regex; the rule's output stays the same only
 * if it accepts every string HINT accepts. Shown three ways: the case mappings it rests on hold for every code point,
 * and it accepts every HINT match among the rule's own case tables and every line the rules see on the corpus.
 */

function acceptsAllHintMatches(texts: Iterable<string>): string[] {
  const missed: string[] = [];
  for (const t of texts) if (HINT.test(t) && !mayHoldStamp(t)) missed.push(t);
  return missed;
}

/** Every line the text rules are handed while the registry's rules extract a page. */
function linesSeen(html: string, url: string, id: string): string[] {
  const seen: string[] = [];
  const rules: Rule[] = RULES.map((r) => {
    if (r.kind !== 'text') return r;
    const spy: TextRule = {
      ...r,
      ...(r.line ? { line: (t: string) => (seen.push(t), r.line!(t)) } : {}),
      ...(r.dropsLine ? { dropsLine: (t: string) => (seen.push(t), r.dropsLine!(t)) } : {}),
    };
    return spy;
  });
  runExtraction({ body: html, format: 'html', url, doc: { id, remove: [] } }, { rules });
  return seen;
}

describe('the relative-time pre-filter accepts whatever HINT accepts', () => {
  it('rests on case mappings that hold for every code point (but the two it sends straight to HINT)', () => {
    // HINT matches case-insensitively by simple case folding; the scan lower-cases. Every letter of a literal must
    // lower-case to the pattern's letter from whatever folds to it, and a word boundary (\b, \w) must fall where it
    // fell: a character is a word character under /iu exactly when its lower case begins and ends with an ASCII one.
    const letters = /^[a-zäöàéáñíê]$/iu;
    const wordIU = /^\w$/iu;
    const word = /^\w$/;
    const space = /^\s$/;
    const broken: string[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if ((cp >= 0xd800 && cp <= 0xdfff) || cp === 0x17f || cp === 0x130) continue;
      const c = String.fromCodePoint(cp);
      const lower = c.toLowerCase();
      const chars = [...lower];
      if (wordIU.test(c) !== word.test(chars[0]!) || wordIU.test(c) !== word.test(chars.at(-1)!)) broken.push(`word ${cp.toString(16)}`);
      if (space.test(c) !== space.test(lower)) broken.push(`space ${cp.toString(16)}`);
      if (letters.test(c)) {
        const expected = [...'abcdefghijklmnopqrstuvwxyzäöàéáñíê'].find((p) => new RegExp(`^${p}$`, 'iu').test(c));
        if (lower !== expected) broken.push(`letter ${cp.toString(16)} → ${lower}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('sends the characters that fold apart (ſ, İ) to HINT', () => {
    expect(mayHoldStamp('Poſted yeſterday')).toBe(true);
    expect(HINT.test('Poſted yeſterday')).toBe(true);
    expect(mayHoldStamp('FA İ')).toBe(true);
  });

  it('accepts every HINT match of the rule case tables and the stamp tables, and lines cut from them', () => {
    const texts = new Set<string>();
    const add = (v: unknown): void => {
      if (typeof v === 'string') {
        texts.add(v);
        for (const piece of v.split(/<[^>]*>|\n/)) texts.add(piece);
      } else if (Array.isArray(v)) v.forEach(add);
      else if (v && typeof v === 'object') Object.values(v).forEach(add);
    };
    add(parse(readFileSync(join(import.meta.dirname, 'rules/relative-times.yaml'), 'utf8')));
    for (const f of ['relative-times.yaml', 'stamps.yaml']) add(parse(readFileSync(join(import.meta.dirname, '../fixtures/noise', f), 'utf8')));
    const matched = [...texts].filter((t) => HINT.test(t));
    expect(matched.length).toBeGreaterThan(50);
    expect(acceptsAllHintMatches(texts)).toEqual([]);
    // And upper-cased, as some templates print them.
    expect(acceptsAllHintMatches([...texts].map((t) => t.toUpperCase()))).toEqual([]);
  });

  it('rejects ordinary policy prose, so HINT runs on few lines', () => {
    expect(mayHoldStamp('We keep the conversations you delete in our backups for no longer than thirty days.')).toBe(false);
    expect(mayHoldStamp('Facebook and other services may share data with us.')).toBe(false);
  });
});

const SETS: CorpusSet[] = ['dev', 'dev-other'];

describeWithCorpus('the relative-time pre-filter on the corpus', SETS, () => {
  it('accepts every line HINT accepts among the lines the text rules see on every snapshot', () => {
    const lines = new Set<string>();
    for (const set of SETS) {
      const dir = corpusDir(set);
      const rows = readFileSync(join(dir, 'documents.tsv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split('\t'));
      for (const [doc = '', url = ''] of rows) {
        for (const f of readdirSync(join(dir, doc)).filter((n) => n.endsWith('.html'))) {
          for (const l of linesSeen(readFileSync(join(dir, doc, f), 'utf8'), url, doc)) lines.add(l);
        }
      }
    }
    expect([...lines].filter((l) => HINT.test(l)).length).toBeGreaterThan(20);
    expect(acceptsAllHintMatches(lines)).toEqual([]);
  }, 120_000);
});
