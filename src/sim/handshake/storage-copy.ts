// The storage copy of a migration, timed by the one block-stream model (src/sim/stream): for an
// NBD migration the mirror job's time to READY, for a legacy one QEMU's old block migration
// sharing the stream with RAM. The handshake world waits exactly this long, and `simulate` prints
// exactly this figure, so the trace, the footer and `migsim stream` on the same link agree.
//
// QEMU runs one mirror job per copied disk (qemuMigrationSrcNBDStorageCopy); the model runs one
// job over their total size. On a link-bound copy that is the same time; on a latency-bound one
// several jobs keep several windows in flight, so the model is slower than QEMU by up to the
// number of disks (docs/stream.md, "Limits").
//
// Each model run is memoised by its inputs (it is a pure function of them), which keeps a fuzz
// campaign of thousands of handshakes a second possible.
import { nsPerSecond } from '../world.js';
import { BoundedMemo } from '../../model/memo.js';
import {
  checkLegacyScenario, checkMirrorScenario, runMirror, simulateLegacyBlockMigration, type GuestWrites, type LegacyResult, type LegacyScenario,
  type MirrorResult, type MirrorScenario,
} from '../stream/index.js';
import { copiedDisks } from '../../model/migration/disks.js';
import type { Scenario } from './scenario.js';

export interface StorageCopy {
  readonly model: 'nbd-mirror' | 'legacy-block-migration';
  readonly diskBytes: number;
  /** Mirror: time to READY after the jobs start; legacy: time until the migration completes. Null: never, within the model's time limit. */
  readonly seconds: number | null;
  readonly throughputBytesPerSecond: number;
  readonly limitedBy: string;
  /** Why it never became READY (or never completed), or null. */
  readonly reason: string | null;
  /** Guest writes per second during the copy, as the model applied them. */
  readonly guestWriteBytesPerSecond: number;
}

export type StorageCopyResult = { readonly ok: true; readonly copy: StorageCopy } | { readonly ok: false; readonly message: string };

const memoEntriesMax = 512;
const mirrorMemo = new BoundedMemo<MirrorResult>(memoEntriesMax);
const legacyMemo = new BoundedMemo<LegacyResult>(memoEntriesMax);

function rttNs(scenario: Scenario): number {
  return Math.round(2 * scenario.link.latencyMs * 1e6);
}

function writes(scenario: Scenario): GuestWrites | null {
  return scenario.guestWrites && scenario.guestWrites.rateBytesPerSecond > 0 ? scenario.guestWrites : null;
}

/** The mirror the source's QEMU runs for `diskBytes` of copied disks on this scenario's link. */
export function mirrorScenarioFor(scenario: Scenario, diskBytes: number): MirrorScenario {
  return {
    diskBytes, bandwidthBytesPerSecond: scenario.link.bandwidthBytesPerSecond, rttNs: rttNs(scenario),
    guestWrites: writes(scenario), seed: scenario.storageSeed, copyMode: scenario.mirrorCopyMode,
  };
}

/** QEMU's block migration of `diskBytes` inside the migration stream, with the guest's RAM. */
export function legacyScenarioFor(scenario: Scenario, diskBytes: number): LegacyScenario {
  return {
    diskBytes, bandwidthBytesPerSecond: scenario.link.bandwidthBytesPerSecond, rttNs: rttNs(scenario),
    ramBytes: scenario.domain.memoryBytes, guestWrites: writes(scenario), seed: scenario.storageSeed,
  };
}

export function mirrorCopy(scenario: Scenario, diskBytes: number): StorageCopyResult {
  const input = mirrorScenarioFor(scenario, diskBytes);
  const check = checkMirrorScenario(input);
  if (!check.ok) return { ok: false, message: check.problems.map((p) => p.message).join('; ') };
  const result = mirrorMemo.get(JSON.stringify(check.scenario), () => runMirror(check.scenario));
  return {
    ok: true,
    copy: {
      model: 'nbd-mirror', diskBytes, seconds: result.readySeconds, throughputBytesPerSecond: result.throughputBytesPerSecond,
      limitedBy: result.limitedBy, reason: result.reason, guestWriteBytesPerSecond: result.guestWriteBytesPerSecond,
    },
  };
}

export function legacyCopy(scenario: Scenario, diskBytes: number): StorageCopyResult {
  const input = legacyScenarioFor(scenario, diskBytes);
  const problems = checkLegacyScenario(input);
  if (problems.length > 0) return { ok: false, message: problems.join('; ') };
  const result = legacyMemo.get(JSON.stringify(input), () => simulateLegacyBlockMigration(input));
  return {
    ok: true,
    copy: {
      model: 'legacy-block-migration', diskBytes, seconds: result.completed ? result.completedSeconds : null,
      throughputBytesPerSecond: result.streamBytesPerSecond, limitedBy: result.limitedBy, reason: result.reason,
      guestWriteBytesPerSecond: result.guestWriteBytesPerSecond ?? 0,
    },
  };
}

/** Milliseconds, from the model's seconds. */
export function copyMs(copy: StorageCopy): number | null {
  return copy.seconds === null ? null : (copy.seconds * nsPerSecond) / 1e6;
}

/**
 * Whether the block-stream model can time this scenario's storage copy (mirror or block migration
 * of every disk it would copy), or why not: a front end refuses such a scenario before running it.
 */
export function storageModelProblem(scenario: Scenario): string | null {
  const diskBytes = copiedDisks(scenario.domain, scenario.request).reduce((sum, disk) => sum + disk.capacityBytes, 0);
  if (diskBytes === 0) return null;
  const mirror = checkMirrorScenario(mirrorScenarioFor(scenario, diskBytes));
  if (!mirror.ok) return mirror.problems.map((p) => p.message).join('; ');
  const legacy = checkLegacyScenario(legacyScenarioFor(scenario, diskBytes));
  return legacy.length > 0 ? legacy.join('; ') : null;
}
