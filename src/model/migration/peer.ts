// The phase functions of each side as one value, so that a protocol designer (or a planted bug in
// the tests) can replace or wrap them and run against the same world, oracles and renderers.
import { sourceBegin, type SourceState } from './begin.js';
import { sourceConfirm, sourceConfirmLostFinish, targetFinish } from './finish.js';
import { sourcePerform } from './perform.js';
import { targetPrepare, type TargetState } from './prepare.js';
import type { Effect, PhaseContext, PhaseOutcome } from './types.js';

export interface SourcePeer {
  readonly name: string;
  begin(ctx: PhaseContext): PhaseOutcome<SourceState>;
  perform(ctx: PhaseContext, state: SourceState, cookie: string | null): PhaseOutcome<SourceState>;
  confirm(ctx: PhaseContext, state: SourceState, cookie: string | null, cancelled: boolean): PhaseOutcome<SourceState>;
  /** Confirm when the Finish reply never came (optional; defaults to a cancelled Confirm). */
  confirmLostFinish?(ctx: PhaseContext, state: SourceState): PhaseOutcome<SourceState>;
  /** What the source's QEMU is asked to do when Perform fails (optional; defaults to libvirt's: cancel the mirrors, resume the guest). */
  performFailed?(ctx: PhaseContext): readonly Effect[];
}

export interface TargetPeer {
  readonly name: string;
  prepare(ctx: PhaseContext, cookie: string | null): PhaseOutcome<TargetState>;
  finish(ctx: PhaseContext, state: TargetState, cookie: string | null, cancelled: boolean): PhaseOutcome<TargetState>;
}

/**
 * qemuMigrationSrcPerformPhase's error path: cancel the NBD copy (qemuMigrationSrcNBDCopyCancel)
 * and restore the domain's state from before the migration (qemuMigrationSrcRestoreDomainState).
 */
export function sourcePerformFailed(): readonly Effect[] {
  return [{ kind: 'mirror-cancel' }, { kind: 'resume' }];
}

/** libvirt's QEMU driver as migsim models it, for every era. */
export const libvirtSourcePeer: SourcePeer = {
  name: 'libvirt', begin: sourceBegin, perform: sourcePerform, confirm: sourceConfirm, confirmLostFinish: sourceConfirmLostFinish,
  performFailed: sourcePerformFailed,
};
export const libvirtTargetPeer: TargetPeer = { name: 'libvirt', prepare: targetPrepare, finish: targetFinish };
