// simulateMirror: builds one world (clock, link, server, NBD connection, dirty bitmap, mirror
// job, guest writer, sampler), runs it until READY or the time limit, and reports the outcome.
import { SimWorld, nsPerSecond } from '../world.js';
import { ActiveWriter } from './active-writer.js';
import { BackgroundWriter, type WriterCounters } from './background-writer.js';
import { DirtyBitmap } from './bitmap.js';
import { mirrorBounds, type LimitedBy, type MirrorBounds } from './bounds.js';
import { NbdConnection } from './connection.js';
import { GuestWriteStream } from './guest.js';
import { InFlightRanges } from './in-flight.js';
import { DiskLayout } from './layout.js';
import { Link } from './link.js';
import { MirrorJob } from './mirror.js';
import { maxIoChunks, type OpGeometry } from './operations.js';
import { preZero } from './pre-zero.js';
import { RateLimit } from './rate-limit.js';
import { checkMirrorScenario, mirrorWorkMax, type MirrorScenario, type ResolvedMirrorScenario } from './scenario.js';
import { NbdServer } from './server.js';
import { TimelineSampler, type TimelineSample } from './timeline.js';
import { limitedBy, notConvergedReason, type RunObservation } from './verdict.js';

export interface MirrorResult {
  readonly readySeconds: number | null;
  readonly converged: boolean;
  /** Why it did not converge, or null. */
  readonly reason: string | null;
  /**
   * WRITE payload bytes sent to the target: mirror copies and, in write-blocking mode, guest
   * writes (READY does not wait for active writes in flight, so some may be unacknowledged).
   */
  readonly bytesTransferred: number;
  readonly throughputBytesPerSecond: number;
  readonly limitedBy: LimitedBy;
  readonly guestWriteBytesPerSecond: number;
  /** Worst guest write latency in write-blocking mode; null in background mode or without writes. */
  readonly worstWriteLatencySeconds: number | null;
  readonly timeline: readonly TimelineSample[];
  /** The scenario with every default filled in. */
  readonly scenario: ResolvedMirrorScenario;
  readonly bounds: MirrorBounds;
  /** Virtual time simulated (READY, or the time limit). */
  readonly simulatedSeconds: number;
  /** When the first pass had claimed the whole disk, or null. */
  readonly bulkSeconds: number | null;
  readonly copiedBytes: number;
  /** Bytes described by WRITE_ZEROES (no payload), pre-zeroing included. */
  readonly zeroedBytes: number;
  /** Bytes on the wire towards the target, request headers included. */
  readonly wireBytes: number;
  readonly operations: number;
  readonly guestWriteBytes: number;
  readonly events: number;
}

