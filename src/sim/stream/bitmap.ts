// The dirty bitmap of a mirror job: one bit per granularity-sized chunk, with summary levels on
// top (a word of level k+1 has bit i set when word i of level k is non-zero). This is the shape
// of QEMU's HBitmap (util/hbitmap.c), which backs BdrvDirtyBitmap (block/dirty-bitmap.c): a
// 1 TiB disk at 64 KiB granularity is 16 M chunks = 2 MiB of leaf words, finding the next dirty
// chunk costs one word per level, and ranges are set, cleared and measured a 32-chunk word at a
// time, so the simulator never touches single bytes. (A sorted interval set would be smaller
// while the disk is mostly clean or mostly dirty, but random guest writes fragment it into
// millions of runs; the word bitmap keeps every operation O(words touched).)

const wordBits = 32;
const allOnes = 0xffff_ffff;

/** The largest chunk count a bitmap accepts: 2^28 chunks (32 MiB of leaf words), e.g. 1 TiB at 4 KiB. */
export const bitmapChunksMax = 2 ** 28;

function popcount(word: number): number {
  let x = word - ((word >>> 1) & 0x5555_5555);
  x = (x & 0x3333_3333) + ((x >>> 2) & 0x3333_3333);
  x = (x + (x >>> 4)) & 0x0f0f_0f0f;
  return Math.imul(x, 0x0101_0101) >>> 24;
}

/** Index of the lowest set bit of a non-zero word. */
function lowestBit(word: number): number {
  return 31 - Math.clz32(word & -word);
}

/** Bits lo..hi (inclusive) of a word. */
function rangeMask(lo: number, hi: number): number {
  return ((allOnes >>> (31 - hi)) & (allOnes << lo)) >>> 0;
}

export class DirtyBitmap {
  /** levels[0] holds one bit per chunk; each higher level summarises the one below. */
  private readonly levels: Uint32Array[];
  private dirty = 0;

  constructor(readonly chunkCount: number) {
    if (!Number.isSafeInteger(chunkCount) || chunkCount < 1 || chunkCount > bitmapChunksMax) {
      throw new RangeError(`bitmap chunk count must be 1..${bitmapChunksMax}, got ${chunkCount}`);
    }
    const levels: Uint32Array[] = [];
    let bits = chunkCount;
    do {
      const words = Math.ceil(bits / wordBits);
      levels.push(new Uint32Array(words));
      bits = words;
    } while (bits > 1);
    this.levels = levels;
  }

  get dirtyCount(): number {
    return this.dirty;
  }

  isDirty(chunk: number): boolean {
    const word = this.leaf()[chunk >>> 5] ?? 0;
    return ((word >>> (chunk & 31)) & 1) === 1;
  }

  /** Marks chunks [first, first+count) dirty; returns how many were clean before. */
  setRange(first: number, count: number): number {
    const leaf = this.leaf();
    const end = Math.min(first + count, this.chunkCount);
    let added = 0;
    for (let chunk = first; chunk < end; ) {
      const w = chunk >>> 5;
      const hi = Math.min(end - (w << 5), wordBits) - 1;
      const old = leaf[w] ?? 0;
      const next = (old | rangeMask(chunk & 31, hi)) >>> 0;
      if (next !== old) {
        added += popcount((next ^ old) >>> 0);
        leaf[w] = next;
        if (old === 0) this.markSummary(1, w);
      }
      chunk = (w + 1) << 5;
    }
    this.dirty += added;
    return added;
  }

  /** Marks chunks [first, first+count) clean; returns how many were dirty before. */
  clearRange(first: number, count: number): number {
    const leaf = this.leaf();
    const end = Math.min(first + count, this.chunkCount);
    let removed = 0;
    for (let chunk = first; chunk < end; ) {
      const w = chunk >>> 5;
      const hi = Math.min(end - (w << 5), wordBits) - 1;
      const old = leaf[w] ?? 0;
      if (old !== 0) {
        const next = (old & ~rangeMask(chunk & 31, hi)) >>> 0;
        removed += popcount((next ^ old) >>> 0);
        leaf[w] = next;
        if (next === 0) this.clearSummary(1, w);
      }
      chunk = (w + 1) << 5;
    }
    this.dirty -= removed;
    return removed;
  }

  /** The first dirty chunk at or after `from`, or -1 (QEMU's bdrv_dirty_iter_next). */
  nextDirty(from: number): number {
    if (from >= this.chunkCount || this.dirty === 0) return -1;
    let level = 0;
    let index = Math.max(0, from);
    // Climb until a word has a set bit at or after `index`.
    for (;;) {
      const words = this.levels[level];
      if (words === undefined) return -1;
      const w = index >>> 5;
      if (w >= words.length) return -1;
      const bits = ((words[w] ?? 0) & (allOnes << (index & 31))) >>> 0;
      if (bits !== 0) {
        index = (w << 5) + lowestBit(bits);
        break;
      }
      level += 1;
      index = w + 1;
    }
    // Descend along the lowest set bits.
    while (level > 0) {
      level -= 1;
      index = (index << 5) + lowestBit(this.levels[level]?.[index] ?? 0);
    }
    return index;
  }

  /** How many consecutive dirty chunks start at `first`, looking at most `max` chunks ahead. */
  dirtyRunLength(first: number, max: number): number {
    const leaf = this.leaf();
    const end = Math.min(this.chunkCount, first + max);
    let chunk = first;
    while (chunk < end) {
      const offset = chunk & 31;
      const word = (leaf[chunk >>> 5] ?? 0) >>> offset;
      const available = wordBits - offset;
      const inverted = ~word >>> 0;
      const ones = Math.min(inverted === 0 ? wordBits : lowestBit(inverted), available);
      chunk += ones;
      if (ones < available) break;
    }
    return Math.min(chunk, end) - first;
  }

  private leaf(): Uint32Array {
    const leaf = this.levels[0];
    if (leaf === undefined) throw new Error('bitmap has no leaf level');
    return leaf;
  }

  private markSummary(level: number, index: number): void {
    for (let l = level, i = index; l < this.levels.length; l += 1, i >>>= 5) {
      const words = this.levels[l];
      if (words === undefined) return;
      const old = words[i >>> 5] ?? 0;
      words[i >>> 5] = (old | (1 << (i & 31))) >>> 0;
      if (old !== 0) return;
    }
  }

  private clearSummary(level: number, index: number): void {
    for (let l = level, i = index; l < this.levels.length; l += 1, i >>>= 5) {
      const words = this.levels[l];
      if (words === undefined) return;
      const next = ((words[i >>> 5] ?? 0) & ~(1 << (i & 31))) >>> 0;
      words[i >>> 5] = next;
      if (next !== 0) return;
    }
  }
}
