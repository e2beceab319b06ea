// The byte ranges a READ reply has covered so far, to refuse overlapping chunks
// (doc/proto.md "NBD_CMD_READ": content chunks "MUST NOT overlap"). Adjacent ranges merge, so
// chunks arriving in order (the usual case) keep the set at one range.

export class RangeSet {
  /** Sorted, disjoint, non-adjacent [start, end) pairs, flattened. */
  private readonly bounds: number[] = [];
  private total = 0;

  get coveredBytes(): number {
    return this.total;
  }

  get rangeCount(): number {
    return this.bounds.length / 2;
  }

  /** Adds [start, end); false (and no change) when it overlaps a range already present. */
  add(start: number, end: number): boolean {
    const bounds = this.bounds;
    // The first range whose end is ≥ start: the only candidates for overlap or adjacency.
    let low = 0;
    let high = bounds.length / 2;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((bounds[2 * mid + 1] as number) < start) low = mid + 1;
      else high = mid;
    }
    const count = bounds.length / 2;
    // Range `low` may touch [start, end) on its left; the one after it is then the only candidate.
    const joinsPrevious = low < count && bounds[2 * low + 1] === start;
    const following = joinsPrevious ? low + 1 : low;
    if (following < count && (bounds[2 * following] as number) < end) return false;
    const joinsNext = following < count && bounds[2 * following] === end;
    this.total += end - start;
    if (joinsPrevious && joinsNext) {
      bounds.splice(2 * low + 1, 2);
    } else if (joinsPrevious) {
      bounds[2 * low + 1] = end;
    } else if (joinsNext) {
      bounds[2 * following] = start;
    } else {
      bounds.splice(2 * following, 0, start, end);
    }
    return true;
  }
}
