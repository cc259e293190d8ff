import { load } from 'cheerio';
import type { CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { ElementIndex } from '../../src/normalize/elements.ts';
import { QUERIES } from '../../src/normalize/queries.ts';
import { remove } from '../../src/normalize/dom.ts';
import { corpusPages, describeWithCorpus, FIRST_AND_LAST_SNAPSHOTS } from '../support/corpus.ts';

/**
 * Each written-out query (queries.ts) finds exactly the elements cheerio's `$(css)` finds, in the same order, on the
 * page's element list (elements.ts), also after removals.
 */

const parse = (html: string): CheerioAPI => load(html, { xml: { xmlMode: false, decodeEntities: true } });

function expectSame($: CheerioAPI, index: ElementIndex, where: string): void {
  for (const q of QUERIES) {
    const expected = $(q.css).toArray();
    const actual = index.select(q.matches);
    if (actual.length !== expected.length || actual.some((el, i) => el !== expected[i])) {
      expect.fail(`${where}: ${q.css}: ${actual.length} found, css-select ${expected.length}`);
    }
  }
}

/** Removes every seventh element (and so its subtree), as the rules do, and checks again. */
function expectSameAfterRemovals($: CheerioAPI, index: ElementIndex, where: string): void {
  const all = index.list();
  for (let i = 3; i < all.length; i += 7) {
    const el = all[i]!;
    if (el.name === 'html' || el.name === 'body') continue;
    index.removing(el);
    remove(el);
  }
  expectSame($, index, `${where}, after removals`);
}

const MARKUP = `<!doctype html><html><head><title>T</title><meta charset=utf-8><link rel=stylesheet href=x.css>
<style>p{}</style><script>var a = "<p>";</script></head>
<body class=""><header role=banner><nav aria-label="Breadcrumbs"><a href="/">Home</a></nav></header>
<div role="NAVIGATION"><a>no href</a><a href="#">hash</a><a href="JavaScript:void(0)">js</a><a href=" javascript:x">spaced</a><a href="">empty</a></div>
<main><article><h1>Title</h1><h2 role=heading>two</h2><div role="heading" aria-level=3>div heading</div><H3>upper</H3><h7>no</h7>
<p style="display:none" hidden aria-hidden=TRUE>hidden</p><span aria-hidden="true">icon</span><span aria-hidden="True">not</span>
<input><input type=TEXT><input type="Search "><input type=checkbox><input type=Email><input type=url><input type=tel><input type=""><textarea></textarea>
<div contenteditable>edit</div><div contenteditable="FALSE">no</div><div contenteditable="">yes</div><div role=textbox></div><span role=searchbox></span>
<ul><li aria-current=page>cur</li><li aria-selected=TRUE>no</li><li aria-selected=true>yes</li></ul><ol></ol><table role=grid></table><div role=table></div>
<select><option>a</option></select><div role=combobox></div><div role=Combobox></div><aside role=complementary></aside><footer></footer><form></form>
<div role=dialog aria-modal=true></div><div aria-modal=TRUE></div><div role=alertdialog></div><div role=menu></div><div role=menubar></div><div role=toolbar></div><div role=listbox></div><div role=search></div><div role=contentinfo></div>
<div id=OneTrust-banner></div><div id=onetrustx></div><div id=CybotCookiebotDialog></div><div id=cybotcookiebot></div><div class="x COOKIE-CONSENT y"></div><div id=my-cookie-banner></div><div class=cookie-bannerx></div><div id=gdpr-consent-banner></div><div id=consent-banne></div>
<button>b</button><button role=button>b</button><span role=button>s</span><svg><a href="/x">in svg</a></svg><iframe></iframe><img src=x><picture><source></picture><video></video><audio></audio><canvas></canvas><object></object><embed><noscript>n</noscript><dialog>d</dialog>
<template id="B:1"><p class=in-template>streamed</p><a href="/t">t</a></template>
<a href="/cdn-cgi/l/email-protection" data-cfemail="0a6b">[email protected]</a><span data-cfemail>x</span><div role=tabpanel id=p1 aria-labelledby=t1></div><div role=TabPanel></div>
<button role=tab id=t1 aria-controls=p1>Tab</button><ul role=tablist><li role=tab>b</li></ul><div id="">empty id</div><div hidden id="S:1"></div><div hidden id="s:2"></div><span hidden id="S:3"></span><div id="S:4"></div><DIV HIDDEN=hidden ID="S:5"></DIV>
<div data-x="[class]" class>c</div><div style>s</div><main role=main></main><div role=main></div><header></header>
</article></main><table><tr><td><h1>in table</h1></td></tr></table></body></html>`;

describe('written-out queries', () => {
  it('find what css-select finds, in its order, on varied markup', () => {
    const $ = parse(MARKUP);
    const index = new ElementIndex($.root()[0]!);
    expectSame($, index, 'markup');
    expectSameAfterRemovals($, index, 'markup');
  });

  it('find what css-select finds on fragments without html or body, and on an empty page', () => {
    for (const html of ['<p class=a>x</p><nav>n</nav><input type=text>', '', 'text only', '<template><button>b</button></template>']) {
      const $ = parse(html);
      expectSame($, new ElementIndex($.root()[0]!), JSON.stringify(html));
    }
  });

  it('a list handed out stays as it was while removals go on', () => {
    const $ = parse('<div><p>a</p><p>b</p></div><p>c</p>');
    const index = new ElementIndex($.root()[0]!);
    const before = index.list();
    const div = before[0] as Element;
    index.removing(div);
    remove(div);
    expect(before.map((e) => e.name)).toEqual(['div', 'p', 'p', 'p']);
    expect(index.list().map((e) => e.name)).toEqual(['p']);
  });
});

describeWithCorpus('written-out queries on real pages', ['dev', 'dev-other'], () => {
  it('find what css-select finds on the first and last snapshot of every document, also after removals', () => {
    for (const { set, folder, file, html } of corpusPages(['dev', 'dev-other'], FIRST_AND_LAST_SNAPSHOTS)) {
      const $ = parse(html);
      const index = new ElementIndex($.root()[0]!);
      expectSame($, index, `${set}/${folder}/${file}`);
      expectSameAfterRemovals($, index, `${set}/${folder}/${file}`);
    }
  }, 300_000);
});
