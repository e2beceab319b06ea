// `migsim stream --json`: the mirror's time to READY and what limited it, the resolved scenario,
// the throughput bounds, a timeline, and with --compare legacy QEMU's old block migration.
import { z } from 'zod';
import type { StreamJson } from '../../render/stream-report.js';
import { bytes, bytesPerSecond, count, seconds } from './common.js';

const timeline = z.array(z.strictObject({ atSeconds: seconds, remainingDirtyBytes: bytes, throughputBytesPerSecond: bytesPerSecond }));
const ns = z.number().min(0);

export const streamSchema = z.strictObject({
  readySeconds: seconds.nullable().describe('virtual time to READY; null: not within durationNsMax'),
  converged: z.boolean(),
  reason: z.string().nullable(),
  bytesTransferred: bytes,
  throughputBytesPerSecond: bytesPerSecond,
  limitedBy: z.enum(['link', 'window', 'service-time', 'speed-limit', 'dirty-rate']),
  guestWriteBytesPerSecond: bytesPerSecond,
  worstWriteLatencySeconds: seconds.nullable(),
  timeline,
  scenario: z.strictObject({
    diskBytes: bytes, dataFraction: z.number().min(0).max(1), bandwidthBytesPerSecond: bytesPerSecond, rttNs: ns, serviceTimeNs: ns,
    serverThreads: count.nullable(), bufSizeBytes: bytes, granularityBytes: bytes, speedLimitBytesPerSecond: bytesPerSecond.nullable(),
    copyMode: z.enum(['background', 'write-blocking']),
    guestWrites: z.strictObject({
      rateBytesPerSecond: bytesPerSecond, writeSizeBytes: bytes, pattern: z.enum(['random', 'sequential', 'hotspot']), durationNs: ns.nullable(), queueDepth: count,
    }).nullable(),
    durationNsMax: ns, seed: count, startupNs: ns, targetZeroesWithUnmap: z.boolean(), replyCompletion: z.enum(['qemu-7.2', 'on-arrival']),
  }).describe('the scenario with every default filled in'),
  bounds: z.strictObject({
    linkBytesPerSecond: bytesPerSecond, opBytes: bytes, windowBytes: bytes, opRoundTripNs: ns, windowBytesPerSecond: bytesPerSecond,
    speedLimitBytesPerSecond: bytesPerSecond.nullable(), bulkBytesPerSecond: bytesPerSecond, bulkBound: z.enum(['link', 'window', 'service-time', 'speed-limit']), dirtyOpBytes: bytes,
    dirtyOpRoundTripNs: ns, dirtyDrainBytesPerSecond: bytesPerSecond, newDirtyBytesPerSecond: bytesPerSecond, writeGapNs: ns.nullable(),
  }).describe('the closed-form bounds of docs/stream.md'),
  simulatedSeconds: seconds,
  bulkSeconds: seconds.nullable(),
  copiedBytes: bytes,
  zeroedBytes: bytes,
  wireBytes: bytes,
  operations: count,
  guestWriteBytes: bytes,
  events: count,
  legacy: z.strictObject({
    completed: z.boolean(), completedSeconds: seconds.nullable(), downtimeSeconds: seconds.nullable(), bulkSeconds: seconds.nullable(),
    reason: z.string().nullable(), blockBytesTransferred: bytes, ramBytesTransferred: bytes, streamBytesPerSecond: bytesPerSecond,
    limitedBy: z.enum(['link', 'max-bandwidth', 'tcp-window', 'dirty-rate']), guestWriteBytesPerSecond: bytesPerSecond, timeline,
  }).nullable().describe('with --compare legacy: QEMU\'s old block migration on the same link'),
}) satisfies z.ZodType<StreamJson>;
