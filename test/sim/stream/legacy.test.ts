// Goal: the legacy in-stream block migration (migrate -b) behaves as migration/block.c does:
// one stream bound by min(B, max-bandwidth, window/RTT) and shared with RAM, 1 MiB dirty
// granularity (a 4 KiB write costs a 1 MiB re-send), switchover once what is pending fits the
// downtime limit. Method: scenarios whose answers follow from those rules by hand.
import { describe, expect, it } from 'vitest';
import { simulateLegacyBlockMigration, simulateMirror } from '../../../src/sim/stream/index.js';

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const ms = 1e6;

describe('legacy block migration', () => {
  it('is bound by the smallest of link, max-bandwidth and TCP window / RTT', () => {
    const link = simulateLegacyBlockMigration({ diskBytes: GiB, bandwidthBytesPerSecond: 50 * MiB, rttNs: 1 * ms });
    expect(link.limitedBy).toBe('link');
    expect(link.completedSeconds ?? 0).toBeCloseTo(1024 / 50, 0);
    const throttle = simulateLegacyBlockMigration({ diskBytes: GiB, bandwidthBytesPerSecond: GiB, rttNs: 1 * ms });
    expect(throttle.limitedBy).toBe('max-bandwidth');
    expect(throttle.streamBytesPerSecond).toBe(128 * MiB);
    const window = simulateLegacyBlockMigration({ diskBytes: GiB, bandwidthBytesPerSecond: GiB, rttNs: 100 * ms, maxBandwidthBytesPerSecond: GiB });
    expect(window.limitedBy).toBe('tcp-window');
    expect(window.streamBytesPerSecond).toBeCloseTo(40 * MiB, -3);
  });

  it('shares the stream with RAM', () => {
    const disk = simulateLegacyBlockMigration({ diskBytes: GiB, bandwidthBytesPerSecond: GiB, rttNs: 1 * ms });
    const withRam = simulateLegacyBlockMigration({ diskBytes: GiB, bandwidthBytesPerSecond: GiB, rttNs: 1 * ms, ramBytes: GiB });
    expect(withRam.ramBytesTransferred).toBeGreaterThanOrEqual(GiB);
    expect((withRam.completedSeconds ?? 0) - (disk.completedSeconds ?? 0)).toBeCloseTo(8, 0);
  });

  it('re-sends a whole 1 MiB chunk per small write, so 1 MiB/s of 4 KiB writes never lets it finish', () => {
    const writes = { rateBytesPerSecond: MiB, writeSizeBytes: 4096, pattern: 'random' as const };
    const legacy = simulateLegacyBlockMigration({ diskBytes: 10 * GiB, bandwidthBytesPerSecond: GiB, rttNs: 1 * ms, guestWrites: writes, durationNsMax: 600e9 });
    expect(legacy.completed).toBe(false);
    expect(legacy.limitedBy).toBe('dirty-rate');
    expect(legacy.reason).toMatch(/1 MiB per dirtied chunk/);
    // The NBD mirror dirties 64 KiB per write instead and converges on the same link.
    const mirror = simulateMirror({ diskBytes: 10 * GiB, bandwidthBytesPerSecond: GiB, rttNs: 1 * ms, guestWrites: writes, durationNsMax: 600e9 });
    expect(mirror.converged).toBe(true);
  });

  it('switches over with a downtime within the limit when writes are light', () => {
    const r = simulateLegacyBlockMigration({ diskBytes: GiB, bandwidthBytesPerSecond: GiB, rttNs: 1 * ms,
      guestWrites: { rateBytesPerSecond: 2 * MiB, writeSizeBytes: 2 * MiB, pattern: 'sequential' } });
    expect(r.completed).toBe(true);
    expect(r.downtimeSeconds ?? 1).toBeLessThanOrEqual(0.3 + 0.01);
    expect(r.blockBytesTransferred).toBeGreaterThan(GiB);
    expect(r.bulkSeconds ?? 0).toBeCloseTo(8, 0);
  });

  it('sends zero chunks as headers only with the zero-blocks capability', () => {
    const plain = simulateLegacyBlockMigration({ diskBytes: GiB, dataFraction: 0.25, bandwidthBytesPerSecond: GiB, rttNs: 1 * ms });
    const zero = simulateLegacyBlockMigration({ diskBytes: GiB, dataFraction: 0.25, bandwidthBytesPerSecond: GiB, rttNs: 1 * ms, zeroBlocks: true });
    expect(plain.blockBytesTransferred).toBeGreaterThan(GiB);
    expect(zero.blockBytesTransferred).toBeLessThan(0.26 * GiB);
  });

  it('gives the same timeline for the same seed', () => {
    const s = { diskBytes: GiB, bandwidthBytesPerSecond: GiB, rttNs: 1 * ms, seed: 7, durationNsMax: 30e9,
      guestWrites: { rateBytesPerSecond: 20 * MiB, writeSizeBytes: 65536, pattern: 'random' as const } };
    expect(simulateLegacyBlockMigration(s).timeline).toEqual(simulateLegacyBlockMigration(s).timeline);
  });
});
