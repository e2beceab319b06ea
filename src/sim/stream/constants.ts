// QEMU's constants for the mirror job and its rate limit, with where each one is defined.
// Values are those of block/mirror.c @004915a (QEMU 8.2/9.0) and unchanged since QEMU 2.x.
import { mirrorDefaults } from '../../model/nbd/mirror-geometry.js';

export const kibibyte = 1024;
export const mebibyte = 1024 * 1024;

// The mirror job's own constants (MAX_IN_FLIGHT, MAX_IO_BYTES, the default buf-size and
// granularity, QAPI's granularity range) live with the op geometry in the pure model, which
// migsim's real NBD client reads too.
export const mirrorInFlightMax = mirrorDefaults.inFlightMax;
export const mirrorIoBytesMin = mirrorDefaults.ioBytesMin;
export const mirrorBufSizeDefaultBytes = mirrorDefaults.bufSizeBytes;
export const mirrorGranularityDefaultBytes = mirrorDefaults.granularityBytes;
export const mirrorGranularityMinBytes = mirrorDefaults.granularityMinBytes;
export const mirrorGranularityMaxBytes = mirrorDefaults.granularityMaxBytes;
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
