// Goal: the model reproduces the real QEMU 7.2 runs measured in the spec (nbd-and-mirror.md
// §3.5 delay 10/20/50/100 ms and buf-size 1/4/16/64 MiB, §3.6 write rates 5/20/40 MiB/s in both
// copy modes, §3.7 legacy block migration) within 15 %.
// Method: table-driven over src/sim/stream/calibration.ts. Each group of runs made the same way
// gets one start-up time T0, fitted on its anchor row; every other row is a prediction and must
// land within 15 % of the measurement. Rows marked informational (CPU-bound loopback, the known
// write-blocking throughput gap) are reported in docs/stream.md but not asserted.
import { describe, expect, it } from 'vitest';
import { calibrationGroups, runCalibration } from '../../../src/sim/stream/calibration.js';

const rows = runCalibration();
const tolerance = 0.15;

describe('calibration against the spec\'s QEMU measurements', () => {
  it.each(rows.filter((r) => r.asserted && !r.anchor).map((r) => [`${r.name} (${r.source})`, r] as const))('%s', (_label, row) => {
    expect(Number.isFinite(row.model)).toBe(true);
    expect(Math.abs(row.ratio - 1)).toBeLessThanOrEqual(tolerance);
  });

  it('fits each group\'s T0 on its anchor, and T0 stays a start-up time (0..1.5 s)', () => {
    for (const group of calibrationGroups.filter((g) => g.anchor !== null)) {
      const anchor = rows.find((r) => r.group === group.name && r.anchor);
      // Exact for runs without writes; with writes (which start at 0 whatever T0 is) within 1 %.
      expect(Math.abs((anchor?.ratio ?? 0) - 1)).toBeLessThan(0.01);
      expect(anchor?.startupSeconds ?? -1).toBeGreaterThanOrEqual(0);
      expect(anchor?.startupSeconds ?? 99).toBeLessThan(1.5);
    }
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
