// The state of one legacy block migration (migration/block.c) and what happens in one 100 ms
// window of the migration thread: the bulk pass walks the disk in 1 MiB chunks, then dirty
// chunks are re-sent, block first (block_save_iterate) and RAM with what is left of the window.
import { nsPerSecond, type SimWorld } from '../world.js';
import { DirtyBitmap } from './bitmap.js';
import { legacyBlockBytes, migrationMaxBandwidthDefaultBytesPerSecond } from './constants.js';
import type { GuestWriteStream } from './guest.js';
import type { LegacyLimitedBy, LegacyScenario } from './legacy-scenario.js';
import type { ResolvedGuestWrites } from './scenario.js';

/** The record header of one chunk: be64 sector|flags, a 1-byte name length and the name ("drive0"). */
const chunkHeaderBytes = 8 + 1 + 6;
const tcpWindowDefaultBytes = 4 * 1024 * 1024;

export interface LegacyConfig {
  readonly s: LegacyScenario;
  readonly streamBytesPerSecond: number;
  readonly limitedBy: Exclude<LegacyLimitedBy, 'dirty-rate'>;
  readonly chunkCount: number;
  readonly dataChunks: number;
  readonly writes: ResolvedGuestWrites | null;
}

export function configure(s: LegacyScenario): LegacyConfig {
  const rttSeconds = Math.max(s.rttNs, 1) / nsPerSecond;
  const candidates: [LegacyConfig['limitedBy'], number][] = [
    ['link', s.bandwidthBytesPerSecond],
    ['max-bandwidth', s.maxBandwidthBytesPerSecond ?? migrationMaxBandwidthDefaultBytesPerSecond],
    ['tcp-window', (s.tcpWindowBytes ?? tcpWindowDefaultBytes) / rttSeconds],
  ];
  const [limitedBy, streamBytesPerSecond] = candidates.reduce((best, next) => (next[1] < best[1] ? next : best));
  const chunkCount = Math.ceil(s.diskBytes / legacyBlockBytes);
  const writes = s.guestWrites && s.guestWrites.rateBytesPerSecond > 0
    ? { ...s.guestWrites, durationNs: s.guestWrites.durationNs ?? null, queueDepth: s.guestWrites.queueDepth ?? 8 } : null;
  const dataChunks = (s.dataFraction ?? 1) >= 1 ? chunkCount : Math.floor((s.dataFraction ?? 1) * chunkCount);
  return { s, streamBytesPerSecond, limitedBy, chunkCount, dataChunks, writes };
}

/** Mutable state of one legacy migration. */
export class LegacyMigration {
  private readonly bitmap: DirtyBitmap;
  private readonly written: DirtyBitmap;
  private bulkCursor = 0;
  private dirtyCursor = 0;
  private creditBytes = 0;
  ramRemainingBytes: number;
  blockBytes = 0;
  ramBytes = 0;
  guestBytes = 0;
  bulkDoneNs: number | null = null;
  switchoverNs: number | null = null;
  downtimeNs: number | null = null;

  constructor(private readonly world: SimWorld, private readonly c: LegacyConfig, private readonly stream: GuestWriteStream | null) {
    this.bitmap = new DirtyBitmap(c.chunkCount);
    this.written = new DirtyBitmap(c.chunkCount);
    this.ramRemainingBytes = c.s.ramBytes ?? 0;
  }

  /** Block bytes still to send: the rest of the bulk pass plus dirty chunks. */
  blockPendingBytes(): number {
    return (this.c.chunkCount - this.bulkCursor + this.bitmap.dirtyCount) * legacyBlockBytes;
  }

  /** One 100 ms window of the migration thread. */
  window(windowNs: number): void {
    this.catchUpWrites();
    this.creditBytes += (this.c.streamBytesPerSecond * windowNs) / nsPerSecond;
    while (this.creditBytes > 0 && this.sendBlockChunk()) { /* block first (block_save_iterate) */ }
    const ramSent = Math.max(0, Math.min(this.creditBytes, this.ramRemainingBytes));
    this.ramRemainingBytes -= ramSent;
    this.ramBytes += ramSent;
    // Bandwidth left unused in a window is lost; an overdraft (the last chunk) carries over.
    this.creditBytes = Math.min(this.creditBytes - ramSent, 0);
    this.dirtyRam(windowNs);
    if (this.bulkDoneNs === null && this.bulkCursor >= this.c.chunkCount) this.bulkDoneNs = this.world.nowNs;
  }

  /** With the VM stopped, sends everything still pending (block_save_complete, ram_save_complete). */
  sendRestSynchronously(): number {
    const pendingBytes = this.blockPendingBytes() + this.ramRemainingBytes;
    this.blockBytes += this.blockPendingBytes();
    this.ramBytes += this.ramRemainingBytes;
    this.bulkCursor = this.c.chunkCount;
    this.bitmap.clearRange(0, this.c.chunkCount);
    this.ramRemainingBytes = 0;
    return pendingBytes;
  }

  /** Sends the next bulk chunk or dirty chunk; false when there is nothing to send. */
  private sendBlockChunk(): boolean {
    let chunk: number;
    if (this.bulkCursor < this.c.chunkCount) {
      chunk = this.bulkCursor;
      this.bulkCursor += 1;
    } else {
      chunk = this.bitmap.nextDirty(this.dirtyCursor);
      if (chunk < 0) chunk = this.bitmap.nextDirty(0);
      if (chunk < 0) return false;
      this.dirtyCursor = chunk + 1;
    }
    // mig_save_device_bulk / mig_save_device_dirty reset the chunk's dirty bit when reading it.
    this.bitmap.clearRange(chunk, 1);
    const bytes = chunkHeaderBytes + (this.isZero(chunk) && this.c.s.zeroBlocks ? 0 : legacyBlockBytes);
    this.creditBytes -= bytes;
    this.blockBytes += bytes;
    return true;
  }

  private isZero(chunk: number): boolean {
    return chunk >= this.c.dataChunks && !this.written.isDirty(chunk);
  }

  private catchUpWrites(): void {
    if (this.stream === null) return;
    for (let due = this.stream.nextDueNs(); due !== null && due <= this.world.nowNs; due = this.stream.nextDueNs()) {
      const write = this.stream.take();
      const first = Math.floor(write.offsetBytes / legacyBlockBytes);
      const end = Math.ceil((write.offsetBytes + write.bytes) / legacyBlockBytes);
      // Chunks the bulk pass has not reached yet will be read fresh (their bit is reset then).
      const dirtyEnd = Math.min(end, this.bulkCursor);
      if (dirtyEnd > first) this.bitmap.setRange(first, dirtyEnd - first);
      this.written.setRange(first, end - first);
      this.guestBytes += write.bytes;
    }
  }

  /** RAM pages dirtied in a window; only clean pages add to what is left to send. */
  private dirtyRam(windowNs: number): void {
    const ramBytes = this.c.s.ramBytes ?? 0;
    const rate = this.c.s.ramDirtyBytesPerSecond ?? 0;
    if (ramBytes === 0 || rate === 0) return;
    const cleanFraction = 1 - this.ramRemainingBytes / ramBytes;
    this.ramRemainingBytes = Math.min(ramBytes, this.ramRemainingBytes + (rate * windowNs * cleanFraction) / nsPerSecond);
  }
}

