// A bounded memo for pure, costly functions of plain data (the block-stream model behind each
// simulated migration, parsed cookies, side profiles): the same input gives the same result, so a
// repeated input is answered from the table.
//
// Two generations, as quick-lru keeps them: new entries go into `recent`; when it is full it
// becomes `previous` and a fresh `recent` starts; a hit in `previous` is copied back into
// `recent`. So at most `entriesMax` entries are kept, whatever is used at least once per
// half-table of misses stays, and memory stays flat however long a fuzz campaign runs.
//
// Why not one Map kept in least-recently-used order (delete + set on every hit, as before): under
// a fuzz campaign's hit rate that rewrites the table on almost every call, and V8 rebuilds the
// whole backing store again and again. Measured on profileFromSpec alone (20,000 generated side
// specs, an 8-entry memo, `node --trace-gc-nvp`): 1.74 MB promoted to the old generation per
// young-generation collection before, 0.34 MB now (as much as with no memo at all), and 1.67x
// the calls a second. A whole handshake campaign promotes as much as before: what it promotes is
// the new entries themselves, which a cache that keeps them must keep.
export class BoundedMemo<V> {
  private recent = new Map<string, V>();
  private previous = new Map<string, V>();
  private readonly generationEntriesMax: number;

  /** `entriesMax` below 2 counts as 2 (one entry per generation). */
  constructor(entriesMax: number) {
    this.generationEntriesMax = Math.max(1, Math.floor(entriesMax / 2));
  }

  /** Entries held now, at most `entriesMax` (a key held in both generations counts twice). */
  get size(): number {
    return this.recent.size + this.previous.size;
  }

  get(key: string, compute: () => V): V {
    const hit = this.recent.get(key);
    if (hit !== undefined) return hit;
    const older = this.previous.get(key);
    const value = older !== undefined ? older : compute();
    this.remember(key, value);
    return value;
  }

  private remember(key: string, value: V): void {
    if (this.recent.size >= this.generationEntriesMax) {
      this.previous = this.recent;
      this.recent = new Map();
    }
    this.recent.set(key, value);
  }
}
