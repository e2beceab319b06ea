// Guest writes in copy-mode `background`: a write goes to the source and sets the dirty bits of
// every chunk it touches (bdrv_mirror_top_do_write → bdrv_set_dirty_bitmap); it never waits for
// the target. Because such writes affect nothing but the bitmap, they are applied lazily: just
// before the job (or the sampler) looks at the bitmap, every write due by then is applied in
// order. That is the same as one event per write, without the event queue's cost.
import type { SimWorld } from '../world.js';
import type { DirtyBitmap } from './bitmap.js';
import type { GuestWriteStream } from './guest.js';
import type { DiskLayout } from './layout.js';

export interface WriterCounters {
  writes: number;
  bytes: number;
  latencyNsMax: number;
}

export class BackgroundWriter {
  readonly counters: WriterCounters = { writes: 0, bytes: 0, latencyNsMax: 0 };

  constructor(private readonly world: SimWorld, private readonly stream: GuestWriteStream, private readonly bitmap: DirtyBitmap,
    private readonly layout: DiskLayout, private readonly granularityBytes: number) {}

  /** Applies every write due by `untilNs` (never later than now). */
  catchUp(untilNs: number = this.world.nowNs): void {
    for (let due = this.stream.nextDueNs(); due !== null && due <= untilNs && !this.world.budgetSpent; due = this.stream.nextDueNs()) {
      const write = this.stream.take();
      const firstChunk = Math.floor(write.offsetBytes / this.granularityBytes);
      const endChunk = Math.ceil((write.offsetBytes + write.bytes) / this.granularityBytes);
      this.bitmap.setRange(firstChunk, endChunk - firstChunk);
      this.layout.markWritten(firstChunk, endChunk - firstChunk);
      this.counters.writes += 1;
      this.counters.bytes += write.bytes;
      this.world.charge(1);
    }
  }
}
