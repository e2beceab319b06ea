// What the disks hold, in just enough detail to tell a correct copy from a wrong one: each disk is
// a few chunks of values. A qcow2 disk on a backing image keeps its first chunks in the backing
// image (which the destination has too when the admin pre-created an overlay on the same backing
// file, as --copy-storage-inc requires) and the rest, and every guest write, in the overlay.
// A copy with sync=top (blockdev-mirror for --copy-storage-inc, or `migrate inc`) moves only the
// overlay's chunks; sync=full (and `migrate blk`) moves them all (block/mirror.c: MIRROR_SYNC_MODE_TOP
// skips what the backing chain below the top image provides).
import type { DiskConfig } from '../../model/migration/types.js';
import type { Prng } from '../prng.js';

/** Chunks per disk: enough to tell copied from not copied, and top from full. */
export const chunksPerDisk = 16;
/** Chunks of a backed disk that live in its backing image until the guest writes them. */
const backingChunks = chunksPerDisk / 2;

export class DiskContent {
  /** Per disk, 1 where the chunk's data is in the top image (0: still the backing image's). */
  private readonly overlay = new Map<string, Uint8Array>();

  constructor(private readonly source: Map<string, Uint32Array>, private readonly target: Map<string, Uint32Array>) {}

  /**
   * Fills both hosts: the source's data; the destination's copy is the same array for a shared
   * disk, the backing image alone for a backed disk copied incrementally, and zeroes otherwise.
   */
  fill(disks: readonly DiskConfig[], random: Prng, incremental: boolean): void {
    for (const disk of disks) {
      const chunks = Uint32Array.from({ length: chunksPerDisk }, () => random.nextUint32() | 1);
      this.source.set(disk.target, chunks);
      const top = new Uint8Array(chunksPerDisk).fill(1);
      if (disk.backing) top.fill(0, 0, backingChunks);
      this.overlay.set(disk.target, top);
      if (disk.shared) {
        this.target.set(disk.target, chunks);
        continue;
      }
      const copy = new Uint32Array(chunksPerDisk);
      if (disk.backing && incremental) copy.set(chunks.subarray(0, backingChunks));
      this.target.set(disk.target, copy);
    }
  }

  /** A guest write lands in the top image. */
  write(disk: string, chunk: number, value: number): void {
    const image = this.source.get(disk);
    if (!image) return;
    image[chunk] = value;
    const top = this.overlay.get(disk);
    if (top) top[chunk] = 1;
  }

  /** Copies a source disk into `into` as a job with this sync mode would. */
  copy(disk: string, into: Uint32Array, sync: 'full' | 'top'): void {
    const from = this.source.get(disk);
    if (!from || from === into) return;
    if (sync === 'full') {
      into.set(from);
      return;
    }
    const top = this.overlay.get(disk);
    for (let chunk = 0; chunk < from.length; chunk += 1) if (top?.[chunk] === 1) into[chunk] = from[chunk] ?? 0;
  }

  /** Whether two images hold the same data. */
  static same(a: Uint32Array | undefined, b: Uint32Array | undefined): boolean {
    return a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
  }
}
