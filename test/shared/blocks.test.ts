import { describe, expect, it } from 'vitest';
import { blockCutter } from '../../src/shared/blocks.ts';
import { corpusPages, describeWithCorpus } from '../support/corpus.ts';
import { seededInts } from '../support/random.ts';

/**
 * The cutter is held to the expressions it replaces (src/shared/blocks.ts), in each comment mode, on the names the
 * gate and extraction use and on one more list, with a replacer that shows what it was given.
 */
const NAME_LISTS = [['script', 'style', 'noscript', 'template', 'svg', 'head'], ['b', 'br', 'iframe']] as const;
const MODES = ['none', 'alternative', 'before'] as const;

const COMMENTS = /<!--[\s\S]*?-->/g;
const expressionFor = (names: readonly string[], alternative: boolean) =>
  new RegExp(`<(${names.join('|')})\\b[^>]*>[\\s\\S]*?<\\/\\1\\s*>${alternative ? '|<!--[\\s\\S]*?-->' : ''}`, 'gi');

const shown = (match: string, name: string | undefined) => `[${name ?? 'comment'}:${match.length}]`;

function expected(html: string, names: readonly string[], mode: (typeof MODES)[number], replace: typeof shown | string): string {
  const source = mode === 'before' ? html.replace(COMMENTS, ' ') : html;
  return source.replace(expressionFor(names, mode === 'alternative'), (match: string, name: string | undefined) =>
    typeof replace === 'string' ? replace : replace(match, name),
  );
}

type Case = { names: readonly string[]; mode: (typeof MODES)[number] };
const EVERY_CASE: Case[] = NAME_LISTS.flatMap((names) => MODES.map((mode) => ({ names, mode })));
/** The two the product uses: the gate's and extraction's. */
const PRODUCT_CASES: Case[] = [
  { names: NAME_LISTS[0], mode: 'before' },
  { names: NAME_LISTS[0].filter((name) => name !== 'head'), mode: 'alternative' },
];

function expectSame(html: string, cases: Case[] = EVERY_CASE): void {
  for (const { names, mode } of cases) {
    const cutter = blockCutter(names, { comments: mode });
    for (const replace of [shown, ' ']) {
      const want = expected(html, names, mode, replace);
      if (cutter.cut(html, replace) !== want) expect.fail(`${names.join('|')} (comments: ${mode}) differs on ${JSON.stringify(html.slice(0, 300))}`);
    }
  }
}

describe('blockCutter', () => {
  it('cut what the expressions cut on the edge cases of case, boundaries, end tags and unclosed blocks', () => {
    for (const html of [
      '',
      'no markup at all',
      '<p>a</p><script>x</script><p>b</p>',
      '<SCRIPT type="x">a</Script ><p>kept</p>',
      '<script>if (a < b) c = "</scrip" + "t>";</script>after</script>',
      '<script>one</script\n\t>two</script>',
      '<script>a</script\u00a0>b</script\u2028>c',
      '<scripts>not a script</scripts><script-x>a boundary</script-x>',
      '<header>not head</header><head-x>a head</head-x>',
      '<ſcript>long s is not s</ſcript><\u212aeep>',
      '<svg/><p>self-closed, so the svg runs to its end tag</p></svg><p>after</p>',
      '<svg>never closed<p>text</p>',
      '<style>unclosed <style>twice</style> then',
      '<script',
      '<script>',
      '<script>no gt after the start </script',
      '<!-- a --><!-->b--><!---->c<!-- unclosed',
      '<!-- <script> --> </script> <!-- -->',
      '<script><!-- </script> -->',
      '<script>a</script<!-- x -->>b</script>c',
      '<script <!-- > -->>a</script>',
      '<scr<!-- -->ipt>a</script>',
      '<script<!-- -->>a</script>',
      '<!--x--><script>a<!--y--></script><!--z-->',
      '<!-- <script> -->a</script><script>b<!-- </script> --></script>',
      '<template id="B:1">streamed</template><template>other</template>',
      '<<script>>x</script>><</',
      '<b>bold</b><br><br/>x</br><iframe src=x></iframe >',
    ]) expectSame(html);
  });

  it('cut what the expressions cut on generated pages', () => {
    const next = seededInts(7);
    const pieces = [
      'text ', ' ', '\n', '\t', '\u00a0', '\u2028', '>', '<', '</', '-', '--', '-->', '<!--', '<!-->', '/', '"', '=',
      '<script', '<SCRIPT', '<Script type="module"', '</script', '</SCRIPT', 'script', 's', 'ſ', '<scripts', '<script-x',
      '<style', '</style', '<svg', '</svg', '<svg/', '<head', '</head', '<header', '<head-x', '<noscript', '</noscript',
      '<template', '<template id="B:0"', '</template', '<b', '</b', '<br', '</br', '<iframe', '</iframe', '<p', '</p',
    ];
    for (let page = 0; page < 3000; page++) {
      let html = '';
      const length = 1 + (next() % 60);
      for (let i = 0; i < length; i++) html += pieces[next() % pieces.length]!;
      expectSame(html);
    }
  });

  it('hands back the same string, not a copy, when there is nothing to cut', () => {
    const html = '<p>nothing <b to cut</p><script';
    for (const mode of MODES) expect(blockCutter(['script'], { comments: mode }).cut(html, () => '')).toBe(html);
  });

  it('refuses a name that is not ASCII letters, which the case folding could not match', () => {
    expect(() => blockCutter(['h1'], { comments: 'none' })).toThrow(/"h1" is not an element name of ASCII letters/);
  });
});

describeWithCorpus('blockCutter on real pages', ['dev', 'dev-other'], () => {
  it('cuts what the expressions cut on every snapshot of the corpus', () => {
    for (const { html } of corpusPages(['dev', 'dev-other'])) expectSame(html, PRODUCT_CASES);
  });
});