export function simulateMirror(scenario: MirrorScenario): MirrorResult {
  const check = checkMirrorScenario(scenario);
  if (!check.ok) throw new RangeError(`invalid mirror scenario: ${check.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  return runMirror(check.scenario);
}

interface Writers {
  readonly counters: WriterCounters | null;
  /** Applies background writes due by `untilNs` (default now). */
  readonly catchUp: (untilNs?: number) => void;
  readonly retry: () => void;
  readonly bytesInFlight: () => number;
  readonly latencyNsMax: () => number | null;
}

function dataChunksOf(s: ResolvedMirrorScenario, chunkCount: number): number {
  return s.dataFraction >= 1 ? chunkCount : Math.floor(s.dataFraction * chunkCount);
}

/** Runs an already checked scenario. */
export function runMirror(s: ResolvedMirrorScenario): MirrorResult {
  const world = new SimWorld(s.seed, { timeNsMax: s.durationNsMax, eventsMax: mirrorWorkMax });
  const g = s.granularityBytes;
  const chunkCount = Math.ceil(s.diskBytes / g);
  const bitmap = new DirtyBitmap(chunkCount);
  const layout = new DiskLayout(chunkCount, dataChunksOf(s, chunkCount));
  const link = new Link(world, { bandwidthBytesPerSecond: s.bandwidthBytesPerSecond, rttNs: s.rttNs });
  const server = new NbdServer({ serviceTimeNs: s.serviceTimeNs, threads: s.serverThreads });
  const connection = new NbdConnection(world, link, server, s.replyCompletion);
  const ranges = new InFlightRanges();
  const geometry: OpGeometry = { granularityBytes: g, diskBytes: s.diskBytes, maxIoChunks: maxIoChunks(s.bufSizeBytes, g), zeroesCounted: !s.targetZeroesWithUnmap };
  let writers: Writers = { counters: null, catchUp: () => undefined, retry: () => undefined, bytesInFlight: () => 0, latencyNsMax: () => null };
  const job = new MirrorJob(
    { world, bitmap, layout, connection, ranges, limit: new RateLimit(s.speedLimitBytesPerSecond), geometry, bufChunks: s.bufSizeBytes / g },
    { catchUp: () => writers.catchUp(), released: () => writers.retry(), ready: () => world.stop(), observe: () => sampler.observe() },
  );
  writers = makeWriters(s, world, { bitmap, layout, connection, ranges }, job, () => sampler.observe());
  const preZeroCounters = { zeroBytes: 0 };
  const sampler = new TimelineSampler(world, {
    remainingBytes: (atNs) => {
      // Before the job has filled its bitmap, the whole disk is still to copy.
      if (job.state === 'starting') return s.diskBytes;
      writers.catchUp(atNs);
      return dirtyBytes(bitmap, s.diskBytes, g) + job.bytesInFlight + writers.bytesInFlight();
    },
    ackedBytes: () => connection.payloadBytesAcked,
  });
  connection.observer = () => sampler.observe();
  world.at(s.startupNs, 'mirror-start', () => {
    sampler.observe();
    if (s.targetZeroesWithUnmap) preZero(connection, s.diskBytes, g, preZeroCounters, () => job.begin());
    else job.begin();
  });
  sampler.start();
  world.run();
  writers.catchUp();
  return buildResult(s, world, { job, link, connection, sampler, writers, preZeroBytes: preZeroCounters.zeroBytes, bitmap });
}

interface WriterParts {
  readonly bitmap: DirtyBitmap;
  readonly layout: DiskLayout;
  readonly connection: NbdConnection;
  readonly ranges: InFlightRanges;
}

function makeWriters(s: ResolvedMirrorScenario, world: SimWorld, parts: WriterParts, job: MirrorJob, observe: () => void): Writers {
  if (s.guestWrites === null) return { counters: null, catchUp: () => undefined, retry: () => undefined, bytesInFlight: () => 0, latencyNsMax: () => null };
  const stream = new GuestWriteStream(world, s.guestWrites, s.diskBytes);
  if (s.copyMode === 'background') {
    const writer = new BackgroundWriter(world, stream, parts.bitmap, parts.layout, s.granularityBytes);
    return { counters: writer.counters, catchUp: (untilNs) => writer.catchUp(untilNs ?? world.nowNs), retry: () => undefined, bytesInFlight: () => 0, latencyNsMax: () => null };
  }
  const writer: ActiveWriter = new ActiveWriter(
    { world, stream, ...parts, granularityBytes: s.granularityBytes },
    {
      observe,
      copying: () => job.state === 'running' || job.state === 'sleeping' || job.state === 'flushing',
      released: () => {
        writer.retryWaiting();
        job.pump();
      },
    },
    s.guestWrites.queueDepth,
  );
  writer.start();
  return {
    counters: writer.counters, catchUp: () => undefined, retry: () => writer.retryWaiting(),
    bytesInFlight: () => writer.bytesInFlight, latencyNsMax: () => writer.latencyNsMax(),
  };
}

/** Dirty chunks in bytes; the disk's last chunk may be shorter than the granularity. */
function dirtyBytes(bitmap: DirtyBitmap, diskBytes: number, g: number): number {
  const lastChunk = bitmap.chunkCount - 1;
  const shortfall = bitmap.isDirty(lastChunk) ? bitmap.chunkCount * g - diskBytes : 0;
  return bitmap.dirtyCount * g - shortfall;
}

interface Finished {
  readonly job: MirrorJob;
  readonly link: Link;
  readonly connection: NbdConnection;
  readonly sampler: TimelineSampler;
  readonly writers: Writers;
  readonly preZeroBytes: number;
  readonly bitmap: DirtyBitmap;
}

function buildResult(s: ResolvedMirrorScenario, world: SimWorld, f: Finished): MirrorResult {
  const bounds = mirrorBounds(s);
  const endNs = world.nowNs;
  const converged = f.job.readyNs !== null;
  const timeline = f.sampler.finish();
  const seen: RunObservation = {
    converged, readyNs: f.job.readyNs, endNs, bulkClaimedNs: f.job.counters.bulkClaimedNs,
    remainingBytes: timeline[timeline.length - 1]?.remainingDirtyBytes ?? 0,
  };
  const bytesTransferred = f.connection.payloadBytesSent;
  const writeEndNs = Math.min(endNs, s.guestWrites?.durationNs ?? endNs);
  const guestWriteBytes = f.writers.counters?.bytes ?? 0;
  const latencyNs = f.writers.latencyNsMax();
  return {
    readySeconds: converged ? endNs / nsPerSecond : null,
    converged,
    reason: converged ? null : world.budgetSpent
      ? `cannot simulate this in reasonable time: the budget of ${mirrorWorkMax.toExponential(0)} steps ran out after ${(endNs / nsPerSecond).toFixed(1)} s of simulated time`
      : notConvergedReason(s, bounds, seen),
    bytesTransferred,
    throughputBytesPerSecond: endNs > 0 ? (bytesTransferred * nsPerSecond) / endNs : 0,
    limitedBy: limitedBy(s, bounds, seen),
    guestWriteBytesPerSecond: writeEndNs > 0 ? (guestWriteBytes * nsPerSecond) / writeEndNs : 0,
    worstWriteLatencySeconds: latencyNs === null ? null : latencyNs / nsPerSecond,
    timeline,
    scenario: s,
    bounds,
    simulatedSeconds: endNs / nsPerSecond,
    bulkSeconds: seen.bulkClaimedNs === null ? null : seen.bulkClaimedNs / nsPerSecond,
    copiedBytes: f.job.counters.copyBytes,
    zeroedBytes: f.job.counters.zeroBytes + f.preZeroBytes,
    wireBytes: f.link.wireBytesSent,
    operations: f.job.counters.operations,
    guestWriteBytes,
    events: world.eventsProcessed,
  };
}
