import { load } from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { measure, remove } from '../../src/normalize/dom.ts';
import { ElementIndex } from '../../src/normalize/elements.ts';
import { Sizes } from '../../src/normalize/sizes.ts';
import { corpusPages, describeWithCorpus, FIRST_SNAPSHOT } from '../support/corpus.ts';

/**
 * Sizes.within(page, root) hands the chrome phase the page's current sizes under the content root instead of a fresh
 * measure: after removals of elements (and of text nodes, where it must measure afresh), every element under the
 * root has the sizes a fresh measure gives.
 */

const parse = (html: string) => load(html, { xml: { xmlMode: false, decodeEntities: true } });

function expectFresh(page: Sizes, scope: AnyNode, where: string): void {
  const derived = Sizes.within(page, scope);
  const fresh = measure(scope);
  for (const [node, size] of fresh) {
    const got = derived.get(node);
    if (got?.text !== size.text || got.link !== size.link) expect.fail(`${where}: ${JSON.stringify(got)} for ${JSON.stringify(size)}`);
  }
}

/** Measures the page, removes every `step`th element (and text node, when asked) as the run does, then derives each candidate root. */
function check(html: string, where: string, step: number, removeText: boolean): void {
  const $ = parse(html);
  const root = $.root()[0]!;
  const page = new Sizes(root);
  page.get(root);
  const elements = new ElementIndex(root).list();
  elements.forEach((el, i) => {
    if (i % step !== step - 1 || el.name === 'html' || el.name === 'body') return;
    const victim: AnyNode | undefined = removeText ? el.children.find((c) => c.type === 'text') : el;
    if (!victim || !page.contains(victim)) return;
    page.removing(victim);
    remove(victim);
  });
  const candidates = [root, ...elements.filter((el, i) => i % 5 === 0 && page.contains(el))] as AnyNode[];
  for (const scope of candidates) expectFresh(page, scope, `${where} under ${(scope as Element).name ?? scope.type}`);
}

const MARKUP = `<body><main><h1>Title</h1><p>Some <a href="/x">linked <b>text</b></a> here.</p><ul><li>one</li><li><a href="#a">two</a></li></ul>
  <a href="/wrap"><div><p>inside a link</p><span>more</span></div></a><div>tail <i>text</i></div><table><tr><td>cell</td></tr></table></main></body>`;

describe('Sizes.within', () => {
  it('gives the sizes a fresh measure gives, after removals of elements and of text nodes', () => {
    for (const step of [2, 3, 7]) {
      check(MARKUP, `markup, every ${step}th element`, step, false);
      check(MARKUP, `markup, text of every ${step}th element`, step, true);
    }
  });
});

describeWithCorpus('Sizes.within on real pages', ['dev', 'dev-other'], () => {
  it('gives the sizes a fresh measure gives on the first snapshot of each document', () => {
    for (const { set, folder, html } of corpusPages(['dev', 'dev-other'], FIRST_SNAPSHOT)) {
      check(html, `${set}/${folder}`, 13, false);
      check(html, `${set}/${folder}, text removed`, 17, true);
    }
  }, 300_000);
});
