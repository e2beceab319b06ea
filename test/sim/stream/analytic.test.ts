// Goal: the simulated mirror agrees with the throughput formulas (docs/evidence.md F) wherever
// they are exact: without writes the time is V / min(B, L, W/T_w) plus a round-trip term, where a
// window holds its slots for T_w = RTT + W/B with QEMU 7.2's reply completion (the additive form)
// and RTT + S/B when replies complete on arrival (migsim's client); halving the window halves a
// latency-bound throughput; zero regions travel as WRITE_ZEROES in the counts QEMU produced;
// write-blocking reaches READY at about the bulk time while throttling the guest; writes that
// dirty faster than the dirty phase drains never let it converge.
// Method: small deterministic scenarios whose answers follow from the formulas by hand.
import { describe, expect, it } from 'vitest';
import { replyCompletions, simulateMirror, type MirrorScenario } from '../../../src/sim/stream/index.js';

const MiB = 2 ** 20;
const GiB = 2 ** 30;
const ms = 1e6;

function relative(actual: number, expected: number): number {
  return Math.abs(actual - expected) / expected;
}

describe('bulk copy without guest writes', () => {
  const header = 28;

  it('costs RTT + W/B per window with QEMU 7.2\'s reply completion: the additive form ⌈V/W⌉·RTT + V/B', () => {
    const r = simulateMirror({ diskBytes: 10 * GiB, bandwidthBytesPerSecond: GiB, rttNs: 1 * ms });
    expect(r.converged).toBe(true);
    expect(r.limitedBy).toBe('link');
    // 640 windows of 16 MiB: each on the link for 16 MiB / (1 GiB/s), then 1 ms for its last reply; then the flush.
    const windows = 640;
    const wireSeconds = (10 * GiB + 10240 * header) / GiB;
    expect(relative(r.readySeconds ?? 0, wireSeconds + windows * 0.001 + 0.001)).toBeLessThan(0.001);
    expect(r.bytesTransferred).toBe(10 * GiB);
    expect(relative(r.bounds.bulkBytesPerSecond, (16 * MiB) / (0.001 + (16 * (MiB + header)) / GiB))).toBeLessThan(1e-9);
  });

  it('is link-bound at V/B plus a few round trips when replies complete on arrival and the window covers B·RTT', () => {
    const s: MirrorScenario = { diskBytes: 10 * GiB, bandwidthBytesPerSecond: GiB, rttNs: 1 * ms, replyCompletion: 'on-arrival' };
    const r = simulateMirror(s);
    expect(r.converged).toBe(true);
    expect(r.limitedBy).toBe('link');
    // V/B = 10 s; the last operation needs one more round trip and READY one flush.
    expect(relative(r.readySeconds ?? 0, 10 + 0.002)).toBeLessThan(0.002);
    expect(r.bytesTransferred).toBe(10 * GiB);
  });

  it('is window-bound at W/(RTT + S/B) when replies complete on arrival and B·RTT exceeds the 16 MiB window', () => {
    const bandwidth = 10e9 / 8;
    const r = simulateMirror({ diskBytes: 10 * GiB, bandwidthBytesPerSecond: bandwidth, rttNs: 20 * ms, replyCompletion: 'on-arrival' });
    const opSeconds = 0.020 + MiB / bandwidth;
    const expected = (10 * GiB) / ((16 * MiB) / opSeconds);
    expect(r.limitedBy).toBe('window');
    expect(relative(r.readySeconds ?? 0, expected + 0.02)).toBeLessThan(0.01);
    // The example of docs/evidence.md F: 10 Gbit/s × 20 ms = 25 MB > 16 MiB, so about 800 MiB/s.
    expect(relative(r.throughputBytesPerSecond, 800 * MiB)).toBeLessThan(0.05);
  });

  it('makes W/(RTT + W/B) at 10 Gbit/s and 20 ms with QEMU 7.2\'s reply completion, not the 800 MiB/s of W/RTT', () => {
    const bandwidth = 10e9 / 8;
    const r = simulateMirror({ diskBytes: 10 * GiB, bandwidthBytesPerSecond: bandwidth, rttNs: 20 * ms });
    const windowSeconds = 0.020 + (16 * (MiB + header)) / bandwidth;
    expect(r.limitedBy).toBe('window');
    expect(relative(r.readySeconds ?? 0, 640 * windowSeconds + 0.02)).toBeLessThan(0.001);
    expect(relative(r.throughputBytesPerSecond, 479 * MiB)).toBeLessThan(0.01);
  });

  it('names the server time when it dominates the round trip', () => {
    const s: MirrorScenario = { diskBytes: GiB, bandwidthBytesPerSecond: 10 * GiB, rttNs: 1 * ms, serviceTimeNs: 20 * ms };
    const qemu = simulateMirror(s);
    expect(qemu.limitedBy).toBe('service-time');
    expect(relative(qemu.readySeconds ?? 0, 64 * (0.021 + (16 * (MiB + header)) / (10 * GiB)))).toBeLessThan(0.02);
    const onArrival = simulateMirror({ ...s, replyCompletion: 'on-arrival' });
    expect(onArrival.limitedBy).toBe('service-time');
    expect(relative(onArrival.readySeconds ?? 0, 64 * (0.021 + MiB / (10 * GiB)))).toBeLessThan(0.02);
  });

  it('keeps to the speed limit in 100 ms slices (QEMU 7.2: 50 MiB/s → 49.8, 100 → 99.2)', () => {
    for (const speed of [50 * MiB, 100 * MiB]) {
      const r = simulateMirror({ diskBytes: 256 * MiB, bandwidthBytesPerSecond: 1.5 * GiB, rttNs: 61_000, speedLimitBytesPerSecond: speed });
      expect(r.limitedBy).toBe('speed-limit');
      expect(relative(r.throughputBytesPerSecond, speed)).toBeLessThan(0.03);
    }
  });

  it('halves a latency-bound throughput when buf-size halves the window, however replies complete', () => {
    for (const replyCompletion of replyCompletions) {
      const rate = (bufSizeBytes: number): number =>
        simulateMirror({ diskBytes: 2 * GiB, bandwidthBytesPerSecond: 10 * GiB, rttNs: 50 * ms, bufSizeBytes, replyCompletion }).throughputBytesPerSecond;
      expect(relative(rate(8 * MiB) / rate(16 * MiB), 0.5)).toBeLessThan(0.03);
      expect(relative(rate(4 * MiB) / rate(8 * MiB), 0.5)).toBeLessThan(0.03);
      expect(relative(rate(MiB) / rate(2 * MiB), 0.5)).toBeLessThan(0.03);
    }
  });

  it('uses 4 MiB operations at buf-size 64 MiB (max_io_bytes = buf/16), as QEMU 7.2 sent them (evidence Q5)', () => {
    const r = simulateMirror({ diskBytes: 256 * MiB, bandwidthBytesPerSecond: 1.5 * GiB, rttNs: 61_000, serviceTimeNs: 50 * ms, bufSizeBytes: 64 * MiB });
    expect(r.operations).toBe(64);
  });
});

