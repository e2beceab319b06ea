// Failure codes of a handshake outcome beyond the cookie codec's (which a phase reports as is
// when it refuses a cookie). Messages are libvirt's or QEMU's texts where they have one.
import type { ErrorCatalogEntry } from '../catalog.js';
import type { Phase, PhaseError } from './types.js';

export const outcomeErrorCatalog: readonly ErrorCatalogEntry[] = [
  { code: 'unsupported-flags', raisedBy: 'libvirt', message: 'unsupported flags (0x%s) / Migration APIs with extensible parameters are not supported but extended parameters were passed', source: 'virCheckFlags at the driver entry points; qemuMigrationSrcPerformPeer2Peer (VIR_ERR_INVALID_ARG)' },
  { code: 'offline-with-storage', raisedBy: 'libvirt', message: 'offline migration cannot handle non-shared storage', source: 'qemuMigrationSrcBeginPhase (VIR_ERR_OPERATION_INVALID)' },
  { code: 'offline-not-persistent', raisedBy: 'libvirt', message: 'offline migration must be specified with the persistent flag set', source: 'qemuMigrationSrcBeginPhase (VIR_ERR_OPERATION_INVALID)' },
  { code: 'offline-tunnelled', raisedBy: 'libvirt', message: 'tunnelled offline migration does not make sense', source: 'qemuMigrationSrcBeginPhase (VIR_ERR_OPERATION_INVALID)' },
  { code: 'migrate-disks-without-storage', raisedBy: 'libvirt', message: "use of 'VIR_MIGRATE_PARAM_MIGRATE_DISKS' requires use of 'VIR_MIGRATE_NON_SHARED_DISK' or 'VIR_MIGRATE_NON_SHARED_INC' flag", source: 'qemuMigrationSrcBeginPhase (VIR_ERR_OPERATION_UNSUPPORTED)' },
  { code: 'disk-target-not-found', raisedBy: 'libvirt', message: 'disk target %s not found', source: 'qemuMigrationSrcBeginPhase (VIR_ERR_INVALID_ARG)' },
  { code: 'port-range-exhausted', raisedBy: 'libvirt', message: "Unable to find an unused port in range 'migration' (%s-%s)", source: 'virPortAllocatorAcquire' },
  { code: 'precreate-incremental-unsupported', raisedBy: 'libvirt', message: 'pre-creation of storage targets for incremental storage migration is not supported', source: 'qemuMigrationDstPrecreateStorage (VIR_ERR_OPERATION_UNSUPPORTED)' },
  { code: 'storage-pool-not-found', raisedBy: 'libvirt', message: "Storage pool not found: no storage pool with matching target path '%s'", source: 'qemuMigrationDstPrecreateDisk → virStoragePoolLookupByTargetPath' },
  { code: 'capacity-overflow', raisedBy: 'libvirt', message: 'numerical overflow: value too large: %s', source: 'qemuMigrationDstPrecreateDisk (observed on libvirt 9.0 with capacity -1)' },
  { code: 'readonly-disk', raisedBy: 'libvirt', message: 'Cannot migrate empty or read-only disk %s', source: 'qemuMigrationDstStartNBDServer (VIR_ERR_OPERATION_UNSUPPORTED)' },
  { code: 'image-open-failed', raisedBy: 'qemu', message: "Could not open '%s': No such file or directory", source: 'QEMU block layer at start (-incoming)' },
  { code: 'operation-aborted', raisedBy: 'libvirt', message: 'operation aborted: migration out: canceled by client', source: 'qemuMigrationSrcNBDStorageCopy / qemuMigrationSrcRun (abortJob, VIR_ERR_OPERATION_ABORTED)' },
  { code: 'qemu-command-failed', raisedBy: 'qemu', message: 'NBD server already running / NBD server not running / Cannot find device=%s nor node_name=%s / Source and target image have different sizes', source: 'QEMU QMP (blockdev-nbd.c nbd_server_start, block/export, block/mirror.c mirror_start_job)' },
  { code: 'qemu-not-running', raisedBy: 'simulator', message: 'no QEMU process runs on this host', source: 'a QMP command sent to a host whose QEMU is not running' },
  { code: 'nbd-tls-mismatch', raisedBy: 'qemu', message: 'Option 0x7 not permitted before TLS / Server does not support STARTTLS', source: 'QEMU nbd/server.c, nbd/client.c' },
  { code: 'migrate-unsafe', raisedBy: 'libvirt', message: 'Unsafe migration: Migration without shared storage is unsafe', source: 'qemuMigrationSrcIsSafe (VIR_ERR_MIGRATE_UNSAFE)' },
  { code: 'nbd-not-set-up', raisedBy: 'libvirt', message: 'migration of non-shared disks requested but NBD is not set up', source: 'qemuMigrationSrcRun (no blk/inc fallback since 8.7, inferred)' },
  { code: 'block-migration-unavailable', raisedBy: 'qemu', message: "Parameter 'blk' is unexpected / Unknown savevm section or instance 'block' 0", source: 'QEMU migrate (blk/inc removed in 9.1)' },
  { code: 'tunnelled-storage-unsupported', raisedBy: 'libvirt', message: 'migration of non-shared storage is not supported with tunnelled migration and this QEMU', source: 'qemuMigrationSrcBegin (f8867ddb05); 9.0: Prepare fails in qemuMigrationDstPrepareTunnel' },
  { code: 'qemu-too-old', raisedBy: 'simulator', message: 'libvirt %s does not run QEMU %s (minimum %s)', source: 'qemuCaps minimum version (NEWS 8.7.0, 12.4.0)' },
  { code: 'qemu-command-not-found', raisedBy: 'qemu', message: 'The command %s has not been found', source: 'QMP dispatcher (CommandNotFound)' },
  { code: 'nbd-tls-unsupported', raisedBy: 'libvirt', message: 'QEMU NBD server does not support TLS transport', source: 'qemuMigrationDstStartNBDServer' },
  { code: 'nbd-tls-source-unsupported', raisedBy: 'libvirt', message: 'NBD migration with TLS is not supported', source: 'qemuMigrationSrcNBDStorageCopy (before 4.4.0)' },
  { code: 'unknown-disk-target', raisedBy: 'libvirt', message: "unable to find disk target '%s' for non-shared-storage migration", source: 'qemuMigrationDstPrepareStorage' },
  { code: 'nbd-connect-failed', raisedBy: 'qemu', message: "Failed to connect to '%s:%s': Connection refused", source: 'QEMU nbd client (block/nbd.c)' },
  { code: 'nbd-address-unresolvable', raisedBy: 'qemu', message: "address resolution failed for %s:%s: Servname not supported for ai_socktype", source: 'QEMU inet_connect; port formatted %u by qemuBlockStorageSourceBuildJSONInetSocketAddress (observed on libvirt 9.0)' },
  { code: 'nbd-export-not-found', raisedBy: 'qemu', message: 'Requested export not available', source: 'QEMU nbd client: NBD_REP_ERR_UNKNOWN' },
  { code: 'nbd-port-missing', raisedBy: 'simulator', message: "the Prepare reply's <nbd> gives no port to connect to", source: 'designer policy port-range (libvirt connects to port 0)' },
  { code: 'nbd-connect-timeout', raisedBy: 'simulator', message: 'no answer from NBD server %s:%s within %s ms', source: 'designer policy connect-timeout' },
  { code: 'migration-hung', raisedBy: 'simulator', message: 'no progress for %s ms (waiting on %s) / the mirror of %s never became READY: %s', source: 'qemuMigrationSrcNBDStorageCopyBlockdev: blockdev-add has no timeout (observed on libvirt 9.0); qemuMigrationSrcNBDStorageCopy waits for READY with none either' },
  { code: 'mirror-ready-timeout', raisedBy: 'simulator', message: 'the mirror of %s was not READY within %s ms: %s', source: 'designer policy ready-timeout' },
  { code: 'cannot-simulate', raisedBy: 'simulator', message: 'cannot simulate this in reasonable time: %s', source: 'the block-stream model\'s work budget (src/sim/stream/scenario.ts mirrorWorkMax)' },
  { code: 'peer-lacks-nbd', raisedBy: 'simulator', message: 'the destination does not advertise NBD storage migration', source: 'designer policy nbd-gate=feature-bit' },
  { code: 'connection-lost', raisedBy: 'libvirt', message: 'internal error: connection closed due to keepalive timeout', source: 'virKeepAliveTimerInternal' },
  { code: 'peer-crashed', raisedBy: 'libvirt', message: 'Unable to read from socket: Connection reset by peer', source: 'virNetSocketReadWire' },
  { code: 'unexpected-cookie', raisedBy: 'libvirt', message: 'received unexpected cookie with P2P migration', source: 'qemuMigrationSrcPerformPhase' },
];

export function phaseError(code: string, message: string, phase: Phase): PhaseError {
  return { code, message, phase };
}
