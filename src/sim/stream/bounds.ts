// The throughput formulas of docs/evidence.md F (block/mirror.c mirror_iteration, MAX_IN_FLIGHT,
// mirror_wait_for_free_in_flight_slot) evaluated for a scenario: what each resource alone would
// allow. The simulation does not use these to move data (it moves data operation by operation);
// they name the bound that limited a run and explain a failure to converge in words a person can
// check.
//
//   X_bulk  = min(B, L, W / T_w)      W = min(buf, 16·S), S = max(buf/16, 1 MiB)
//   X_dirty = min(B, L, 16·S_d / T_d)   S_d = g·(chunks a write dirties)
//   D_new   = D · (chunks a write dirties · g) / w
//
// T_w, how long a window holds its slots, depends on when the NBD client completes a request
// (reply-completion.ts): with QEMU 7.2's hand-off a window completes after its last reply, so
// T_w = RTT + t_s + W/B, the additive form of docs/evidence.md F; completing on arrival (migsim's
// client) lets each operation go on alone, T_w = RTT + t_s + S/B.
import { nsPerSecond } from '../world.js';
import { nbdRequestHeaderBytes } from './connection.js';
import { mirrorInFlightMax } from './constants.js';
import { maxIoChunks } from './operations.js';
import type { ResolvedMirrorScenario } from './scenario.js';

export type BulkBound = 'link' | 'window' | 'service-time' | 'speed-limit';
export type LimitedBy = BulkBound | 'dirty-rate';

export interface MirrorBounds {
  readonly linkBytesPerSecond: number;
  /** Bytes of one bulk COPY operation (S). */
  readonly opBytes: number;
  /** Bytes the job keeps in flight during the bulk pass (W). */
  readonly windowBytes: number;
  /** How long a window holds its slots (T_w): RTT + t_s + W/B with QEMU 7.2's reply completion, RTT + t_s + S/B on arrival. */
  readonly opRoundTripNs: number;
  readonly windowBytesPerSecond: number;
  readonly speedLimitBytesPerSecond: number | null;
  readonly bulkBytesPerSecond: number;
  readonly bulkBound: BulkBound;
  /** Bytes of one dirty-phase operation when dirty chunks are scattered (S_d). */
  readonly dirtyOpBytes: number;
  /** T_d: as opRoundTripNs, for a window of dirty-phase operations. */
  readonly dirtyOpRoundTripNs: number;
  readonly dirtyDrainBytesPerSecond: number;
  /** New dirty bytes per second from guest writes in background mode (0 otherwise). */
  readonly newDirtyBytesPerSecond: number;
  /** Time between two guest writes, or null without writes. */
  readonly writeGapNs: number | null;
}

interface WindowRate {
  readonly rate: number;
  readonly roundTripNs: number;
  /** The part of the round trip spent putting the window's bytes on the link. */
  readonly transferNs: number;
}

function windowRate(s: ResolvedMirrorScenario, opBytes: number, ops: number): WindowRate {
  const opWireBytes = nbdRequestHeaderBytes + opBytes;
  const transferNs = ((s.replyCompletion === 'qemu-7.2' ? ops * opWireBytes : opWireBytes) * nsPerSecond) / s.bandwidthBytesPerSecond;
  const roundTripNs = s.rttNs + s.serviceTimeNs + transferNs;
  const serverRate = s.serverThreads === null || s.serviceTimeNs === 0 ? Number.POSITIVE_INFINITY
    : (s.serverThreads * opBytes * nsPerSecond) / s.serviceTimeNs;
  return { rate: Math.min((ops * opBytes * nsPerSecond) / roundTripNs, serverRate), roundTripNs, transferNs };
}

/**
 * What the window rate is bound by: its largest term. With QEMU's reply completion the window
 * rate is always below B, so a window that spends most of its time on the link is link-bound.
 */
function windowBound(s: ResolvedMirrorScenario, window: WindowRate): BulkBound {
  if (s.replyCompletion === 'qemu-7.2' && window.transferNs >= s.rttNs + s.serviceTimeNs) return 'link';
  return s.serviceTimeNs > s.rttNs ? 'service-time' : 'window';
}

/** Chunks one guest write dirties (aligned to its own size): a 4 KiB write dirties a whole 64 KiB chunk. */
function chunksPerWrite(s: ResolvedMirrorScenario): number {
  const w = s.guestWrites?.writeSizeBytes ?? s.granularityBytes;
  return w <= s.granularityBytes ? 1 : Math.ceil(w / s.granularityBytes);
}

export function mirrorBounds(s: ResolvedMirrorScenario): MirrorBounds {
  const g = s.granularityBytes;
  const bufChunks = s.bufSizeBytes / g;
  const opChunks = maxIoChunks(s.bufSizeBytes, g);
  const opBytes = Math.min(opChunks * g, s.diskBytes);
  const ops = Math.min(mirrorInFlightMax, Math.max(1, Math.floor(bufChunks / opChunks)));
  const bulk = windowRate(s, opBytes, ops);
  const speed = s.speedLimitBytesPerSecond ?? Number.POSITIVE_INFINITY;
  const candidates: [BulkBound, number][] = [
    ['link', s.bandwidthBytesPerSecond],
    [windowBound(s, bulk), bulk.rate],
    ['speed-limit', speed],
  ];
  const [bulkBound, bulkBytesPerSecond] = candidates.reduce((best, next) => (next[1] < best[1] ? next : best));
  const dirtyChunks = Math.min(chunksPerWrite(s), opChunks);
  const dirtyOps = Math.min(mirrorInFlightMax, Math.max(1, Math.floor(bufChunks / dirtyChunks)));
  const dirty = windowRate(s, dirtyChunks * g, dirtyOps);
  const writes = s.guestWrites;
  const newDirty = writes && s.copyMode === 'background'
    ? (writes.rateBytesPerSecond / writes.writeSizeBytes) * chunksPerWrite(s) * g : 0;
  return {
    linkBytesPerSecond: s.bandwidthBytesPerSecond,
    opBytes,
    windowBytes: ops * opBytes,
    opRoundTripNs: bulk.roundTripNs,
    windowBytesPerSecond: bulk.rate,
    speedLimitBytesPerSecond: s.speedLimitBytesPerSecond,
    bulkBytesPerSecond,
    bulkBound,
    dirtyOpBytes: dirtyChunks * g,
    dirtyOpRoundTripNs: dirty.roundTripNs,
    dirtyDrainBytesPerSecond: Math.min(s.bandwidthBytesPerSecond, speed, dirty.rate),
    newDirtyBytesPerSecond: newDirty,
    writeGapNs: writes ? (writes.writeSizeBytes * nsPerSecond) / writes.rateBytesPerSecond : null,
  };
}
