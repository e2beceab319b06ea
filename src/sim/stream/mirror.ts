// The mirror job's main loop (block/mirror.c mirror_run) as events on the simulated clock.
//
// Each time the job runs (an operation finished, a rate-limit sleep ended, a conflict cleared):
// - it waits while MAX_IN_FLIGHT operations are in flight, while no buffer chunk is free, or
//   while nothing is dirty but operations are still in flight;
// - with nothing dirty and nothing in flight it flushes the target and becomes READY
//   (job_transition_to_ready): READY needs such an instant, which writes can deny forever;
// - otherwise it runs one iteration (mirror_iteration): take the next dirty chunk after the
//   iterator (wrapping to 0), wait if an operation is working on it, extend over consecutive dirty
//   chunks that are not in flight up to buf_size, clear their dirty bits, and issue the
//   operations; then it sleeps as long as the rate limit asks (block_job_ratelimit_sleep).
// Operations of an iteration that find no free slot (in_flight >= 16) or no buffer wait in order;
// the job runs no new iteration until they have all started (mirror_iteration blocks on slots).
import type { SimWorld } from '../world.js';
import type { DirtyBitmap } from './bitmap.js';
import type { NbdConnection } from './connection.js';
import { nbdRequestBytesMax, type NbdRequest, type RequestKind } from './connection.js';
import { mirrorInFlightMax } from './constants.js';
import type { InFlightRanges } from './in-flight.js';
import type { DiskLayout } from './layout.js';
import { splitClaim, type MirrorOp, type OpGeometry } from './operations.js';
import type { RateLimit } from './rate-limit.js';

export type MirrorState = 'starting' | 'running' | 'sleeping' | 'flushing' | 'ready';

export interface MirrorParts {
  readonly world: SimWorld;
  readonly bitmap: DirtyBitmap;
  readonly layout: DiskLayout;
  readonly connection: NbdConnection;
  readonly ranges: InFlightRanges;
  readonly limit: RateLimit;
  readonly geometry: OpGeometry;
  readonly bufChunks: number;
}

export interface MirrorHooks {
  /** Runs at the start of the job's own events, before anything changes (the sampler). */
  readonly observe: () => void;
  /** Applies guest writes due by now before the job looks at the bitmap. */
  readonly catchUp: () => void;
  /** Chunks stopped being in flight (guest writes waiting on them may go). */
  readonly released: () => void;
  readonly ready: () => void;
}

export interface MirrorCounters {
  copyBytes: number;
  zeroBytes: number;
  operations: number;
  iterations: number;
  /** When the dirty iterator first wrapped (the bulk pass had claimed everything), or null. */
  bulkClaimedNs: number | null;
}

/** One NBD request of a mirror operation; a class, so that issuing it creates no closure. */
class OpRequest implements NbdRequest {
  constructor(private readonly job: MirrorJob, readonly op: MirrorOp, readonly kind: RequestKind,
    readonly offsetBytes: number, readonly lengthBytes: number) {}

  replied(): void {
    this.job.requestReplied(this);
  }
}

export class MirrorJob {
  private stateValue: MirrorState = 'starting';
  private cursor = 0;
  private inFlight = 0;
  private inFlightBytes = 0;
  private bufFreeChunks: number;
  private readonly pending: MirrorOp[] = [];
  private pendingHead = 0;
  readonly counters: MirrorCounters = { copyBytes: 0, zeroBytes: 0, operations: 0, iterations: 0, bulkClaimedNs: null };
  readyNs: number | null = null;
  private readonly wake = (): void => {
    this.hooks.observe();
    this.stateValue = 'running';
    this.pump();
  };

  constructor(private readonly parts: MirrorParts, private readonly hooks: MirrorHooks) {
    this.bufFreeChunks = parts.bufChunks;
  }

  get state(): MirrorState {
    return this.stateValue;
  }

  /** QEMU's bytes_in_flight: bytes of operations started and not finished. */
  get bytesInFlight(): number {
    return this.inFlightBytes;
  }

  /** sync=full: mark the whole disk dirty (mirror_dirty_init) and start the main loop. */
  begin(): void {
    this.parts.bitmap.setRange(0, this.parts.bitmap.chunkCount);
    this.stateValue = 'running';
    this.pump();
  }

