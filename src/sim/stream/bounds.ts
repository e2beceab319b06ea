// The spec's throughput formulas (nbd-and-mirror.md §2.5) evaluated for a scenario: what each
// resource alone would allow. The simulation does not use these to move data (it moves data
// operation by operation); they name the bound that limited a run and explain a failure to
// converge in words a person can check.
//
//   X_bulk  = min(B, L, W / (RTT + t_s + S/B))      W = min(buf, 16·S), S = max(buf/16, 1 MiB)
//   X_dirty = min(B, L, 16·S_d / (RTT + t_s + S_d/B))   S_d = g·(chunks a write dirties)
//   D_new   = D · (chunks a write dirties · g) / w
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
  /** RTT + t_s + S/B: the life of one operation on an idle link. */
  readonly opRoundTripNs: number;
  readonly windowBytesPerSecond: number;
  readonly speedLimitBytesPerSecond: number | null;
  readonly bulkBytesPerSecond: number;
  readonly bulkBound: BulkBound;
  /** Bytes of one dirty-phase operation when dirty chunks are scattered (S_d). */
  readonly dirtyOpBytes: number;
  /** RTT + t_s + S_d/B: the life of one dirty-phase operation. */
  readonly dirtyOpRoundTripNs: number;
  readonly dirtyDrainBytesPerSecond: number;
  /** New dirty bytes per second from guest writes in background mode (0 otherwise). */
  readonly newDirtyBytesPerSecond: number;
  /** Time between two guest writes, or null without writes. */
  readonly writeGapNs: number | null;
}

function windowRate(s: ResolvedMirrorScenario, opBytes: number, ops: number): { rate: number; roundTripNs: number } {
  const roundTripNs = s.rttNs + s.serviceTimeNs + ((nbdRequestHeaderBytes + opBytes) * nsPerSecond) / s.bandwidthBytesPerSecond;
  const serverRate = s.serverThreads === null || s.serviceTimeNs === 0 ? Number.POSITIVE_INFINITY
    : (s.serverThreads * opBytes * nsPerSecond) / s.serviceTimeNs;
  return { rate: Math.min((ops * opBytes * nsPerSecond) / roundTripNs, serverRate), roundTripNs };
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
    [s.serviceTimeNs > s.rttNs ? 'service-time' : 'window', bulk.rate],
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
