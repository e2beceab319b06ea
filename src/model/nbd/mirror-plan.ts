// The op stream of one pass of QEMU's mirror job over a whole disk, so that our client can replay
// it on a real socket (block/mirror.c mirror_iteration): the next dirty offset, extended over
// consecutive dirty chunks while `nb_chunks * granularity < buf_size`, then one op per
// block-status run: data as COPY ops no larger than the geometry allows (mirror-geometry.ts),
// zeroes as one WRITE_ZEROES per run; `mirror_clip_bytes` stops at the end of the disk. Pure: the
// caller says which granules are zero and enforces the in-flight and buffer limits.

import type { MirrorGeometry } from './mirror-geometry.js';

export { mirrorDefaults, mirrorGeometry, type GeometryResult, type MirrorGeometry } from './mirror-geometry.js';

export interface MirrorOp {
  readonly kind: 'copy' | 'zero';
  readonly offset: number;
  readonly lengthBytes: number;
  /** Buffer chunks a COPY holds while in flight; 0 for zero ops. */
  readonly bufferChunks: number;
}

/** The bytes one iteration starting at `offset` covers, when everything after it is dirty. */
export function windowBytes(geometry: MirrorGeometry, offset: number): number {
  return Math.min(geometry.bufferChunks * geometry.granularityBytes, geometry.diskBytes - offset);
}

/**
 * The ops of one mirror iteration starting at `offset` (granularity-aligned). `isZero(i)` says
 * whether granule i of the window reads as zeroes on the source (QEMU asks block status).
 */
export function planIteration(geometry: MirrorGeometry, offset: number, isZero: (granule: number) => boolean): MirrorOp[] {
  const g = geometry.granularityBytes;
  const end = offset + windowBytes(geometry, offset);
  const ops: MirrorOp[] = [];
  let at = offset;
  while (at < end) {
    const first = (at - offset) / g;
    const zero = isZero(first);
    let runEnd = at + g;
    while (runEnd < end && isZero((runEnd - offset) / g) === zero) runEnd += g;
    let length = Math.min(runEnd, end) - at;
    if (!zero) length = Math.min(length, geometry.copyBytesMax);
    // mirror_clip_bytes: the last op stops at the end of the disk, even mid-granule.
    length = Math.min(length, geometry.diskBytes - at);
    ops.push({ kind: zero ? 'zero' : 'copy', offset: at, lengthBytes: length, bufferChunks: zero ? 0 : Math.ceil(length / g) });
    at += length;
  }
  return ops;
}

/** Every op of a one-pass mirror of a whole disk, in issue order. */
export function* planMirror(geometry: MirrorGeometry, isZeroAt: (offset: number) => boolean): Generator<MirrorOp> {
  for (let offset = 0; offset < geometry.diskBytes; offset += windowBytes(geometry, offset)) {
    yield* planIteration(geometry, offset, (granule) => isZeroAt(offset + granule * geometry.granularityBytes));
  }
}
