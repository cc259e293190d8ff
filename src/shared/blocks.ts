/**
 * Cutting whole elements and comments out of raw HTML before anything reads it, without a regular expression.
 *
 * `blockCutter(names, { comments })` cuts what this global, case-insensitive replace would:
 *
 *     html.replace(/<(name1|name2|…)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, replace)
 *
 * and with the page's comments: `comments: 'alternative'` adds `|<!--[\s\S]*?-->` to the expression (a comment is
 * cut where it starts outside an element); `comments: 'before'` first runs `html.replace(/<!--[\s\S]*?-->/g, ' ')`,
 * so a comment anywhere, even inside an element, is one space by the time elements are looked for.
 *
 * The expressions tried their alternatives at every `<` of a page and walked each element's content one character
 * at a time for its end tag, and each replace made a copy of the page: on a 200 KB policy page, the largest single
 * cost of the gate and of extraction's first step. Here each step is an `indexOf`; with `before`, comments are
 * skipped where they are instead of cut into a copy first; and a page with nothing to cut comes back as the same
 * string. test/shared/blocks.test.ts holds it to the expressions, on every corpus page and on generated ones.
 *
 * Where the expressions' semantics are subtle, this keeps them: a name matches in any ASCII case (and only ASCII:
 * without the `u` flag, `ſ` is not an `s`); it must end at a word boundary (`<scripts>` is not a `<script>`); the end
 * tag is the first `</name\s*>` after the start tag's first `>`, with `\s` as JavaScript's; a start tag with no end
 * tag after it cuts nothing, and the scan goes on from the next character, inside it.
 */

const GT = 0x3e;
const SLASH = 0x2f;

const isWordCode = (c: number) => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
const SPACE = /\s/;
const isSpaceAt = (html: string, at: number) => {
  const c = html.charCodeAt(at);
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0xa0 && SPACE.test(html[at]!));
};

/** Whether `name` (lower-case ASCII letters) is at `at`, in any ASCII case: `| 0x20` folds only A–Z onto a–z. */
function nameAt(html: string, at: number, name: string): boolean {
  if (at + name.length > html.length) return false;
  for (let i = 0; i < name.length; i++) if ((html.charCodeAt(at + i) | 0x20) !== name.charCodeAt(i)) return false;
  return true;
}

/** What replaces a cut: a string, or one made from the cut text and the element's name (undefined for a comment). */
export type BlockReplacer = string | ((match: string, name: string | undefined) => string);

export interface BlockCutter {
  cut(html: string, replace: BlockReplacer): string;
}

export type CommentCut = 'none' | 'alternative' | 'before';

/** The page's comments, as `/<!--[\s\S]*?-->/g` finds them from its start, each as [start, end). */
class Comments {
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];

  constructor(html: string) {
    for (let start = html.indexOf('<!--'); start >= 0; start = html.indexOf('<!--', this.ends.at(-1))) {
      const close = html.indexOf('-->', start + 4);
      // With no `-->` after it, no later comment can close either.
      if (close < 0) break;
      this.starts.push(start);
      this.ends.push(close + 3);
    }
  }

  /** The end of the comment that holds `at`, or -1 when `at` is outside every comment. */
  endOfOneHolding(at: number): number {
    const { starts, ends } = this;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! <= at) lo = mid + 1;
      else if (starts[mid]! > at) hi = mid - 1;
      else return ends[mid]!;
    }
    return -1;
  }

  /** The comments that overlap [from, to), in order. */
  *within(from: number, to: number): Generator<[number, number]> {
    const { starts, ends } = this;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ends[mid]! <= from) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < starts.length && starts[i]! < to; i++) yield [starts[i]!, ends[i]!];
  }
}

/**
 * A cutter for elements with these names (ASCII letters, as they would be written in the expression; at a `<`, the
 * first name that matches is taken, as the expression's alternation takes it).
 */
export function blockCutter(names: readonly string[], options: { comments: CommentCut }): BlockCutter {
  const lower = names.map((name) => {
    if (!/^[a-z]+$/i.test(name)) throw new Error(`blockCutter: "${name}" is not an element name of ASCII letters`);
    return name.toLowerCase();
  });
  return { cut: (html, replace) => cutBlocks(html, lower, options.comments, replace) };
}

