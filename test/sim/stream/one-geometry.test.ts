// Goal: QEMU's mirror is cut into operations one way only. The stream model (sim/stream, which
// claims windows of dirty chunks and splits them by block status) and the op plan migsim's real
// NBD client replays (model/nbd/mirror-plan.ts) give the same operations for a first pass over
// any disk, at every granularity and buf-size, including the granularity × max_iov clip of
// mirror_co_read (512 KiB copies at granularity 512). Method: generate disks with a data part
// and a hole, and compare both op lists whole.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mirrorGeometry, planMirror } from '../../../src/model/nbd/index.js';
import { DiskLayout } from '../../../src/sim/stream/layout.js';
import { maxIoChunks, splitClaim, type MirrorOp } from '../../../src/sim/stream/operations.js';

const KiB = 1024;
const MiB = 1024 * KiB;

interface Op { readonly kind: 'copy' | 'zero'; readonly offset: number; readonly length: number }

function simOps(diskBytes: number, g: number, bufSizeBytes: number, dataBytes: number): Op[] {
  const chunkCount = Math.ceil(diskBytes / g);
  const layout = new DiskLayout(chunkCount, Math.ceil(dataBytes / g));
  const geometry = { granularityBytes: g, diskBytes, maxIoChunks: maxIoChunks(bufSizeBytes, g), zeroesCounted: true };
  const bufChunks = bufSizeBytes / g;
  const ops: MirrorOp[] = [];
  // The first pass claims buf-size windows in order (mirror_iteration over an all-dirty bitmap).
  for (let first = 0; first < chunkCount; first += bufChunks) splitClaim(layout, geometry, first, Math.min(bufChunks, chunkCount - first), ops);
  return ops.map((op) => ({ kind: op.method, offset: op.offsetBytes, length: op.endBytes - op.offsetBytes }));
}

function planOps(diskBytes: number, g: number, bufSizeBytes: number, dataBytes: number): Op[] {
  const resolved = mirrorGeometry({ diskBytes, granularityBytes: g, bufSizeBytes });
  if (!resolved.ok) throw new Error(resolved.message);
  const dataEnd = Math.ceil(dataBytes / g) * g;
  return [...planMirror(resolved.geometry, (offset) => offset >= dataEnd)].map((op) => ({ kind: op.kind, offset: op.offset, length: op.lengthBytes }));
}

describe('one way to cut a mirror into operations', () => {
  it('copies 1 MiB ops at granularity 64 KiB and 512 KiB ops at granularity 512 (mirror_co_read clip)', () => {
    const at64k = planOps(4 * MiB, 64 * KiB, 16 * MiB, 4 * MiB);
    const at512 = simOps(4 * MiB, 512, 16 * MiB, 4 * MiB);
    expect(new Set(at64k.map((op) => op.length))).toEqual(new Set([MiB]));
    expect(new Set(at512.map((op) => op.length))).toEqual(new Set([512 * KiB]));
  });

  it('gives the same ops in the stream model and the client\'s plan', () => {
    const granularities = [512, 4 * KiB, 64 * KiB, MiB];
    fc.assert(fc.property(
      fc.constantFrom(...granularities), fc.integer({ min: 1, max: 64 * MiB }), fc.constantFrom(MiB, 4 * MiB, 16 * MiB, 64 * MiB, 3 * MiB + 512),
      fc.double({ min: 0, max: 1, noNaN: true }),
      (g, diskBytes, bufSize, dataShare) => {
        const bufSizeBytes = Math.ceil(bufSize / g) * g;
        const dataBytes = Math.floor(diskBytes * dataShare);
        expect(simOps(diskBytes, g, bufSizeBytes, dataBytes)).toEqual(planOps(diskBytes, g, bufSizeBytes, dataBytes));
      },
    ), { numRuns: 300, seed: 42 });
  });
});
