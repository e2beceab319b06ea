// QEMU's old in-stream block migration (`migrate -b`, migration/block.c @01371c58; deprecated in
// 8.2, removed in 9.1), for comparison with the NBD mirror. The disk travels inside the migration
// stream, in 1 MiB chunks (BLK_MIG_BLOCK_SIZE) with a dirty bitmap of the same granularity, so a
// 4 KiB guest write costs a 1 MiB re-send. The stream is one TCP connection with no per-chunk
// acknowledgement: it is bound by the link, by `max-bandwidth` and by the TCP window over the
// RTT, never by request round trips. It runs in the migration thread's 100 ms windows
// (BUFFER_DELAY): each window, block_save_iterate sends first (bulk pass, then dirty chunks)
// until the window's budget is spent, and RAM gets what is left. When everything pending fits
// into max-bandwidth × downtime-limit (migration_iteration_run, with block_save_pending keeping
// the bulk pass from ever looking small enough), the VM stops and the rest goes synchronously:
// that time is the downtime.
import { formatBytes, formatRate } from '../../model/units.js';
import { SimWorld, nsPerSecond } from '../world.js';
import { legacyBlockBytes, migrationBufferDelayNs, migrationDowntimeLimitDefaultNs } from './constants.js';
import { GuestWriteStream } from './guest.js';
import { configure, LegacyMigration, type LegacyConfig } from './legacy-migration.js';
import { checkLegacyScenario, type LegacyLimitedBy, type LegacyScenario } from './legacy-scenario.js';
import { TimelineSampler, type TimelineSample } from './timeline.js';

export { checkLegacyScenario, type LegacyLimitedBy, type LegacyScenario };

const hourNs = 3600 * nsPerSecond;

export interface LegacyResult {
  readonly completed: boolean;
  /** When the VM runs on the destination (switchover plus downtime), or null. */
  readonly completedSeconds: number | null;
  readonly downtimeSeconds: number | null;
  /** When the bulk pass over the disk finished, or null. */
  readonly bulkSeconds: number | null;
  readonly reason: string | null;
  readonly blockBytesTransferred: number;
  readonly ramBytesTransferred: number;
  /** min(B, max-bandwidth, window/RTT): the stream's rate. */
  readonly streamBytesPerSecond: number;
  readonly limitedBy: LegacyLimitedBy;
  readonly guestWriteBytesPerSecond: number;
  readonly timeline: readonly TimelineSample[];
}

export function simulateLegacyBlockMigration(scenario: LegacyScenario): LegacyResult {
  const problems = checkLegacyScenario(scenario);
  if (problems.length > 0) throw new RangeError(`invalid legacy scenario: ${problems.join('; ')}`);
  const c = configure(scenario);
  const bulkNs = ((c.chunkCount * legacyBlockBytes + (scenario.ramBytes ?? 0)) * nsPerSecond) / c.streamBytesPerSecond;
  const world = new SimWorld(scenario.seed ?? 0, { timeNsMax: scenario.durationNsMax ?? Math.max(hourNs, Math.ceil(3 * bulkNs)) });
  const stream = c.writes ? new GuestWriteStream(world, c.writes, scenario.diskBytes) : null;
  const migration = new LegacyMigration(world, c, stream);
  const sampler = new TimelineSampler(world, {
    remainingBytes: () => migration.blockPendingBytes() + migration.ramRemainingBytes,
    ackedBytes: () => migration.blockBytes + migration.ramBytes,
  });
  sampler.start();
  const tick = (): void => {
    sampler.observe();
    migration.window(migrationBufferDelayNs);
    if (!switchoverIfSmall(world, c, migration)) world.after(migrationBufferDelayNs, 'legacy-window', tick);
  };
  world.after(migrationBufferDelayNs, 'legacy-window', tick);
  world.run();
  return legacyResult(c, world, migration, sampler.finish());
}

/** migration_iteration_run: switch over once everything pending fits in the downtime limit. */
function switchoverIfSmall(world: SimWorld, c: LegacyConfig, m: LegacyMigration): boolean {
  if (m.bulkDoneNs === null) return false;
  const pendingBytes = m.blockPendingBytes() + m.ramRemainingBytes;
  const thresholdBytes = (c.streamBytesPerSecond * (c.s.downtimeLimitNs ?? migrationDowntimeLimitDefaultNs)) / nsPerSecond;
  if (pendingBytes > thresholdBytes) return false;
  // The VM stops; the remaining dirty chunks are read and sent synchronously, then RAM.
  m.switchoverNs = world.nowNs;
  m.downtimeNs = Math.round((m.sendRestSynchronously() * nsPerSecond) / c.streamBytesPerSecond) + c.s.rttNs;
  world.stop();
  return true;
}

function legacyResult(c: LegacyConfig, world: SimWorld, m: LegacyMigration, timeline: readonly TimelineSample[]): LegacyResult {
  const completed = m.switchoverNs !== null && m.downtimeNs !== null;
  const endNs = world.nowNs;
  const writeEndNs = Math.min(endNs, c.writes?.durationNs ?? endNs);
  let reason: string | null = null;
  if (!completed) {
    reason = m.bulkDoneNs === null
      ? `the bulk pass did not finish: ${formatBytes(m.blockPendingBytes())} of the disk still to send at ${formatRate(c.streamBytesPerSecond)}`
      : `new dirty data (1 MiB per dirtied chunk${c.s.ramDirtyBytesPerSecond ? ', plus RAM' : ''}) never fell below ${formatRate(c.streamBytesPerSecond)} × the downtime limit; ${formatBytes(m.blockPendingBytes() + m.ramRemainingBytes)} pending`;
  }
  return {
    completed,
    completedSeconds: completed ? ((m.switchoverNs ?? 0) + (m.downtimeNs ?? 0)) / nsPerSecond : null,
    downtimeSeconds: completed ? (m.downtimeNs ?? 0) / nsPerSecond : null,
    bulkSeconds: m.bulkDoneNs === null ? null : m.bulkDoneNs / nsPerSecond,
    reason,
    blockBytesTransferred: m.blockBytes,
    ramBytesTransferred: m.ramBytes,
    streamBytesPerSecond: c.streamBytesPerSecond,
    limitedBy: !completed && m.bulkDoneNs !== null ? 'dirty-rate' : c.limitedBy,
    guestWriteBytesPerSecond: writeEndNs > 0 ? (m.guestBytes * nsPerSecond) / writeEndNs : 0,
    timeline,
  };
}
