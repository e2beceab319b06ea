// What a mirror simulation is asked to model, and the fully explicit form it runs with: every
// default filled in (so a run can be printed and replayed), every limit checked. Problems with
// a scenario are returned as data; simulateMirror throws only if called with a scenario that
// checkMirrorScenario refused.
import { copyBytesMaxOf, effectiveBufSize, mirrorDefaults } from '../../model/nbd/mirror-geometry.js';
import { nsPerSecond } from '../world.js';
import { bitmapChunksMax } from './bitmap.js';
import {
  mirrorBufSizeDefaultBytes, mirrorGranularityDefaultBytes, mirrorGranularityMaxBytes, mirrorGranularityMinBytes,
} from './constants.js';

export type CopyMode = 'background' | 'write-blocking';
export type WritePattern = 'random' | 'sequential' | 'hotspot';
/**
 * When the NBD client lets a request complete once its reply has arrived (see reply-completion.ts):
 * - `qemu-7.2`: as QEMU 7.1–7.2's block/nbd.c does: the request must first get back through
 *   `receive_mutex`, queued behind every request that was waiting for its reply before it, so a
 *   window of requests completes together after its last reply (the additive form, docs/evidence.md F);
 * - `on-arrival`: at once, as migsim's own client (src/io/nbd/client.ts) does; the next window's
 *   transfer then overlaps the current window's round trip.
 */
export type ReplyCompletion = 'qemu-7.2' | 'on-arrival';
export const replyCompletions: readonly ReplyCompletion[] = ['qemu-7.2', 'on-arrival'];

export interface GuestWrites {
  readonly rateBytesPerSecond: number;
  readonly writeSizeBytes: number;
  readonly pattern: WritePattern;
  /** Writes stop after this much virtual time; default: until the run ends. */
  readonly durationNs?: number;
  /** Writes outstanding at once (a closed-loop writer, like fio's iodepth); default 8. Matters only when writes wait (write-blocking). */
  readonly queueDepth?: number;
}

export interface MirrorScenario {
  readonly diskBytes: number;
  /** 0..1, default 1; the rest of the disk reads as zeroes and is sent as WRITE_ZEROES. */
  readonly dataFraction?: number;
  readonly bandwidthBytesPerSecond: number;
  /** Network round trip. */
  readonly rttNs: number;
  /** Per-operation server time (models nbdkit's delay filter), default 0. */
  readonly serviceTimeNs?: number;
  /** Requests the server works on at once; default null (unlimited, like nbdkit -t 64 against QEMU's 16). */
  readonly serverThreads?: number | null;
  /** Default 16 MiB. */
  readonly bufSizeBytes?: number;
  /** Default 64 KiB. */
  readonly granularityBytes?: number;
  /** The job's `speed`; null or 0 for unlimited. */
  readonly speedLimitBytesPerSecond?: number | null;
  readonly copyMode?: CopyMode;
  readonly guestWrites?: GuestWrites | null;
  /** Give up (not converged) after this much virtual time; default max(1 h, 3 × the analytic bulk time). */
  readonly durationNsMax?: number;
  readonly seed?: number;
  /** Virtual time before the first copy (connect, handshake, job start); default 0. T0 in docs/evidence.md F. */
  readonly startupNs?: number;
  /**
   * The target can write zeroes with unmap (`discard: "unmap"`, bdrv_can_write_zeroes_with_unmap):
   * zero ranges are then not counted against `speed`, and sync=full first pre-zeroes the whole
   * target (mirror_dirty_init). Default false.
   */
  readonly targetZeroesWithUnmap?: boolean;
  /** Default `qemu-7.2`: the model is of QEMU's mirror job; `on-arrival` for migsim's own client. */
  readonly replyCompletion?: ReplyCompletion;
}

export interface ResolvedGuestWrites {
  readonly rateBytesPerSecond: number;
  readonly writeSizeBytes: number;
  readonly pattern: WritePattern;
  readonly durationNs: number | null;
  readonly queueDepth: number;
}

export interface ResolvedMirrorScenario {
  readonly diskBytes: number;
  readonly dataFraction: number;
  readonly bandwidthBytesPerSecond: number;
  readonly rttNs: number;
  readonly serviceTimeNs: number;
  readonly serverThreads: number | null;
  /** Rounded up to the granularity, as mirror_start_job does. */
  readonly bufSizeBytes: number;
  readonly granularityBytes: number;
  readonly speedLimitBytesPerSecond: number | null;
  readonly copyMode: CopyMode;
  readonly guestWrites: ResolvedGuestWrites | null;
  readonly durationNsMax: number;
  readonly seed: number;
  readonly startupNs: number;
  readonly targetZeroesWithUnmap: boolean;
  readonly replyCompletion: ReplyCompletion;
}

export interface ScenarioProblem {
  readonly field: string;
  readonly message: string;
}

export type ScenarioCheck =
  | { readonly ok: true; readonly scenario: ResolvedMirrorScenario; readonly problems?: never }
  | { readonly ok: false; readonly problems: readonly ScenarioProblem[]; readonly scenario?: never };