  /** Runs the main loop until it has to wait for something. */
  pump(): void {
    if (this.stateValue !== 'running') return;
    this.hooks.catchUp();
    for (;;) {
      if (this.pendingHead < this.pending.length) return;
      const dirty = this.parts.bitmap.dirtyCount;
      if (this.inFlight >= mirrorInFlightMax || this.bufFreeChunks === 0 || (dirty === 0 && this.inFlight > 0)) return;
      if (dirty === 0) return this.flush();
      if (!this.iterate()) return;
      const delayNs = this.parts.limit.delayNs(this.parts.world.nowNs, 0);
      if (delayNs > 0) return this.sleep(delayNs);
    }
  }

  /** One mirror_iteration; false when the next dirty chunk is being worked on (wait for it). */
  private iterate(): boolean {
    const { bitmap, ranges } = this.parts;
    let first = bitmap.nextDirty(this.cursor);
    if (first < 0) {
      first = bitmap.nextDirty(0);
      this.counters.bulkClaimedNs ??= this.parts.world.nowNs;
    }
    if (ranges.overlaps(first, first + 1)) return false;
    const limit = Math.min(this.parts.bufChunks, ranges.nextStartAfter(first) - first);
    const count = bitmap.dirtyRunLength(first, limit);
    bitmap.clearRange(first, count);
    this.cursor = first + count;
    this.counters.iterations += 1;
    const from = this.pending.length;
    splitClaim(this.parts.layout, this.parts.geometry, first, count, this.pending);
    for (let i = from; i < this.pending.length; i += 1) {
      const op = this.pending[i];
      if (op === undefined) continue;
      ranges.add(op);
      this.parts.limit.delayNs(this.parts.world.nowNs, op.accountedBytes);
    }
    this.launchPending();
    return true;
  }

  /** Starts waiting operations in order while slots and buffer chunks allow. */
  private launchPending(): void {
    while (this.pendingHead < this.pending.length && this.inFlight < mirrorInFlightMax) {
      const op = this.pending[this.pendingHead];
      if (op === undefined || this.bufFreeChunks < op.bufferChunks) break;
      this.pendingHead += 1;
      this.launch(op);
    }
    if (this.pendingHead === this.pending.length) {
      this.pending.length = 0;
      this.pendingHead = 0;
    }
  }

  private launch(op: MirrorOp): void {
    this.inFlight += 1;
    this.inFlightBytes += op.endBytes - op.offsetBytes;
    this.bufFreeChunks -= op.bufferChunks;
    this.counters.operations += 1;
    this.sendFrom(op, op.offsetBytes);
  }

  /** The NBD client sends a long operation as requests of at most 32 MiB, one after another. */
  private sendFrom(op: MirrorOp, offsetBytes: number): void {
    const lengthBytes = Math.min(nbdRequestBytesMax, op.endBytes - offsetBytes);
    this.parts.connection.submit(new OpRequest(this, op, op.method === 'copy' ? 'write' : 'write-zeroes', offsetBytes, lengthBytes));
  }

  /** @internal Called by OpRequest when the target replied. */
  requestReplied(request: OpRequest): void {
    const next = request.offsetBytes + request.lengthBytes;
    if (next < request.op.endBytes) this.sendFrom(request.op, next);
    else this.complete(request.op);
  }

  /** mirror_iteration_done: free the slot and buffer, wake whoever waited. */
  private complete(op: MirrorOp): void {
    const bytes = op.endBytes - op.offsetBytes;
    this.inFlight -= 1;
    this.inFlightBytes -= bytes;
    this.bufFreeChunks += op.bufferChunks;
    if (op.method === 'copy') this.counters.copyBytes += bytes;
    else this.counters.zeroBytes += bytes;
    this.parts.ranges.remove(op);
    this.launchPending();
    this.hooks.released();
    this.pump();
  }

  private sleep(delayNs: number): void {
    this.stateValue = 'sleeping';
    this.parts.world.after(delayNs, 'mirror-ratelimit-wake', this.wake);
  }

  /** mirror_flush, then READY; writes that land during the flush do not undo READY. */
  private flush(): void {
    this.stateValue = 'flushing';
    this.counters.bulkClaimedNs ??= this.parts.world.nowNs;
    this.parts.connection.submit({
      kind: 'flush',
      lengthBytes: 0,
      replied: () => {
        this.stateValue = 'ready';
        this.readyNs = this.parts.world.nowNs;
        this.hooks.ready();
      },
    });
  }
}
