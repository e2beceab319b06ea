// Guest writes in copy-mode `write-blocking` (block/mirror.c bdrv_mirror_top_do_write with
// copy_to_target): each write first waits until no mirror operation or other active write is
// working on any chunk it touches (active_write_prepare → mirror_wait_on_conflicts), then is
// written to the source and synchronously to the target through the same NBD connection
// (do_sync_target_write), clearing the dirty bits of the chunks it covers entirely. An unaligned
// head or tail whose chunk is still dirty is not sent (the background copy will carry it), so a
// 4 KiB write into a dirty 64 KiB chunk costs nothing on the wire. Active writes do not use the
// job's 16 slots, but they do share the NBD client's 16 requests and the link's queue. The
// guest keeps at most `queueDepth` writes outstanding, so a slow target throttles it: that is
// the price of reaching READY on time.
import type { SimWorld } from '../world.js';
import type { WriterCounters } from './background-writer.js';
import type { DirtyBitmap } from './bitmap.js';
import type { NbdConnection } from './connection.js';
import type { GuestWrite, GuestWriteStream } from './guest.js';
import type { ChunkRange, InFlightRanges } from './in-flight.js';
import type { DiskLayout } from './layout.js';

export interface ActiveWriterParts {
  readonly world: SimWorld;
  readonly stream: GuestWriteStream;
  readonly bitmap: DirtyBitmap;
  readonly layout: DiskLayout;
  readonly connection: NbdConnection;
  readonly ranges: InFlightRanges;
  readonly granularityBytes: number;
}

export interface ActiveWriterHooks {
  /** Runs at the start of the writer's own events, before anything changes (the sampler). */
  readonly observe: () => void;
  /** Whether the mirror filter is copying writes to the target (false before the job starts). */
  readonly copying: () => boolean;
  readonly released: () => void;
}

interface OutstandingWrite {
  readonly write: GuestWrite;
  readonly issuedNs: number;
  readonly range: ChunkRange;
}

export class ActiveWriter {
  readonly counters: WriterCounters = { writes: 0, bytes: 0, latencyNsMax: 0 };
  private slotsFree: number;
  private waiting: OutstandingWrite[] = [];
  private readonly started = new Set<OutstandingWrite>();
  private wakeScheduled = false;
  private bytesInTransit = 0;

  constructor(private readonly parts: ActiveWriterParts, private readonly hooks: ActiveWriterHooks, queueDepth: number) {
    this.slotsFree = queueDepth;
  }

  /** QEMU's active_write_bytes_in_flight. */
  get bytesInFlight(): number {
    return this.bytesInTransit;
  }

  /** The longest a write has waited so far, counting writes still outstanding. */
  latencyNsMax(): number {
    let worst = this.counters.latencyNsMax;
    const nowNs = this.parts.world.nowNs;
    for (const w of this.waiting) worst = Math.max(worst, nowNs - w.issuedNs);
    for (const w of this.started) worst = Math.max(worst, nowNs - w.issuedNs);
    return worst;
  }

  start(): void {
    this.scheduleNext();
  }

  /** Starts every waiting write whose chunks are free now, oldest first. */
  retryWaiting(): void {
    if (this.waiting.length === 0) return;
    this.waiting = this.waiting.filter((w) => !this.tryStart(w));
  }

  private scheduleNext(): void {
    if (this.wakeScheduled || this.slotsFree === 0) return;
    const dueNs = this.parts.stream.nextDueNs(this.parts.world.nowNs);
    if (dueNs === null) return;
    this.wakeScheduled = true;
    this.parts.world.at(Math.max(this.parts.world.nowNs, dueNs), 'guest-write', () => {
      this.hooks.observe();
      this.wakeScheduled = false;
      this.issue();
      this.scheduleNext();
    });
  }

  private issue(): void {
    const write = this.parts.stream.take();
    const g = this.parts.granularityBytes;
    const range = { firstChunk: Math.floor(write.offsetBytes / g), endChunk: Math.ceil((write.offsetBytes + write.bytes) / g) };
    const outstanding = { write, issuedNs: this.parts.world.nowNs, range };
    if (!this.hooks.copying()) {
      // Before the job starts the write only reaches the source; the bulk pass copies it later.
      this.parts.layout.markWritten(range.firstChunk, range.endChunk - range.firstChunk);
      this.record(outstanding);
      return;
    }
    this.slotsFree -= 1;
    if (!this.tryStart(outstanding)) this.waiting.push(outstanding);
  }

  private tryStart(w: OutstandingWrite): boolean {
    const { ranges, bitmap, layout, connection } = this.parts;
    if (ranges.overlaps(w.range.firstChunk, w.range.endChunk)) return false;
    ranges.add(w.range);
    this.started.add(w);
    layout.markWritten(w.range.firstChunk, w.range.endChunk - w.range.firstChunk);
    const sent = this.targetPart(w.write);
    if (sent === null) {
      // Only dirty padding: nothing goes to the target now; the background copy will.
      this.parts.world.after(0, 'guest-write-local', () => {
        this.hooks.observe();
        this.finish(w, 0);
      });
      return true;
    }
    const g = this.parts.granularityBytes;
    const resetFirst = Math.ceil(sent.offsetBytes / g);
    const resetEnd = Math.floor((sent.offsetBytes + sent.bytes) / g);
    if (resetEnd > resetFirst) bitmap.clearRange(resetFirst, resetEnd - resetFirst);
    this.bytesInTransit += sent.bytes;
    connection.submit({ kind: 'write', lengthBytes: sent.bytes, replied: () => this.finish(w, sent.bytes) });
    return true;
  }

  /**
   * do_sync_target_write: an unaligned head or tail whose chunk is dirty is not copied (the
   * background copy will do it, and copying it could not clear the bit); null if nothing is left.
   */
  private targetPart(write: GuestWrite): { readonly offsetBytes: number; readonly bytes: number } | null {
    const g = this.parts.granularityBytes;
    const bitmap = this.parts.bitmap;
    let offsetBytes = write.offsetBytes;
    let bytes = write.bytes;
    if (offsetBytes % g !== 0 && bitmap.isDirty(Math.floor(offsetBytes / g))) {
      const head = Math.ceil(offsetBytes / g) * g - offsetBytes;
      if (bytes <= head) return null;
      offsetBytes += head;
      bytes -= head;
    }
    const tail = (offsetBytes + bytes) % g;
    if (tail !== 0 && bitmap.isDirty(Math.floor((offsetBytes + bytes - 1) / g))) {
      if (bytes <= tail) return null;
      bytes -= tail;
    }
    return { offsetBytes, bytes };
  }

  private finish(w: OutstandingWrite, sentBytes: number): void {
    this.parts.ranges.remove(w.range);
    this.started.delete(w);
    this.bytesInTransit -= sentBytes;
    this.slotsFree += 1;
    this.record(w);
    this.hooks.released();
    this.scheduleNext();
  }

  private record(w: OutstandingWrite): void {
    this.counters.writes += 1;
    this.counters.bytes += w.write.bytes;
    this.counters.latencyNsMax = Math.max(this.counters.latencyNsMax, this.parts.world.nowNs - w.issuedNs);
  }
}

