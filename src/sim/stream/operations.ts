// How one mirror iteration turns a claimed run of dirty chunks into operations
// (block/mirror.c mirror_iteration): block status splits the run into data and zero extents;
// data becomes COPY operations no larger than the model's geometry allows (max_io_bytes aligned
// to the granularity, clipped to granularity × max_iov by mirror_co_read); a zero extent becomes
// one WRITE_ZEROES operation (MIRROR_METHOD_ZERO) for the whole extent. COPY needs one buffer chunk per granularity unit (mirror_co_read); zero
// operations need none, and count against `speed` only when the target cannot write zeroes with
// unmap (io_bytes_acct in mirror_iteration).
import type { ChunkRange } from './in-flight.js';
import type { DiskLayout } from './layout.js';
import { copyBytesMaxOf } from '../../model/nbd/mirror-geometry.js';

export type MirrorMethod = 'copy' | 'zero';

export interface MirrorOp extends ChunkRange {
  readonly method: MirrorMethod;
  readonly offsetBytes: number;
  /** Exclusive; the last operation is clipped to the disk size (mirror_clip_bytes). */
  readonly endBytes: number;
  readonly bufferChunks: number;
  /** Bytes charged to the rate limit. */
  readonly accountedBytes: number;
}

export interface OpGeometry {
  readonly granularityBytes: number;
  readonly diskBytes: number;
  readonly maxIoChunks: number;
  readonly zeroesCounted: boolean;
}

/** The largest COPY op in chunks, as QEMU cuts it (model/nbd/mirror-geometry.ts, the one definition). */
export function maxIoChunks(bufSizeBytes: number, granularityBytes: number): number {
  return copyBytesMaxOf(bufSizeBytes, granularityBytes) / granularityBytes;
}

export function makeOp(geometry: OpGeometry, method: MirrorMethod, firstChunk: number, chunks: number): MirrorOp {
  const offsetBytes = firstChunk * geometry.granularityBytes;
  const endBytes = Math.min((firstChunk + chunks) * geometry.granularityBytes, geometry.diskBytes);
  const bytes = endBytes - offsetBytes;
  return {
    method, firstChunk, endChunk: firstChunk + chunks, offsetBytes, endBytes,
    bufferChunks: method === 'copy' ? chunks : 0,
    accountedBytes: method === 'copy' || geometry.zeroesCounted ? bytes : 0,
  };
}

/** Appends the operations for the claimed chunks [first, first+count) to `ops`, in disk order. */
export function splitClaim(layout: DiskLayout, geometry: OpGeometry, first: number, count: number, ops: MirrorOp[]): void {
  let chunk = first;
  let left = count;
  while (left > 0) {
    const run = layout.statusRun(chunk, left);
    const chunks = run.data ? Math.min(run.chunks, geometry.maxIoChunks) : run.chunks;
    ops.push(makeOp(geometry, run.data ? 'copy' : 'zero', chunk, chunks));
    chunk += chunks;
    left -= chunks;
  }
}