const guestQueueDepthDefault = 8;
const hourNs = 3600 * nsPerSecond;
/**
 * The work budget of one mirror simulation, in steps (events plus guest writes applied): about
 * half a minute of CPU here (bench/stream.bench.ts runs about 3 million steps a second), and far
 * above an hour of a 1 TiB mirror under 40 MiB/s of writes (about 3.5 million). A scenario
 * expected to need more is refused up front; the world stops at the budget in any case.
 */
export const mirrorWorkMax = 60_000_000;

const isPowerOfTwo = (n: number): boolean => Number.isSafeInteger(n) && n > 0 && (n & (n - 1)) === 0;
const positive = (n: number): boolean => Number.isFinite(n) && n > 0;
const wholeAtLeast = (n: number, min: number): boolean => Number.isSafeInteger(n) && n >= min;

function checkLink(s: MirrorScenario, problems: ScenarioProblem[]): void {
  if (!wholeAtLeast(s.diskBytes, 1)) problems.push({ field: 'diskBytes', message: 'disk size must be a whole number of bytes, at least 1' });
  if (s.dataFraction !== undefined && !(s.dataFraction >= 0 && s.dataFraction <= 1)) problems.push({ field: 'dataFraction', message: 'data fraction must be between 0 and 1' });
  if (!positive(s.bandwidthBytesPerSecond)) problems.push({ field: 'bandwidthBytesPerSecond', message: 'bandwidth must be a positive rate' });
  if (!wholeAtLeast(s.rttNs, 0)) problems.push({ field: 'rttNs', message: 'round-trip time must be whole nanoseconds, at least 0' });
  if (s.serviceTimeNs !== undefined && !wholeAtLeast(s.serviceTimeNs, 0)) problems.push({ field: 'serviceTimeNs', message: 'service time must be whole nanoseconds, at least 0' });
  if (s.serverThreads !== undefined && s.serverThreads !== null && !wholeAtLeast(s.serverThreads, 1)) problems.push({ field: 'serverThreads', message: 'server threads must be at least 1' });
  if (s.startupNs !== undefined && !wholeAtLeast(s.startupNs, 0)) problems.push({ field: 'startupNs', message: 'startup time must be whole nanoseconds, at least 0' });
  if (s.durationNsMax !== undefined && !wholeAtLeast(s.durationNsMax, 1)) problems.push({ field: 'durationNsMax', message: 'duration must be whole nanoseconds, at least 1' });
  if (s.seed !== undefined && !wholeAtLeast(s.seed, 0)) problems.push({ field: 'seed', message: 'seed must be a whole number, at least 0' });
}

function checkJob(s: MirrorScenario, problems: ScenarioProblem[]): void {
  const granularity = s.granularityBytes ?? mirrorGranularityDefaultBytes;
  if (!isPowerOfTwo(granularity) || granularity < mirrorGranularityMinBytes || granularity > mirrorGranularityMaxBytes) {
    problems.push({ field: 'granularityBytes', message: 'granularity must be a power of 2 between 512 B and 64 MiB (QAPI blockdev-mirror)' });
  } else if (wholeAtLeast(s.diskBytes, 1) && Math.ceil(s.diskBytes / granularity) > bitmapChunksMax) {
    problems.push({ field: 'granularityBytes', message: `disk size / granularity must be at most ${bitmapChunksMax} chunks; use a coarser granularity` });
  }
  if (s.bufSizeBytes !== undefined && !wholeAtLeast(s.bufSizeBytes, 1)) problems.push({ field: 'bufSizeBytes', message: 'buf-size must be a whole number of bytes, at least 1' });
  const speed = s.speedLimitBytesPerSecond;
  if (speed !== undefined && speed !== null && !(Number.isFinite(speed) && speed >= 0)) problems.push({ field: 'speedLimitBytesPerSecond', message: 'speed limit must be a rate, at least 0 (0 = unlimited)' });
  if (s.replyCompletion !== undefined && !replyCompletions.includes(s.replyCompletion)) {
    problems.push({ field: 'replyCompletion', message: `reply completion must be one of ${replyCompletions.join(', ')}` });
  }
  const writes = s.guestWrites;
  if (writes) {
    if (!(Number.isFinite(writes.rateBytesPerSecond) && writes.rateBytesPerSecond >= 0)) problems.push({ field: 'guestWrites.rateBytesPerSecond', message: 'write rate must be a rate, at least 0' });
    if (!wholeAtLeast(writes.writeSizeBytes, 1) || writes.writeSizeBytes > s.diskBytes) problems.push({ field: 'guestWrites.writeSizeBytes', message: 'write size must be whole bytes, from 1 to the disk size' });
    if (writes.durationNs !== undefined && !wholeAtLeast(writes.durationNs, 0)) problems.push({ field: 'guestWrites.durationNs', message: 'write duration must be whole nanoseconds, at least 0' });
    if (writes.queueDepth !== undefined && !wholeAtLeast(writes.queueDepth, 1)) problems.push({ field: 'guestWrites.queueDepth', message: 'queue depth must be at least 1' });
  }
}

