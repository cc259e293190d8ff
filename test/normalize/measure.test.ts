import { load } from 'cheerio';
import type { AnyNode } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { children, collapsedLength, isElement, measure, tagName } from '../../src/normalize/dom.ts';
import { ElementIndex } from '../../src/normalize/elements.ts';
import { corpusPages, describeWithCorpus, FIRST_SNAPSHOT } from '../support/corpus.ts';

/** measure() against the walk it replaced, which gave every node (text nodes too) a size of its own. */

function referenceMeasure(root: AnyNode): Map<AnyNode, { text: number; link: number }> {
  const sizes = new Map<AnyNode, { text: number; link: number }>();
  const walk = (n: AnyNode, inLink: boolean): { text: number; link: number } => {
    if (n.type === 'text') {
      const len = collapsedLength((n as unknown as { data: string }).data);
      return { text: len, link: inLink ? len : 0 };
    }
    if (!isElement(n) && n.type !== 'root') return { text: 0, link: 0 };
    const link = inLink || tagName(n) === 'a';
    const size = { text: 0, link: 0 };
    for (const c of children(n)) {
      const s = walk(c, link);
      size.text += s.text;
      size.link += s.link;
    }
    sizes.set(n, size);
    return size;
  };
  walk(root, false);
  return sizes;
}

const parse = (html: string) => load(html, { xml: { xmlMode: false, decodeEntities: true } });

function expectSameMeasures(html: string, where: string): void {
  const $ = parse(html);
  const root = $.root()[0]!;
  const roots: AnyNode[] = [root, ...new ElementIndex(root).list().filter((_, i) => i % 11 === 0)];
  const text = $.root().find('p').first()[0]?.children[0];
  if (text) roots.push(text);
  for (const r of roots) {
    const expected = [...referenceMeasure(r)];
    const actual = [...measure(r)];
    if (actual.length !== expected.length || actual.some(([n, s], i) => n !== expected[i]![0] || s.text !== expected[i]![1].text || s.link !== expected[i]![1].link)) {
      expect.fail(`${where}: measure differs under ${r.type} ${tagName(r)}`);
    }
  }
}

describe('measure', () => {
  it('gives every element the sizes the per-node walk gave, in the same order', () => {
    expectSameMeasures(`<body><p> a  b </p><a href=x> link <b>bold</b> <!-- c --> </a><div><a><span> in   link </span></a>after</div>
      <script>var x</script><style>p{}</style><template><p>t</p></template><p>\u00a0\u2003</p><table><tr><td>cell</td></tr></table></body>`, 'markup');
  });
});

describeWithCorpus('measure on real pages', ['dev', 'dev-other'], () => {
  it('gives every element the sizes the per-node walk gave, on the first snapshot of each document', () => {
    for (const { set, folder, file, html } of corpusPages(['dev', 'dev-other'], FIRST_SNAPSHOT)) expectSameMeasures(html, `${set}/${folder}/${file}`);
  }, 300_000);
});
