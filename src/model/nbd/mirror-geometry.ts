// QEMU's mirror job constants and how they cut a disk into operations: the one place both the
// stream model (src/sim/stream) and migsim's own NBD client (src/io/nbd/mirror.ts) read them
// from, so that the simulated and the real copy cannot disagree on op sizes.
//
// From block/mirror.c (QEMU 7.2–9.x, unchanged since 2.x):
// - MAX_IN_FLIGHT = 16 operations, DEFAULT_MIRROR_BUF_SIZE = 16 MiB, MAX_IO_BYTES = 1 MiB;
// - mirror_start_job: `s->buf_size = ROUND_UP(buf_size, granularity)`;
// - mirror_iteration: `max_io_bytes = MAX(s->buf_size / MAX_IN_FLIGHT, MAX_IO_BYTES)`, an op of
//   data is at most that, rounded down to the granularity but never below one granule; a zero
//   extent is one WRITE_ZEROES for the whole extent;
// - mirror_co_read: `op->bytes = MIN(s->buf_size, MIN(granularity * max_iov, op->bytes))`, and the
//   iteration goes on from where the clipped op ended (bytes_handled);
// - qmp_blockdev_mirror: "Granularity must be a power of 2 between 512 and 64M";
// - bdrv_get_default_bitmap_granularity: 64 KiB when the target has no cluster size.

const mebibyte = 1024 * 1024;

export const mirrorDefaults = {
  bufSizeBytes: 16 * mebibyte,
  granularityBytes: 64 * 1024,
  granularityMinBytes: 512,
  granularityMaxBytes: 64 * mebibyte,
  inFlightMax: 16,
  ioBytesMin: mebibyte,
  /** IOV_MAX, the usual `max_iov` of both nodes (block layer's bl.max_iov). */
  iovMax: 1024,
} as const;

export interface MirrorGeometry {
  readonly diskBytes: number;
  /** buf-size rounded up to the granularity. */
  readonly bufSizeBytes: number;
  readonly granularityBytes: number;
  readonly inFlightMax: number;
  /** Largest COPY op: max_io_bytes aligned to the granularity, then clipped by mirror_co_read. */
  readonly copyBytesMax: number;
  /** The same in granules. */
  readonly copyChunksMax: number;
  /** Buffer chunks (one per granule) shared by COPY ops in flight. */
  readonly bufferChunks: number;
}

export type GeometryResult = { readonly ok: true; readonly geometry: MirrorGeometry } | { readonly ok: false; readonly message: string };

export function validGranularity(granularityBytes: number): boolean {
  return Number.isSafeInteger(granularityBytes) && granularityBytes >= mirrorDefaults.granularityMinBytes
    && granularityBytes <= mirrorDefaults.granularityMaxBytes && (granularityBytes & (granularityBytes - 1)) === 0;
}

/** buf-size as the job uses it (mirror_start_job rounds it up to the granularity). */
export function effectiveBufSize(bufSizeBytes: number, granularityBytes: number): number {
  return Math.ceil(bufSizeBytes / granularityBytes) * granularityBytes;
}

/** The largest COPY op in bytes, for a buf-size already rounded to the granularity. */
export function copyBytesMaxOf(bufSizeBytes: number, granularityBytes: number): number {
  const ioBytesMax = Math.max(bufSizeBytes / mirrorDefaults.inFlightMax, mirrorDefaults.ioBytesMin);
  const alignedBytes = Math.max(granularityBytes, Math.floor(ioBytesMax / granularityBytes) * granularityBytes);
  return Math.min(alignedBytes, bufSizeBytes, granularityBytes * mirrorDefaults.iovMax);
}

export function mirrorGeometry(input: { readonly diskBytes: number; readonly bufSizeBytes?: number; readonly granularityBytes?: number }): GeometryResult {
  const granularityBytes = input.granularityBytes ?? mirrorDefaults.granularityBytes;
  if (!validGranularity(granularityBytes)) return { ok: false, message: `granularity ${granularityBytes} is not a power of 2 between 512 and 64 MiB` };
  const requested = input.bufSizeBytes ?? mirrorDefaults.bufSizeBytes;
  if (!Number.isSafeInteger(requested) || requested <= 0) return { ok: false, message: `buf-size ${requested} must be positive` };
  if (!Number.isSafeInteger(input.diskBytes) || input.diskBytes < 0) return { ok: false, message: `disk size ${input.diskBytes} is not a byte count` };
  const bufSizeBytes = effectiveBufSize(requested, granularityBytes);
  const copyBytesMax = copyBytesMaxOf(bufSizeBytes, granularityBytes);
  return {
    ok: true,
    geometry: {
      diskBytes: input.diskBytes, bufSizeBytes, granularityBytes, inFlightMax: mirrorDefaults.inFlightMax,
      copyBytesMax, copyChunksMax: copyBytesMax / granularityBytes, bufferChunks: bufSizeBytes / granularityBytes,
    },
  };
}
