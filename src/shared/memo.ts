/**
 * A remembered pure function of a string, for text that a run reads again and again (the lines two versions of a
 * page share, the next summary's old version). Bounded by the characters of its keys: past the bound it starts
 * afresh (a key longer than the bound is never kept), so a long replay or check holds at most that much. What it
 * holds never changes an answer, since the value depends on the key alone.
 */
export class StringMemo<V> {
  private readonly map = new Map<string, V>();
  private chars = 0;

  constructor(
    private readonly compute: (key: string) => V,
    private readonly maxChars: number,
  ) {}

  get(key: string): V {
    let value = this.map.get(key);
    if (value === undefined) {
      value = this.compute(key);
      if (key.length > this.maxChars) return value;
      if (this.chars + key.length > this.maxChars) {
        this.map.clear();
        this.chars = 0;
      }
      this.map.set(key, value);
      this.chars += key.length;
    }
    return value;
  }
}
