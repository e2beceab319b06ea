// Oracles of the scenario space: what the user asked must be what happens.
// - TLS asked → TLS used, or a clear failure: no NBD server started and no mirror connected
//   without TLS under --tls (qemuMigrationDstStartNBDServer passes the migration TLS object,
//   qemuMigrationSrcNBDStorageCopy attaches the client with tls-creds): never a silent downgrade.
// - Every disk selected for copy (by --migrate-disks, or every local writable disk) is mirrored
//   on an NBD migration that completes, and no other disk is (qemuMigrationAnyCopyDisk).
import { copiedDisks } from '../../model/migration/disks.js';
import type { HandshakeResult } from '../../sim/handshake/run.js';
import type { Scenario } from '../../sim/handshake/scenario.js';
import type { OracleFailure } from './types.js';

export function tlsKept(scenario: Scenario, result: HandshakeResult): OracleFailure[] {
  if (!scenario.request.tls) return [];
  const failures: OracleFailure[] = [];
  for (const event of result.trace) {
    if (event.kind !== 'effect' || event.result !== 'ok') continue;
    if (event.effect.kind === 'nbd-server-start' && !event.effect.tls) {
      failures.push({ oracle: 'tls-downgrade', resource: `${event.side}:nbd-server`, message: `--tls was asked, yet the ${event.side === 'target' ? 'destination' : 'source'} started its NBD server without TLS` });
    }
    if (event.effect.kind === 'mirror-start' && event.effect.tls !== true) {
      failures.push({ oracle: 'tls-downgrade', resource: `source:mirror:${event.effect.disk}`, message: `--tls was asked, yet the source mirrors ${event.effect.disk} over a plain NBD connection` });
    }
  }
  return failures;
}

export function selectedDisksMirrored(scenario: Scenario, result: HandshakeResult): OracleFailure[] {
  const mirrored = new Set<string>();
  for (const event of result.trace) {
    if (event.kind === 'effect' && event.side === 'source' && event.result === 'ok' && event.effect.kind === 'mirror-start') mirrored.add(event.effect.disk);
  }
  if (mirrored.size === 0) return [];
  const selected = copiedDisks(scenario.domain, scenario.request).map((d) => d.target);
  const failures: OracleFailure[] = [];
  const extra = [...mirrored].filter((disk) => !selected.includes(disk));
  if (extra.length > 0) failures.push({ oracle: 'disk-selection', resource: 'source:mirrors', message: `the source mirrors ${extra.join(', ')}, which is not selected for copy (selected: ${selected.join(', ') || 'none'})` });
  const missing = selected.filter((disk) => !mirrored.has(disk));
  if (missing.length > 0 && result.outcome.result === 'completed' && result.outcome.storage === 'nbd') {
    failures.push({ oracle: 'disk-selection', resource: 'source:mirrors', message: `the migration completed over NBD without mirroring ${missing.join(', ')}, which was selected for copy` });
  }
  return failures;
}
