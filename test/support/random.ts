/** A seeded generator of integers in [0, 2^31) (an LCG): a generated test case is the same on every run, so a failure can be replayed. */
export function seededInts(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2147483648);
}
