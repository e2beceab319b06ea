// The guest's write workload: writes of a fixed size issued at an even pace (write k is due at
// k × size / rate, the paced writer of the QEMU 7.2 convergence runs, docs/evidence.md Q6), at
// offsets aligned to the write size and drawn from the `guest-writes` PRNG stream:
// - random: uniform over the disk;
// - sequential: one after another, wrapping at the end of the disk;
// - hotspot: 9 writes in 10 land in a hot tenth of the disk (placed by the seed), the rest anywhere.
// Offsets use the world's integer PRNG only, so a seed gives the same writes everywhere.
import { nsPerSecond, type Prng, type SimWorld } from '../world.js';
import type { ResolvedGuestWrites } from './scenario.js';

const hotspotShareNumerator = 9;
const hotspotShareDenominator = 10;
const hotspotDiskDivisor = 10;

export interface GuestWrite {
  readonly index: number;
  readonly dueNs: number;
  readonly offsetBytes: number;
  readonly bytes: number;
}

export class GuestWriteStream {
  private readonly prng: Prng;
  private readonly slots: number;
  private readonly gapNs: number;
  private readonly hotFirstSlot: number;
  private readonly hotSlots: number;
  private index = 0;

  constructor(world: SimWorld, readonly config: ResolvedGuestWrites, readonly diskBytes: number) {
    this.prng = world.random('guest-writes');
    this.slots = Math.max(1, Math.floor(diskBytes / config.writeSizeBytes));
    this.gapNs = (config.writeSizeBytes * nsPerSecond) / config.rateBytesPerSecond;
    this.hotSlots = Math.max(1, Math.floor(this.slots / hotspotDiskDivisor));
    this.hotFirstSlot = config.pattern === 'hotspot' ? this.prng.int(0, this.slots - this.hotSlots) : 0;
  }

  /**
   * When the next write is due, or null when the workload has ended. A writer that fell behind
   * (its queue was full) issues late writes as soon as it can, but none at or after the end of
   * its run time, as fio's `runtime` stops a rate-limited job.
   */
  nextDueNs(nowNs = 0): number | null {
    const dueNs = Math.round(this.index * this.gapNs);
    const endNs = this.config.durationNs;
    return endNs !== null && Math.max(dueNs, nowNs) >= endNs ? null : dueNs;
  }

  /** Takes the next write (its offset is drawn now, so draws happen in write order). */
  take(): GuestWrite {
    const dueNs = Math.round(this.index * this.gapNs);
    const write = { index: this.index, dueNs, offsetBytes: this.nextSlot() * this.config.writeSizeBytes, bytes: this.config.writeSizeBytes };
    this.index += 1;
    return write;
  }

  private nextSlot(): number {
    switch (this.config.pattern) {
      case 'sequential':
        return this.index % this.slots;
      case 'random':
        return this.prng.int(0, this.slots - 1);
      case 'hotspot':
        if (this.prng.chance(hotspotShareNumerator, hotspotShareDenominator)) return this.hotFirstSlot + this.prng.int(0, this.hotSlots - 1);
        return this.prng.int(0, this.slots - 1);
    }
  }
}
