import { load } from 'cheerio';
import { describe, expect, it } from 'vitest';
import { collapsedLength, hasText, textOf } from '../../src/normalize/dom.ts';

// hasText(n) stands in for textOf(n) !== '' in the rules: it must agree on every node.
describe('hasText', () => {
  const html = `<div id="a"> \u00a0 <span>\u2003</span><!-- text in a comment --><script>var x = 1;</script></div>
    <div id="b"><i></i><p> \n <b>word</b></p></div><p id="c">\u3000</p><p id="d"><style>p{}</style></p>
    <ul id="e"><li> </li><li><a href="/x">link</a></li></ul>`;
  const $ = load(html);

  it('agrees with textOf on every node of a page (whitespace of every kind, comments, scripts, nesting)', () => {
    const nodes = [$.root()[0]!, ...$('*').toArray(), ...$('*').contents().toArray()];
    expect(nodes.length).toBeGreaterThan(20);
    for (const n of nodes) expect(hasText(n), `${n.type} ${'name' in n ? n.name : ''}`).toBe(textOf(n) !== '');
  });

  it('says which blocks hold text', () => {
    expect(['a', 'b', 'c', 'd', 'e'].map((id) => hasText($(`#${id}`)[0]!))).toEqual([false, true, false, false, true]);
  });
});

describe('collapsedLength', () => {
  it('is the length of the text with whitespace collapsed and trimmed, for every kind of whitespace', () => {
    const spaces: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (/\s/.test(ch)) spaces.push(ch);
      expect(collapsedLength(ch)).toBe(/\s/.test(ch) ? 0 : 1);
    }
    const pieces = ['a', 'word', 'é', '\u{1F600}', '\u200b', '', ...spaces, '  ', '\n\t'];
    let seed = 1;
    const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const texts = [...spaces, '', ' a ', 'a  b', ...pieces.map((p) => `${p}x${p}`)];
    for (let i = 0; i < 3000; i++) texts.push(Array.from({ length: next(8) }, () => pieces[next(pieces.length)]).join(''));
    for (const t of texts) expect(collapsedLength(t), JSON.stringify(t)).toBe(t.replace(/\s+/g, ' ').trim().length);
  });
});
