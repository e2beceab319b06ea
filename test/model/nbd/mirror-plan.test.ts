// Goal: the op stream our client replays has QEMU's shape (block/mirror.c mirror_iteration):
// COPY ops of max(buf/16, 1 MiB), one WRITE_ZEROES per zero run inside an iteration, iterations
// of buf-size, and the last op clipped at the end of the disk. Method: fixed examples from the
// QEMU 7.2 measurements (docs/evidence.md Q5: 1 MiB ops at the default buf-size, 4 MiB at 64 MiB,
// 16 MiB zero ops on a sparse disk), then properties over random layouts: ops tile the disk in order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mirrorGeometry, planMirror, type MirrorGeometry } from '../../../src/model/nbd/index.js';

const MiB = 1024 * 1024;

function geometry(diskBytes: number, bufSizeBytes?: number, granularityBytes?: number): MirrorGeometry {
  const result = mirrorGeometry({ diskBytes, bufSizeBytes, granularityBytes });
  if (!result.ok) throw new Error(result.message);
  return result.geometry;
}

function histogram(ops: Iterable<{ kind: string; lengthBytes: number }>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const op of ops) out[`${op.kind}:${op.lengthBytes}`] = (out[`${op.kind}:${op.lengthBytes}`] ?? 0) + 1;
  return out;
}

describe('mirror op plan', () => {
  it('copies a data disk in 1 MiB ops at the default buf-size, 4 MiB ops at 64 MiB (as QEMU 7.2 did, evidence Q5)', () => {
    expect(histogram(planMirror(geometry(64 * MiB), () => false))).toEqual({ 'copy:1048576': 64 });
    expect(histogram(planMirror(geometry(256 * MiB, 64 * MiB), () => false))).toEqual({ 'copy:4194304': 64 });
    expect(geometry(1, 1 * MiB)).toMatchObject({ copyBytesMax: MiB, bufferChunks: 16, inFlightMax: 16 });
  });

  it('sends each zero run of an iteration as one WRITE_ZEROES, up to buf-size (16 MiB zeroes, as QEMU 7.2 did, evidence Q5)', () => {
    const disk = 64 * MiB;
    const dataEnd = 8 * MiB;
    const ops = [...planMirror(geometry(disk), (offset) => offset >= dataEnd)];
    expect(histogram(ops)).toEqual({ 'copy:1048576': 8, 'zero:8388608': 1, 'zero:16777216': 3 });
  });

  it('rounds buf-size up to the granularity and clips the last op at the end of the disk', () => {
    const g = geometry(5 * MiB + 1000, 3 * MiB + 1, 1 * MiB);
    expect(g.bufSizeBytes).toBe(4 * MiB);
    const ops = [...planMirror(g, () => false)];
    expect(ops.at(-1)).toEqual({ kind: 'copy', offset: 5 * MiB, lengthBytes: 1000, bufferChunks: 1 });
  });

  it('refuses a granularity that is not a power of two in [512, 64 MiB]', () => {
    expect(mirrorGeometry({ diskBytes: MiB, granularityBytes: 1000 })).toMatchObject({ ok: false });
    expect(mirrorGeometry({ diskBytes: MiB, granularityBytes: 256 })).toMatchObject({ ok: false });
  });

  it('tiles any disk in order with ops no larger than the limits', () => {
    const layout = fc.record({
      disk: fc.integer({ min: 1, max: 6 * MiB }),
      bufShift: fc.integer({ min: 12, max: 25 }),
      granularityShift: fc.integer({ min: 12, max: 20 }),
      zeroes: fc.array(fc.boolean(), { minLength: 1, maxLength: 64 }),
    });
    fc.assert(fc.property(layout, ({ disk, bufShift, granularityShift, zeroes }) => {
      const g = geometry(disk, 2 ** bufShift, 2 ** granularityShift);
      // A repeating zero/data pattern per granule, so runs cross iteration boundaries.
      const isZero = (offset: number): boolean => zeroes[Math.floor(offset / g.granularityBytes) % zeroes.length] ?? false;
      let at = 0;
      for (const op of planMirror(g, isZero)) {
        expect(op.offset).toBe(at);
        expect(op.lengthBytes).toBeGreaterThan(0);
        expect(op.lengthBytes).toBeLessThanOrEqual(op.kind === 'copy' ? g.copyBytesMax : g.bufSizeBytes);
        expect(op.bufferChunks).toBe(op.kind === 'copy' ? Math.ceil(op.lengthBytes / g.granularityBytes) : 0);
        expect(isZero(op.offset)).toBe(op.kind === 'zero');
        at += op.lengthBytes;
      }
      expect(at).toBe(disk);
    }), { numRuns: 200 });
  });
});
