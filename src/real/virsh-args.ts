// The `virsh migrate` command line for a scenario. In regular mode virsh (the client) opens the
// destination URI itself and carries the cookies; with --p2p the source libvirtd opens it
// (qemuMigrationSrcPerformPeer2Peer), so it must be a URI the source's namespace can reach.
import { guestName } from './constants.js';
import { fail, ok, type RealResult } from './errors.js';
import type { RealScenario } from './scenario.js';

export interface DestinationUris {
  /** Opened by virsh in the root namespace (regular mode). */
  readonly client: string;
  /** Opened by the source libvirtd in its namespace (p2p and tunnelled), e.g. through the RPC proxy. */
  readonly peer: string;
}

export interface HarnessAbilities {
  /** Whether the hosts were brought up with TLS certificates for migration. */
  readonly tls: boolean;
}

/** Arguments after `virsh -c SOURCE_URI`. */
export function migrateArgs(scenario: RealScenario, uris: DestinationUris, abilities: HarnessAbilities): RealResult<string[]> {
  if (scenario.tls && !abilities.tls) {
    return fail('harness-unsupported', '--tls is not supported by the harness: the hosts were brought up without TLS certificates (migsim real up --with-tls)');
  }
  const args = ['migrate'];
  // libvirt refuses VIR_MIGRATE_LIVE with VIR_MIGRATE_OFFLINE (virDomainMigrateUnmanagedCheckCompat).
  if (!scenario.offline) args.push('--live');
  if (scenario.mode === 'p2p' || scenario.mode === 'tunnelled') args.push('--p2p');
  if (scenario.mode === 'tunnelled') args.push('--tunnelled');
  if (scenario.copyStorage === 'all') args.push('--copy-storage-all');
  if (scenario.copyStorage === 'inc') args.push('--copy-storage-inc');
  if (scenario.migrateDisks !== null) args.push('--migrate-disks', scenario.migrateDisks.join(','));
  if (scenario.persistent) args.push('--persistent');
  if (scenario.offline) args.push('--offline');
  if (scenario.unsafe) args.push('--unsafe');
  if (scenario.tls) args.push('--tls');
  if (scenario.bandwidthMiBPerSecond !== null) args.push('--bandwidth', String(scenario.bandwidthMiBPerSecond));
  args.push(guestName, scenario.mode === 'regular' ? uris.client : uris.peer);
  return ok(args);
}

