// Goal: the model reproduces the real QEMU 7.2 runs recorded in docs/evidence.md (Q5: delay
// 10/20/50/100 ms and buf-size 1/4/16/64 MiB; Q6: write rates 5/20/40 MiB/s in both copy modes;
// Q7: legacy block migration) within 15 %.
// Method: table-driven over src/sim/stream/calibration.ts. A group of runs made the same way may
// fit its start-up time T0 and its per-request latency on named anchor rows (the 1 GiB delay
// series fits nothing); every other row is a prediction and must land within 15 % of the
// measurement. Rows marked informational (CPU-bound loopback, the known write-blocking
// throughput gap) are reported in docs/stream.md but not asserted.
import { describe, expect, it } from 'vitest';
import { calibrationGroups, loopbackBandwidthBytesPerSecond, loopbackRttNs, runCalibration } from '../../../src/sim/stream/calibration.js';
import { simulateMirror } from '../../../src/sim/stream/index.js';

const rows = runCalibration();
const tolerance = 0.15;

describe('calibration against the QEMU 7.2 measurements of docs/evidence.md', () => {
  it.each(rows.filter((r) => r.asserted && r.anchor === null).map((r) => [`${r.name} (${r.source})`, r] as const))('%s', (_label, row) => {
    expect(Number.isFinite(row.model)).toBe(true);
    expect(Math.abs(row.ratio - 1)).toBeLessThanOrEqual(tolerance);
  });

  it('fits each group\'s parameters on its anchors only, and they stay physical (T0 0..1.5 s, latency 61 µs..5 ms)', () => {
    for (const group of calibrationGroups.filter((g) => g.mirror)) {
      const groupRows = rows.filter((r) => r.group === group.name);
      const anchors = groupRows.filter((r) => r.anchor !== null);
      expect(anchors.map((r) => r.name).sort()).toEqual([group.startupAnchor, group.latencyAnchor].filter((n) => n !== null).sort());
      // Exact for runs without writes; with writes (which start at 0 whatever T0 is) within 1 %.
      for (const anchor of anchors) expect(Math.abs(anchor.ratio - 1)).toBeLessThan(0.01);
      const { startupSeconds, requestLatencyMs } = groupRows[0] ?? { startupSeconds: null, requestLatencyMs: null };
      expect(startupSeconds ?? -1).toBeGreaterThanOrEqual(0);
      expect(startupSeconds ?? 99).toBeLessThan(1.5);
      if (group.startupAnchor === null) expect(startupSeconds).toBe(0);
      expect(requestLatencyMs ?? 0).toBeGreaterThanOrEqual(loopbackRttNs / 1e6);
      expect(requestLatencyMs ?? 99).toBeLessThan(5);
      if (group.latencyAnchor === null) expect(requestLatencyMs).toBe(loopbackRttNs / 1e6);
    }
  });

  it('needs QEMU 7.2\'s reply completion to explain the 1 GiB delay series without a start-up time', () => {
    // Completing on arrival, the next window's transfer hides in the current round trip: 64 windows
    // of 10 ms plus one transfer, about half of the measured 1.24 s at delay 10 ms.
    const delay10 = { diskBytes: 2 ** 30, bandwidthBytesPerSecond: loopbackBandwidthBytesPerSecond, rttNs: loopbackRttNs, serviceTimeNs: 10e6 };
    const onArrival = simulateMirror({ ...delay10, replyCompletion: 'on-arrival' }).readySeconds ?? 0;
    expect(onArrival / 1.24).toBeLessThan(0.6);
    expect(Math.abs((simulateMirror(delay10).readySeconds ?? 0) / 1.24 - 1)).toBeLessThan(0.15);
  });

  it('covers every measured case the issue names', () => {
    const names = rows.map((r) => r.name);
    for (const delay of [10, 20, 50, 100]) expect(names).toContain(`delay ${delay} ms`);
    for (const buf of [1, 4, 16, 64]) expect(names).toContain(`buf-size ${buf} MiB`);
    for (const rate of [5, 20, 40]) expect(names).toContain(`background ${rate} MiB/s`);
    expect(names).toContain('write-blocking 40 MiB/s');
  });

  it('throttles the guest in write-blocking mode, as QEMU did (40 MiB/s asked, far less achieved)', () => {
    const guest = rows.find((r) => r.name === 'write-blocking guest rate');
    expect(guest?.model ?? 40).toBeLessThan(20);
  });
});