describe('zero regions', () => {
  const sparse: MirrorScenario = { diskBytes: 4 * GiB, dataFraction: 1 / 16, bandwidthBytesPerSecond: 1.5 * GiB, rttNs: 61_000 };

  it('sends holes as 16 MiB WRITE_ZEROES: 256 × 1 MiB writes + 240 zero operations for 256 MiB of data in 4 GiB', () => {
    const r = simulateMirror(sparse);
    expect(r.copiedBytes).toBe(256 * MiB);
    expect(r.zeroedBytes).toBe(4 * GiB - 256 * MiB);
    expect(r.operations).toBe(256 + 240);
    expect(r.bytesTransferred).toBe(256 * MiB);
  });

  it('counts zeroes against speed unless the target zeroes with unmap (QEMU 7.2: 41.1 s vs 2.59 s)', () => {
    const counted = simulateMirror({ ...sparse, speedLimitBytesPerSecond: 100 * MiB });
    const unmapped = simulateMirror({ ...sparse, speedLimitBytesPerSecond: 100 * MiB, targetZeroesWithUnmap: true });
    expect(relative(counted.readySeconds ?? 0, 40.96)).toBeLessThan(0.01);
    expect(relative(unmapped.readySeconds ?? 0, 2.56)).toBeLessThan(0.02);
    // The pre-zeroing pass zeroes all 4 GiB, then the holes again: 7.75 GiB in total.
    expect(unmapped.zeroedBytes).toBe(8 * GiB - 256 * MiB);
  });
});

