// The chunks that requests are working on right now: the mirror's claimed and in-flight copy
// operations and, in write-blocking mode, the guest's active writes. QEMU keeps this as
// `in_flight_bitmap` plus the `ops_in_flight` list (block/mirror.c); conflicting work waits in
// `mirror_wait_on_conflicts`. At most a few dozen ranges are live at once (16 operations, the
// pending part of one iteration, the guest's queue depth), so a short list beats a bitmap.

export interface ChunkRange {
  readonly firstChunk: number;
  /** Exclusive. */
  readonly endChunk: number;
}

export class InFlightRanges {
  private readonly ranges: ChunkRange[] = [];

  get size(): number {
    return this.ranges.length;
  }

  add(range: ChunkRange): void {
    this.ranges.push(range);
  }

  /** Removes the range object that was added (by identity); order does not matter, so swap with the last. */
  remove(range: ChunkRange): void {
    const index = this.ranges.lastIndexOf(range);
    if (index < 0) throw new Error('removing a range that is not in flight');
    const last = this.ranges.pop();
    if (last !== undefined && index < this.ranges.length) this.ranges[index] = last;
  }

  overlaps(firstChunk: number, endChunk: number): boolean {
    for (const range of this.ranges) {
      if (range.firstChunk < endChunk && firstChunk < range.endChunk) return true;
    }
    return false;
  }

  /** The first in-flight chunk after `chunk` (where a claim extending from `chunk` must stop). */
  nextStartAfter(chunk: number): number {
    let next = Number.POSITIVE_INFINITY;
    for (const range of this.ranges) {
      if (range.firstChunk > chunk && range.firstChunk < next) next = range.firstChunk;
    }
    return next;
  }
}
