// The two limits QEMU's mirror job waits on before it starts an op: at most MAX_IN_FLIGHT ops,
// and enough free granule-sized buffer chunks for a COPY (block/mirror.c mirror_iteration's
// `while (s->in_flight >= MAX_IN_FLIGHT)` and mirror_co_read's `while (s->buf_free_count <
// nb_chunks)`). Zero ops take a slot but no buffer.
import type { MirrorGeometry, MirrorOp } from '../../model/nbd/index.js';

export class MirrorGate {
  private inFlight = 0;
  private bufferChunksUsed = 0;
  private waiter: (() => void) | null = null;
  inFlightMax = 0;
  bufferChunksMax = 0;

  constructor(private readonly geometry: MirrorGeometry) {}

  /** Resolves once `op` may start; the mirror issues ops one at a time, so there is one waiter. */
  async acquire(op: MirrorOp): Promise<void> {
    while (!this.fits(op)) await new Promise<void>((resolve) => (this.waiter = resolve));
    this.inFlight += 1;
    this.bufferChunksUsed += op.bufferChunks;
    this.inFlightMax = Math.max(this.inFlightMax, this.inFlight);
    this.bufferChunksMax = Math.max(this.bufferChunksMax, this.bufferChunksUsed);
  }

  release(op: MirrorOp): void {
    this.inFlight -= 1;
    this.bufferChunksUsed -= op.bufferChunks;
    const wake = this.waiter;
    this.waiter = null;
    wake?.();
  }

  private fits(op: MirrorOp): boolean {
    return this.inFlight < this.geometry.inFlightMax && this.bufferChunksUsed + op.bufferChunks <= this.geometry.bufferChunks;
  }
}
