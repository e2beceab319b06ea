// The block job's `speed` limit: QEMU's RateLimit (include/qemu/ratelimit.h,
// ratelimit_calculate_delay) with slices of BLOCK_JOB_SLICE_TIME = 100 ms. The mirror accounts
// each operation's bytes when it issues it (block_job_ratelimit_processed_bytes) and, after each
// iteration, sleeps until the slice's quota covers everything dispatched since the slice began
// (block_job_ratelimit_sleep). So a 16 MiB iteration at 50 MiB/s (5 MiB per slice) sleeps
// 16/5 slices, and the average rate is the limit.
import { nsPerSecond } from '../world.js';
import { blockJobSliceNs } from './constants.js';

export class RateLimit {
  private readonly sliceQuotaBytes: number;
  private sliceStartNs = 0;
  private sliceEndNs = -1;
  private dispatchedBytes = 0;

  /** `bytesPerSecond` null means unlimited (speed 0). */
  constructor(readonly bytesPerSecond: number | null, readonly sliceNs = blockJobSliceNs) {
    this.sliceQuotaBytes = bytesPerSecond === null ? 0 : (bytesPerSecond * sliceNs) / nsPerSecond;
  }

  /** ratelimit_calculate_delay(limit, bytes): accounts `bytes` and returns how long to wait. */
  delayNs(nowNs: number, bytes: number): number {
    if (this.sliceQuotaBytes === 0) return 0;
    if (this.sliceEndNs < nowNs) {
      // The previous (possibly extended) slice is over: start accounting afresh.
      this.sliceStartNs = nowNs;
      this.sliceEndNs = nowNs + this.sliceNs;
      this.dispatchedBytes = 0;
    }
    this.dispatchedBytes += bytes;
    if (this.dispatchedBytes < this.sliceQuotaBytes) return 0;
    // Quota exceeded: the slice ends once the excess has been paid for.
    const delaySlices = this.dispatchedBytes / this.sliceQuotaBytes;
    this.sliceEndNs = this.sliceStartNs + Math.floor(delaySlices * this.sliceNs);
    return this.sliceEndNs - nowNs;
  }
}