const writes = (rateMiB: number, extra: Partial<MirrorScenario> = {}): MirrorScenario => ({
  diskBytes: GiB, bandwidthBytesPerSecond: 1.5 * GiB, rttNs: 61_000, serviceTimeNs: 50 * ms, bufSizeBytes: 4 * MiB,
  guestWrites: { rateBytesPerSecond: rateMiB * MiB, writeSizeBytes: 64 * 1024, pattern: 'random' }, durationNsMax: 60e9, ...extra,
});

describe('convergence under guest writes', () => {
  it('never converges when writes dirty faster than scattered chunks drain (16 × 64 KiB per 50 ms = 20 MiB/s)', () => {
    const r = simulateMirror(writes(40));
    expect(r.converged).toBe(false);
    expect(r.readySeconds).toBeNull();
    expect(r.limitedBy).toBe('dirty-rate');
    expect(r.reason).toMatch(/drain/);
    expect(r.bounds.dirtyDrainBytesPerSecond).toBeLessThan(r.bounds.newDirtyBytesPerSecond);
  });

  it('never becomes READY while a write lands every 12.5 ms and a copy takes 50 ms, though it keeps up', () => {
    const r = simulateMirror(writes(5));
    expect(r.converged).toBe(false);
    expect(r.reason).toMatch(/never an instant with nothing dirty and nothing in flight/);
    expect(r.timeline[r.timeline.length - 1]?.remainingDirtyBytes ?? Infinity).toBeLessThan(4 * MiB);
  });

  it('becomes READY right after the bulk pass when writes are further apart than a copy (RTT 1 ms)', () => {
    const r = simulateMirror(writes(40, { serviceTimeNs: 1 * ms }));
    expect(r.converged).toBe(true);
    expect((r.readySeconds ?? Infinity) - (r.bulkSeconds ?? 0)).toBeLessThan(0.1);
  });

  it('amplifies 4 KiB writes to whole 64 KiB chunks (a = g/w = 16)', () => {
    const r = simulateMirror(writes(1, { guestWrites: { rateBytesPerSecond: MiB, writeSizeBytes: 4096, pattern: 'random' }, durationNsMax: 1e9 }));
    expect(r.bounds.newDirtyBytesPerSecond).toBe(16 * MiB);
  });

  it('in write-blocking mode reaches READY at about the bulk time and throttles the guest instead', () => {
    const bulk = simulateMirror({ ...writes(0), guestWrites: null });
    const blocking = simulateMirror(writes(40, { copyMode: 'write-blocking' }));
    expect(blocking.converged).toBe(true);
    expect(relative(blocking.readySeconds ?? 0, bulk.readySeconds ?? 0)).toBeLessThan(0.1);
    expect(blocking.guestWriteBytesPerSecond).toBeLessThan(20 * MiB);
    expect(blocking.worstWriteLatencySeconds ?? 0).toBeGreaterThan(0.05);
    expect(blocking.limitedBy).not.toBe('dirty-rate');
  });
});
