import type { Element } from 'domhandler';

/**
 * What an element's class attribute says about it. Utility frameworks write conditional styles as class tokens
 * ("md:col-span-6", "toc-visible:@md:col-start-2", "[&_a]:underline", "scroll-mt-[var(--toc-h)]"): a variant prefix
 * or an arbitrary value styles the element under a condition, it does not name it. Only the plain tokens name it.
 */

export interface ClassToken {
  /** The variant prefixes, outermost first ("md", "focus", "toc-visible", "@lg"). */
  variants: string[];
  /** The token after its variants, arbitrary values ("[...]") cut out. */
  name: string;
}

function splitVariants(token: string): ClassToken {
  const variants: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token[i];
    if (c === '[' || c === '(') depth++;
    else if ((c === ']' || c === ')') && depth > 0) depth--;
    else if (c === ':' && depth === 0) {
      variants.push(token.slice(start, i));
      start = i + 1;
    }
  }
  return { variants, name: token.slice(start).replace(/\[[^\]]*\]|\([^)]*\)/g, '') };
}

/**
 * Parsed class attributes by their text. Several rules read the tokens of the same elements, and a template repeats
 * the same class attribute on many of them; the parse depends on the text alone. Bounded: a page rarely has more
 * than a few hundred distinct class attributes, and the map starts afresh past the bound.
 */
const parsed = new Map<string, readonly ClassToken[]>();
const PARSED_MAX = 4096;

function frozenToken(text: string): ClassToken {
  const token = splitVariants(text);
  Object.freeze(token.variants);
  return Object.freeze(token);
}

export function classTokens(el: Element): readonly ClassToken[] {
  const cls = el.attribs.class;
  if (!cls) return [];
  let tokens = parsed.get(cls);
  if (tokens === undefined) {
    if (parsed.size >= PARSED_MAX) parsed.clear();
    tokens = Object.freeze(cls.split(/\s+/).filter(Boolean).map(frozenToken));
    parsed.set(cls, tokens);
  }
  return tokens;
}

/**
 * The names of each parsed class attribute: classTokens hands every element with the same attribute the same frozen
 * tokens, and rules ask for the names of most elements of a page (a WeakMap: it holds nothing the parse memo dropped).
 */
const namesOf = new WeakMap<readonly ClassToken[], readonly string[]>();
const NO_NAMES: readonly string[] = Object.freeze([]);

/** The class tokens that name the element: no variant prefix, arbitrary values cut out. */
export function classNames(el: Element): readonly string[] {
  const tokens = classTokens(el);
  if (tokens.length === 0) return NO_NAMES;
  let names = namesOf.get(tokens);
  if (names === undefined) {
    names = Object.freeze(tokens.filter((t) => t.variants.length === 0 && t.name !== '').map((t) => t.name));
    namesOf.set(tokens, names);
  }
  return names;
}
