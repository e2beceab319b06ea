// How long the storage copy of a migration takes on its link, from the NBD block-stream model
// (src/sim/stream): for an NBD migration the mirror job's time to READY, for a legacy one QEMU's
// block migration sharing the stream with RAM. The copied disks are modelled as one disk of their
// total size (QEMU runs one mirror job per disk, all on the same link).
import { copiedDisks } from '../../model/migration/disks.js';
import type { StoragePath } from '../../model/migration/types.js';
import { simulateLegacyBlockMigration, simulateMirror } from '../stream/index.js';
import type { Scenario } from './scenario.js';

export interface StorageCopyEstimate {
  readonly model: 'nbd-mirror' | 'legacy-block-migration';
  readonly diskBytes: number;
  /** Mirror: time to READY; legacy: time until the migration completes. Null when it never does. */
  readonly seconds: number | null;
  readonly throughputBytesPerSecond: number;
  readonly limitedBy: string;
  readonly reason: string | null;
}

/** Guest writes of the handshake's content model are 64 KiB each. */
const guestWriteBytes = 64 * 1024;
const nsPerMs = 1_000_000;

export function estimateStorageCopy(scenario: Scenario, storage: StoragePath): StorageCopyEstimate | null {
  const diskBytes = copiedDisks(scenario.domain, scenario.request).reduce((sum, disk) => sum + disk.capacityBytes, 0);
  if (storage === 'none' || diskBytes === 0) return null;
  const { bandwidthBytesPerSecond, latencyMs } = scenario.link;
  const rttNs = Math.round(2 * latencyMs * nsPerMs);
  const writeRate = scenario.guestWritesPerSecond * guestWriteBytes;
  const guestWrites = writeRate > 0 ? { rateBytesPerSecond: writeRate, writeSizeBytes: guestWriteBytes, pattern: 'random' as const } : null;
  if (storage === 'nbd') {
    const result = simulateMirror({
      diskBytes, bandwidthBytesPerSecond, rttNs, guestWrites, seed: scenario.seed,
      copyMode: 'background', durationNsMax: 24 * 3600 * 1e9,
    });
    return {
      model: 'nbd-mirror', diskBytes, seconds: result.readySeconds, throughputBytesPerSecond: result.throughputBytesPerSecond,
      limitedBy: result.limitedBy, reason: result.reason,
    };
  }
  const result = simulateLegacyBlockMigration({
    diskBytes, bandwidthBytesPerSecond, rttNs, ramBytes: scenario.domain.memoryBytes, guestWrites, seed: scenario.seed,
  });
  return {
    model: 'legacy-block-migration', diskBytes, seconds: result.completed ? result.completedSeconds : null,
    throughputBytesPerSecond: result.streamBytesPerSecond, limitedBy: result.limitedBy, reason: result.reason,
  };
}
