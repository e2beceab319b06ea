// Invariants every migration must keep, and what it means when one breaks. Under the `libvirt`
// policy some break because real libvirt breaks them (docs/evidence.md E2); such a run keeps libvirt's
// behaviour and reports the broken invariant as a finding. Under `strict` all must hold.
import type { ErrorCatalogEntry } from '../catalog.js';
import type { Phase } from './types.js';

export const invariantCodes = [
  'phase-order', 'nbd-server-left-running', 'mirror-left-running', 'domain-not-on-one-side', 'disks-differ', 'unbounded-wait',
  'incoming-left-paused', 'unselected-disk-written', 'definition-not-persistent', 'source-left-paused',
] as const;

export type InvariantCode = (typeof invariantCodes)[number];

export interface Finding {
  readonly invariant: InvariantCode;
  readonly message: string;
  /**
   * What the finding is about, as `side:thing` (`target:nbd-server`, `source:mirror:vda`,
   * `disk:vda`, `domain`): two runs show "the same finding" when invariant and resource agree.
   */
  readonly resource: string;
  /** The phase after which it was seen (the last one run). */
  readonly phase: Phase | null;
  /** Why it happens, and the libvirt function responsible. */
  readonly explanation: string;
  readonly source: string;
}

export const findingCatalog: readonly (ErrorCatalogEntry & { readonly explanation: string })[] = [
  { code: 'phase-order', raisedBy: 'simulator', message: 'phase %s ran after %s', source: 'migration protocol v3/v2',
    explanation: 'Phases must run Begin → Prepare → Perform → Finish → Confirm (v2: Prepare → Perform → Finish).' },
  { code: 'nbd-server-left-running', raisedBy: 'simulator', message: 'the NBD server on the destination is still running', source: 'qemuMigrationDstStopNBDServer',
    explanation: 'The destination stops its NBD server only when the Perform cookie carries <nbd> (and not at all before 1.2.11); a writable export of the guest disk stays open.' },
  { code: 'mirror-left-running', raisedBy: 'simulator', message: 'a block mirror job is still running on the source', source: 'qemuMigrationSrcNBDCopyCancel',
    explanation: 'Every mirror must be completed or cancelled before the migration ends.' },
  { code: 'domain-not-on-one-side', raisedBy: 'simulator', message: 'the domain runs on %s side(s)', source: 'qemuMigrationSrcConfirmPhase / qemuMigrationDstFinish',
    explanation: 'After the handshake the guest must run on exactly one host.' },
  { code: 'disks-differ', raisedBy: 'simulator', message: 'disk %s on the destination differs from the source', source: 'qemuMigrationSrcRun',
    explanation: 'A migration that completes with storage copy must leave the destination disks equal to the source disks.' },
  { code: 'unbounded-wait', raisedBy: 'simulator', message: 'the source waited without bound on %s', source: 'qemuMigrationSrcNBDStorageCopyBlockdev / qemuMigrationSrcNBDStorageCopy (no timeout)',
    explanation: 'The source waits with no timeout of its own: for blockdev-add while something accepts the NBD connection and stays silent (qemuMigrationSrcNBDStorageCopyBlockdev, observed on libvirt 9.0), and for READY while a mirror never converges (qemuMigrationSrcNBDStorageCopy).' },
  { code: 'incoming-left-paused', raisedBy: 'simulator', message: 'the destination QEMU is still waiting for the incoming migration, paused', source: 'qemuMigrationDstFinish / qemuProcessStop',
    explanation: 'A destination QEMU started with -incoming must either receive the domain and be resumed, or be stopped when the migration fails; left paused it holds the disks and ports of a domain that runs elsewhere.' },
  { code: 'unselected-disk-written', raisedBy: 'simulator', message: 'disk %s was not selected for copy, yet its destination image changed', source: 'qemuMigrationAnyCopyDisk (--migrate-disks)',
    explanation: 'A disk left out of --migrate-disks (or on shared storage) must not be exported, mirrored or written on the destination.' },
  { code: 'definition-not-persistent', raisedBy: 'simulator', message: '--persistent was asked, yet the destination has no persistent definition', source: 'qemuMigrationDstPersist',
    explanation: 'With --persistent (and always offline) the destination must define the domain persistently once the migration completes.' },
  { code: 'source-left-paused', raisedBy: 'simulator', message: 'the source QEMU is still there, paused, after the migration completed', source: 'qemuMigrationSrcConfirmPhase / virDomainMigrateVersion3Full',
    explanation: 'Once the domain runs on the destination, Confirm must stop the source QEMU; left paused it holds the memory and disks of a domain that runs elsewhere, one `cont` away from running twice.' },
];
