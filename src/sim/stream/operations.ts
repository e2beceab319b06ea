// How one mirror iteration turns a claimed run of dirty chunks into operations
// (block/mirror.c mirror_iteration): block status splits the run into data and zero extents;
// data becomes COPY operations of at most max_io_bytes = max(buf_size / 16, 1 MiB), rounded down
// to the granularity; a zero extent becomes one WRITE_ZEROES operation (MIRROR_METHOD_ZERO) for
// the whole extent. COPY needs one buffer chunk per granularity unit (mirror_co_read); zero
// operations need none, and count against `speed` only when the target cannot write zeroes with
// unmap (io_bytes_acct in mirror_iteration).
import type { ChunkRange } from './in-flight.js';
import type { DiskLayout } from './layout.js';
import { mirrorInFlightMax, mirrorIoBytesMin } from './constants.js';

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

/** max_io_bytes in chunks: max(buf_size / MAX_IN_FLIGHT, MAX_IO_BYTES), never above buf_size. */
export function maxIoChunks(bufSizeBytes: number, granularityBytes: number): number {
  const maxIoBytes = Math.min(bufSizeBytes, Math.max(Math.floor(bufSizeBytes / mirrorInFlightMax), mirrorIoBytesMin));
  return Math.max(1, Math.floor(maxIoBytes / granularityBytes));
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
