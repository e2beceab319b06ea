// QEMU's constants for the mirror job and its rate limit, with where each one is defined.
// Values are those of block/mirror.c @004915a (QEMU 8.2/9.0) and unchanged since QEMU 2.x.

export const kibibyte = 1024;
export const mebibyte = 1024 * 1024;

/** block/mirror.c MAX_IN_FLIGHT: copy operations in flight at once. */
export const mirrorInFlightMax = 16;
/** block/mirror.c MAX_IO_BYTES: the smallest per-operation cap, `max(buf_size / 16, 1 MiB)`. */
export const mirrorIoBytesMin = mebibyte;
/** block/mirror.c DEFAULT_MIRROR_BUF_SIZE. */
export const mirrorBufSizeDefaultBytes = 16 * mebibyte;
/** bdrv_get_default_bitmap_granularity() when the target has no cluster size. */
export const mirrorGranularityDefaultBytes = 64 * kibibyte;
/** QAPI blockdev-mirror `granularity`: a power of 2 between 512 and 64 MiB. */
export const mirrorGranularityMinBytes = 512;
export const mirrorGranularityMaxBytes = 64 * mebibyte;
/** include/block/blockjob.h BLOCK_JOB_SLICE_TIME: the rate limiter's slice, 100 ms. */
export const blockJobSliceNs = 100_000_000;
/** mirror_dirty_init(): the pre-zeroing pass writes zeroes in pieces of INT_MAX rounded down to the granularity. */
export const intMax = 2 ** 31 - 1;

/** migration/block.c BLK_MIG_BLOCK_SIZE: legacy block migration's chunk and bitmap granularity. */
export const legacyBlockBytes = mebibyte;
/** migration/options.c MAX_THROTTLE: the default `max-bandwidth`, 128 MiB/s. */
export const migrationMaxBandwidthDefaultBytesPerSecond = 128 * mebibyte;
/** migration/migration.c DEFAULT_MIGRATE_SET_DOWNTIME: the default `downtime-limit`, 300 ms. */
export const migrationDowntimeLimitDefaultNs = 300_000_000;
/** migration/migration.c BUFFER_DELAY: the migration thread's rate-limit window, 100 ms. */
export const migrationBufferDelayNs = 100_000_000;
