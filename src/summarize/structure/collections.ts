/** Small collection helpers the structure diff uses throughout. */

/** Appends a value to the list kept under a key. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * One-to-one pairs from scored candidates, best first (ties in document order): each side is used once. Callers
 * bound the candidates (by a key index or a size cap), so this stays near-linear.
 */
export function bestPairs<A, B>(candidates: ReadonlyArray<readonly [number, A, B]>, order: (a: A, b: B) => [number, number]): Array<[A, B]> {
  const sorted = [...candidates].sort((p, q) => {
    const [pa, pb] = order(p[1], p[2]);
    const [qa, qb] = order(q[1], q[2]);
    return q[0] - p[0] || pa - qa || pb - qb;
  });
  const usedA = new Set<A>();
  const usedB = new Set<B>();
  const pairs: Array<[A, B]> = [];
  for (const [, a, b] of sorted) {
    if (usedA.has(a) || usedB.has(b)) continue;
    usedA.add(a);
    usedB.add(b);
    pairs.push([a, b]);
  }
  return pairs;
}
