// What the source disk holds, as block status reports it (bdrv_block_status_above): data, or
// zeroes that the mirror sends as WRITE_ZEROES without a payload. The first `dataFraction` of the
// disk holds data and the rest is a hole, like a thin image whose guest filled it from the start
// (the sparse 4 GiB QEMU 7.2 run of docs/evidence.md Q5, 256 MiB of data at 1 GiB, has the same
// run counts). Chunks the guest
// writes during the copy become data.
import { DirtyBitmap } from './bitmap.js';

export interface StatusRun {
  readonly data: boolean;
  readonly chunks: number;
}

export class DiskLayout {
  /** Chunks of the hole written by the guest since the job started; null when the disk is all data. */
  private readonly written: DirtyBitmap | null;

  constructor(readonly chunkCount: number, readonly dataChunks: number) {
    this.written = dataChunks < chunkCount ? new DirtyBitmap(chunkCount) : null;
  }

  markWritten(firstChunk: number, chunkCount: number): void {
    if (this.written !== null && firstChunk + chunkCount > this.dataChunks) {
      const from = Math.max(firstChunk, this.dataChunks);
      this.written.setRange(from, firstChunk + chunkCount - from);
    }
  }

  /** The run of chunks starting at `first` that share its status, at most `max` long. */
  statusRun(first: number, max: number): StatusRun {
    if (first < this.dataChunks) {
      let chunks = Math.min(this.dataChunks - first, max);
      if (chunks < max && this.written !== null) chunks += this.written.dirtyRunLength(first + chunks, max - chunks);
      return { data: true, chunks };
    }
    if (this.written === null) return { data: true, chunks: max };
    if (this.written.isDirty(first)) return { data: true, chunks: this.written.dirtyRunLength(first, max) };
    const next = this.written.nextDirty(first);
    return { data: false, chunks: next < 0 ? max : Math.min(next - first, max) };
  }
}
