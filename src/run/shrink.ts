/**
 * A drastic loss of text: the new version keeps less than 40% of a text that had a real size.
 * Broken renders and half-served pages look like this far more often than real rewrites do.
 */
export function isDrasticShrink(before: string, after: string): boolean {
  const words = (s: string) => s.split(/\s+/).filter(Boolean).length;
  const old = words(before);
  return old >= 120 && words(after) < old * 0.4;
}