function resolveWrites(writes: GuestWrites | null | undefined): ResolvedGuestWrites | null {
  if (!writes || writes.rateBytesPerSecond === 0) return null;
  return {
    rateBytesPerSecond: writes.rateBytesPerSecond,
    writeSizeBytes: writes.writeSizeBytes,
    pattern: writes.pattern,
    durationNs: writes.durationNs ?? null,
    queueDepth: writes.queueDepth ?? guestQueueDepthDefault,
  };
}

/**
 * A rough bulk time, used only to pick a default time limit: V / min(B, L, W / (RTT + W/B)), the
 * slower (additive, docs/evidence.md F) form, which holds for either reply completion.
 */
function roughBulkNs(s: MirrorScenario, bufSizeBytes: number): number {
  const windowBytes = Math.min(bufSizeBytes, mirrorDefaults.inFlightMax * copyBytesMaxOf(bufSizeBytes, s.granularityBytes ?? mirrorGranularityDefaultBytes));
  const roundTripNs = s.rttNs + (s.serviceTimeNs ?? 0) + (windowBytes * nsPerSecond) / s.bandwidthBytesPerSecond + 1;
  const windowRate = (windowBytes * nsPerSecond) / roundTripNs;
  const speed = s.speedLimitBytesPerSecond ? s.speedLimitBytesPerSecond : Number.POSITIVE_INFINITY;
  return (s.diskBytes * nsPerSecond) / Math.min(s.bandwidthBytesPerSecond, windowRate, speed);
}

/**
 * Steps a scenario is expected to take: one per copy or zero operation of the first pass, and
 * two per guest write within the time limit (the write, and the copy of the chunk it dirtied).
 */
export function mirrorWorkEstimate(s: ResolvedMirrorScenario): number {
  const copyBytes = copyBytesMaxOf(s.bufSizeBytes, s.granularityBytes);
  const ops = Math.ceil((s.diskBytes * s.dataFraction) / copyBytes) + Math.ceil((s.diskBytes * (1 - s.dataFraction)) / s.bufSizeBytes);
  const writes = s.guestWrites;
  if (writes === null) return ops;
  const writingNs = Math.min(s.durationNsMax, writes.durationNs ?? Number.POSITIVE_INFINITY);
  return ops + 2 * Math.ceil((writingNs / nsPerSecond) * (writes.rateBytesPerSecond / writes.writeSizeBytes));
}

export function checkMirrorScenario(s: MirrorScenario): ScenarioCheck {
  const problems: ScenarioProblem[] = [];
  checkLink(s, problems);
  checkJob(s, problems);
  if (problems.length > 0) return { ok: false, problems };
  const resolved = resolveMirrorScenario(s);
  // Event times are integer nanoseconds: past 2^53 ns (about 104 days) they lose their meaning,
  // so a copy that slow (1 GiB at 1 B/s) is refused rather than run into the event queue's guard.
  if (!(resolved.durationNsMax <= Number.MAX_SAFE_INTEGER)) {
    return { ok: false, problems: [{ field: 'work', message: `cannot simulate this in reasonable time: about ${(resolved.durationNsMax / nsPerSecond).toExponential(1)} s of simulated time, the limit is ${(Number.MAX_SAFE_INTEGER / nsPerSecond).toExponential(1)} s (a faster link, a smaller disk, or a shorter time limit)` }] };
  }
  const work = mirrorWorkEstimate(resolved);
  if (work > mirrorWorkMax) {
    return { ok: false, problems: [{ field: 'work', message: `cannot simulate this in reasonable time: about ${work.toExponential(1)} steps within ${(resolved.durationNsMax / nsPerSecond).toExponential(1)} s of simulated time, the limit is ${mirrorWorkMax.toExponential(0)} (a faster link, fewer or shorter guest writes, or a shorter time limit)` }] };
  }
  return { ok: true, scenario: resolved };
}

function resolveMirrorScenario(s: MirrorScenario): ResolvedMirrorScenario {
  const granularityBytes = s.granularityBytes ?? mirrorGranularityDefaultBytes;
  const bufSizeBytes = effectiveBufSize(s.bufSizeBytes ?? mirrorBufSizeDefaultBytes, granularityBytes);
  const startupNs = s.startupNs ?? 0;
  return {
    diskBytes: s.diskBytes,
    dataFraction: s.dataFraction ?? 1,
    bandwidthBytesPerSecond: s.bandwidthBytesPerSecond,
    rttNs: s.rttNs,
    serviceTimeNs: s.serviceTimeNs ?? 0,
    serverThreads: s.serverThreads ?? null,
    bufSizeBytes,
    granularityBytes,
    speedLimitBytesPerSecond: s.speedLimitBytesPerSecond ? s.speedLimitBytesPerSecond : null,
    copyMode: s.copyMode ?? 'background',
    guestWrites: resolveWrites(s.guestWrites),
    durationNsMax: s.durationNsMax ?? Math.max(hourNs, startupNs + Math.ceil(3 * roughBulkNs(s, bufSizeBytes))),
    seed: s.seed ?? 0,
    startupNs,
    targetZeroesWithUnmap: s.targetZeroesWithUnmap ?? false,
    replyCompletion: s.replyCompletion ?? 'qemu-7.2',
  };
}