/**
 * In 'before' mode every search skips the comments, each of which stands for one space: as the second replace sees
 * its input.
 */
function cutBlocks(html: string, names: readonly string[], mode: CommentCut, replace: BlockReplacer): string {
  const comments = mode === 'before' ? new Comments(html) : undefined;
  /** The first `char` at or after `from` outside every comment, or -1. */
  const next = (char: string, from: number): number => {
    for (let at = html.indexOf(char, from); at >= 0; at = html.indexOf(char, from)) {
      const end = comments ? comments.endOfOneHolding(at) : -1;
      if (end < 0) return at;
      from = end;
    }
    return -1;
  };
  /** [from, to) as the elements' pass reads it: with each comment one space. */
  const plain = (from: number, to: number): string => {
    if (!comments) return html.slice(from, to);
    let out = '';
    for (const [start, end] of comments.within(from, to)) {
      out += html.slice(from, start) + ' ';
      from = end;
    }
    return out + html.slice(from, to);
  };

  // Where a search found nothing, no later search from a further point can find anything: remembered, so that a
  // page of unclosed start tags stays linear instead of searching to its end from each of them.
  const noEndTagFrom = new Map<string, number>();
  let noCommentEndFrom = Infinity;
  let noGtFrom = Infinity;

  /** The end of the first `</name\s*>` at or after `from`, or -1. */
  const endTag = (name: string, from: number): number => {
    if (from >= (noEndTagFrom.get(name) ?? Infinity)) return -1;
    for (let at = next('<', from); at >= 0; at = next('<', at + 1)) {
      if (html.charCodeAt(at + 1) !== SLASH || !nameAt(html, at + 2, name)) continue;
      let k = at + 2 + name.length;
      for (;;) {
        const skip = comments && html.startsWith('<!--', k) ? comments.endOfOneHolding(k) : -1;
        if (skip >= 0) k = skip;
        else if (k < html.length && isSpaceAt(html, k)) k += 1;
        else break;
      }
      if (html.charCodeAt(k) === GT) return k + 1;
    }
    noEndTagFrom.set(name, from);
    return -1;
  };

  /** The match that starts at `at` (a `<`): its end and the element's name (undefined for a comment), or undefined. */
  const matchAt = (at: number): { end: number; name: string | undefined } | undefined => {
    for (const name of names) {
      const after = at + 1 + name.length;
      if (!nameAt(html, at + 1, name) || isWordCode(html.charCodeAt(after))) continue;
      // `[^>]*>`: the start tag ends at the first `>`; with none, no element can match here or later.
      const gt = after >= noGtFrom ? -1 : next('>', after);
      if (gt < 0) {
        noGtFrom = Math.min(noGtFrom, after);
        break;
      }
      const end = endTag(name, gt + 1);
      if (end >= 0) return { end, name: html.slice(at + 1, after) };
      // No other name can match here: it would start with the same letters and end at a boundary too.
      break;
    }
    if (mode === 'alternative' && html.startsWith('<!--', at)) {
      const close = at + 4 >= noCommentEndFrom ? -1 : html.indexOf('-->', at + 4);
      if (close >= 0) return { end: close + 3, name: undefined };
      noCommentEndFrom = Math.min(noCommentEndFrom, at + 4);
    }
    return undefined;
  };

  // Joined once at the end, not concatenated: `+=` makes a rope, which the parser would read through an indirection
  // at every character (cheerio's parse of the cut page was half as slow again).
  const parts: string[] = [];
  let kept = 0;
  for (let at = next('<', 0); at >= 0; ) {
    const match = at + 1 < html.length && html.charCodeAt(at + 1) !== SLASH ? matchAt(at) : undefined;
    if (!match) {
      at = next('<', at + 1);
      continue;
    }
    parts.push(plain(kept, at), typeof replace === 'string' ? replace : replace(plain(at, match.end), match.name));
    kept = match.end;
    at = next('<', match.end);
  }
  // Comments outside every element are spaces too. With nothing cut and no comment, the page comes back as it was
  // (slice hands back the string itself for the whole of it).
  if (parts.length === 0) return plain(0, html.length);
  parts.push(plain(kept, html.length));
  return parts.join('');
}
