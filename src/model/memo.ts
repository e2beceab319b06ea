// A bounded memo for pure, costly functions of plain data (the block-stream model behind each
// simulated migration): the same input gives the same result, so a repeated input is answered
// from the table. Bounded by entry count, oldest entry out first, so memory stays flat however
// long a fuzz campaign runs.
export class BoundedMemo<V> {
  private readonly table = new Map<string, V>();

  constructor(private readonly entriesMax: number) {}

  get size(): number {
    return this.table.size;
  }

  get(key: string, compute: () => V): V {
    const hit = this.table.get(key);
    if (hit !== undefined) {
      // Refresh: a Map keeps insertion order, so the first key is always the least recently used.
      this.table.delete(key);
      this.table.set(key, hit);
      return hit;
    }
    const value = compute();
    this.table.set(key, value);
    if (this.table.size > this.entriesMax) {
      const oldest = this.table.keys().next();
      if (!oldest.done) this.table.delete(oldest.value);
    }
    return value;
  }
}
