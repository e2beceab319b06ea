// How QEMU's mirror job cuts a disk into NBD operations, so that our client can replay the same
// stream on a real socket. Taken from block/mirror.c (QEMU 7.2–9.x): `mirror_iteration` takes the
// next dirty offset, extends it over consecutive dirty chunks while `nb_chunks * granularity <
// buf_size`, then issues one op per block-status run: data as COPY ops of at most
// `max_io_bytes = MAX(buf_size / MAX_IN_FLIGHT, MAX_IO_BYTES)`, zeroes as one WRITE_ZEROES per
// run. `mirror_co_read` clips a copy to `MIN(buf_size, granularity * max_iov)` and takes one
// buffer chunk per granule; `mirror_clip_bytes` stops at the end of the disk. Pure: the caller
// says which granules are zero and enforces the in-flight and buffer limits.

const mebibyte = 1024 * 1024;

export const mirrorDefaults = {
  /** DEFAULT_MIRROR_BUF_SIZE (block/mirror.c). */
  bufSizeBytes: 16 * mebibyte,
  /** bdrv_get_default_bitmap_granularity when the target's cluster size is unknown. */
  granularityBytes: 64 * 1024,
  /** MAX_IN_FLIGHT (block/mirror.c). */
  inFlightMax: 16,
  /** MAX_IO_BYTES (block/mirror.c). */
  ioBytesMin: mebibyte,
  /** IOV_MAX, the usual `max_iov` of both nodes. */
  iovMax: 1024,
} as const;

export interface MirrorGeometry {
  readonly diskBytes: number;
  readonly bufSizeBytes: number;
  readonly granularityBytes: number;
  readonly inFlightMax: number;
  /** Largest COPY op: MAX(buf_size / MAX_IN_FLIGHT, MAX_IO_BYTES), then clipped by mirror_co_read. */
  readonly copyBytesMax: number;
  /** Buffer chunks (one per granule) shared by COPY ops in flight. */
  readonly bufferChunks: number;
}

export type GeometryResult = { readonly ok: true; readonly geometry: MirrorGeometry } | { readonly ok: false; readonly message: string };

export function mirrorGeometry(input: { readonly diskBytes: number; readonly bufSizeBytes?: number; readonly granularityBytes?: number }): GeometryResult {
  const granularityBytes = input.granularityBytes ?? mirrorDefaults.granularityBytes;
  // qmp_blockdev_mirror: "Granularity must be a power of 2 between 512 and 64M".
  if (!Number.isInteger(granularityBytes) || granularityBytes < 512 || granularityBytes > 64 * mebibyte || (granularityBytes & (granularityBytes - 1)) !== 0) {
    return { ok: false, message: `granularity ${granularityBytes} is not a power of 2 between 512 and 64 MiB` };
  }
  const requested = input.bufSizeBytes ?? mirrorDefaults.bufSizeBytes;
  if (!Number.isSafeInteger(requested) || requested <= 0) return { ok: false, message: `buf-size ${requested} must be positive` };
  if (!Number.isSafeInteger(input.diskBytes) || input.diskBytes < 0) return { ok: false, message: `disk size ${input.diskBytes} is not a byte count` };
  // mirror_start_job: "s->buf_size = ROUND_UP(buf_size, granularity)".
  const bufSizeBytes = Math.ceil(requested / granularityBytes) * granularityBytes;
  const ioBytesMax = Math.max(bufSizeBytes / mirrorDefaults.inFlightMax, mirrorDefaults.ioBytesMin);
  // mirror_iteration rounds io_bytes down to the granularity but never below one granule.
  const alignedBytes = Math.max(granularityBytes, Math.floor(ioBytesMax / granularityBytes) * granularityBytes);
  const copyBytesMax = Math.min(alignedBytes, bufSizeBytes, granularityBytes * mirrorDefaults.iovMax);
  return {
    ok: true,
    geometry: {
      diskBytes: input.diskBytes, bufSizeBytes, granularityBytes, inFlightMax: mirrorDefaults.inFlightMax,
      copyBytesMax, bufferChunks: bufSizeBytes / granularityBytes,
    },
  };
}

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
