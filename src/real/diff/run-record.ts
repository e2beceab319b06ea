// One migration in the form `real diff` compares, whoever ran it: the outcome and error, the
// phases in the order they ran (with the cookie each parsed and sent), the NBD path as the QMP
// commands that carry it, and both hosts' end state. Built from a simulated HandshakeResult
// (from-simulation.ts) and from a real record (from-real.ts), so that neither the simulator's
// JSON nor the real record's shape is what the diff depends on.
import type { Phase, Side, StoragePath } from '../../model/migration/types.js';

export type RecordOrigin = 'real' | 'simulation';

export interface RunPhase {
  readonly phase: Phase;
  readonly side: Side;
  /** Finish or Confirm run as the clean-up of a failure. */
  readonly cancelled: boolean;
  /** The cookie this phase parsed, as XML (null: none). */
  readonly cookieParsed: string | null;
  readonly cookieSent: string | null;
}

/** The QMP commands that make up the NBD path (libvirt's qemuMigrationDstStartNBDServer, qemuMigrationSrcNBDStorageCopy...). */
export const nbdCommands = ['nbd-server-start', 'block-export-add', 'blockdev-add', 'blockdev-mirror', 'drive-mirror', 'block-job-cancel', 'nbd-server-stop'] as const;
export type NbdCommand = (typeof nbdCommands)[number];

export interface NbdStep {
  readonly side: Side;
  readonly command: NbdCommand;
  /** The arguments that matter to the path, as text (port, export, sync, tls, force...). */
  readonly detail: Readonly<Record<string, string>>;
}

export type DomainState = 'running' | 'paused' | 'shut-off' | 'absent' | 'unknown';

export interface HostEnd {
  readonly domain: DomainState;
  /** Whether the host keeps a persistent definition; null when it has none at all. */
  readonly persistent: boolean | null;
  /** An NBD server (an export or a listening NBD port) still there; null when it cannot be told. */
  readonly nbdServer: boolean | null;
  /** Block jobs (mirrors) still there; null when it cannot be told. */
  readonly blockJobs: number | null;
}

export interface RunError {
  readonly code: string;
  readonly message: string;
  readonly phase: Phase;
}

export interface RunRecord {
  readonly origin: RecordOrigin;
  readonly outcome: { readonly result: 'completed' | 'failed'; readonly storage: StoragePath | null; readonly error: RunError | null };
  readonly phases: readonly RunPhase[];
  readonly confirm: 'ran' | 'ran-cancelled' | 'not-run';
  readonly nbd: readonly NbdStep[];
  readonly end: { readonly source: HostEnd; readonly target: HostEnd };
  /** After a completed storage copy: whether every copied disk is the same on both sides; null when nothing was copied. */
  readonly copiedDisksIdentical: boolean | null;
}

export function confirmOf(phases: readonly RunPhase[]): RunRecord['confirm'] {
  const confirm = phases.find((p) => p.phase === 'confirm');
  return confirm === undefined ? 'not-run' : confirm.cancelled ? 'ran-cancelled' : 'ran';
}
