import { describe, expect, it } from 'vitest';
import { visibleText, visibleTextMeasure, viewOf } from '../../src/gate/page.ts';
import { corpusPages, describeWithCorpus } from '../support/corpus.ts';
import { seededInts } from '../support/random.ts';

/**
 * visibleTextMeasure(html).reaches(n) is visibleText(html).length >= n, and its whole() is visibleText(html), whatever
 * the page and in whatever order the questions come: it only reads less of a long page to say so.
 */
function expectSame(html: string): void {
  const full = visibleText(html);
  const bounds = [0, 1, 300, 600, 1500, 3000, full.length - 1, full.length, full.length + 1, 20_000];
  // Ascending (as the rules ask), then descending, each on a fresh measure; then whole() after the questions.
  for (const order of [bounds, [...bounds].reverse()]) {
    const measure = visibleTextMeasure(html);
    for (const n of order) {
      if (measure.reaches(n) !== full.length >= n) expect.fail(`reaches(${n}) with ${full.length} visible characters on ${JSON.stringify(html.slice(0, 120))}…`);
    }
    expect(measure.whole()).toBe(full);
  }
  const view = viewOf({ status: 200, headers: {}, html, via: 'http' });
  expect(view.text()).toBe(full);
  expect(view.textReaches(full.length)).toBe(true);
  expect(view.textReaches(full.length + 1)).toBe(false);
}

describe('visibleTextMeasure', () => {
  it('agrees with visibleText on short pages and on the edge cases of cutting after a ">"', () => {
    for (const html of [
      '',
      '   ',
      '<p>a</p>',
      'a > b and c &lt; d &amp;amp; e',
      '<p>one</p>\n\n   <p>two&nbsp;&nbsp; three</p>',
      '<!-- <p>hidden</p> --><p>shown</p>',
      '<script>if (a > b) x = "<p>";</script><p>after</p>',
      '<head><title>t</title></head><body>x</body>',
    ]) expectSame(html);
  });

  it('agrees with visibleText on long generated pages: tags, entities, space runs, bare ">" and hidden blocks across every window', () => {
    const next = seededInts(11);
    const pieces = [
      'word ', 'policy ', '  ', '\n\n', '\t', '\u00a0', '&nbsp;', '&amp;', '&#32;', '&unknown;', '&', ';', '>', ' > ', '<',
      '<p>', '</p>', '<a href="/x">', '</a>', '<br/>', '<div class="a>b">', '<img alt="one two" src="x.png">', '<a title="a b" href="/y">', '<!-- note > -->', '<script>var a = "<p>x</p>";</script>',
      '<style>p > a { color: red }</style>', '<svg><text>drawn</text></svg>', '<template>later</template>', '<noscript>js</noscript>',
    ];
    const markup = pieces.filter((piece) => piece.startsWith('<') && piece.length > 1);
    for (let page = 0; page < 60; page++) {
      // Lengths around the windows (16 KB, 32 KB, 64 KB …) and texts around the rules' bounds.
      const target = [500, 3_000, 16_000, 16_400, 33_000, 70_000][page % 6]!;
      const sparse = page % 3 === 0; // mostly markup: little visible text in a long page
      let html = '';
      while (html.length < target) {
        const piece = pieces[next() % pieces.length]!;
        html += sparse && /^[a-z ]/.test(piece) && next() % 8 !== 0 ? '<i></i>' : piece;
      }
      expectSame(html);
      // Then a long tail of markup alone: every window's cut falls in it, where the text read so far is already all
      // of it, so a cut inside a tag or a hidden block would count a character too many.
      let tail = html;
      while (tail.length < target + 40_000) tail += markup[next() % markup.length]!;
      expectSame(tail);
    }
  });
});

describeWithCorpus('visibleTextMeasure on real pages', ['dev', 'dev-other'], () => {
  it('agrees with visibleText on every snapshot of the corpus', () => {
    for (const { html } of corpusPages(['dev', 'dev-other'])) expectSame(html);
  });
});
