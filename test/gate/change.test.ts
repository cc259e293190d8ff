import { describe, expect, it } from 'vitest';
import { judgeChange } from '../../src/gate/index.ts';

const words = (n: number, word = 'term') => Array.from({ length: n }, (_, i) => `${word}${i}`).join(' ');

describe('change rule: a drastic shrink waits for a second sighting', () => {
  it.each([
    ['a long text losing most of it', words(300), words(100), 'undecided'],
    ['just under 40% kept', words(200), words(79), 'undecided'],
    ['40% kept', words(200), words(80), 'document'],
    ['a long text growing', words(300), words(600), 'document'],
    ['a short text emptied (too small for a shrink to mean anything)', words(119), words(5), 'document'],
    ['120 words emptied', words(120), words(5), 'undecided'],
  ] as const)('%s', (_name, before, after, expected) => {
    const verdict = judgeChange({ before, after });
    expect(verdict.kind).toBe(expected);
    if (verdict.kind === 'undecided') expect(verdict.why).toBe('drastic-shrink');
  });
});
