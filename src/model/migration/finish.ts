// Finish on the destination (`qemuMigrationDstFinish`) and Confirm on the source
// (`qemuMigrationSrcConfirmPhase`): end the migration on each side, or undo it.
import type { SourceState } from './begin.js';
import { finishCookie, readCookie } from './cookies.js';
import type { TargetState } from './prepare.js';
import type { Decision, Effect, PhaseContext, PhaseOutcome } from './types.js';

/** Whether the destination stops its NBD server, and why. */
function stopDecision(ctx: PhaseContext, state: TargetState, cookieHasNbd: boolean): { stop: boolean; decision: Decision | null } {
  if (ctx.policy.nbdServerStop === 'own-state' && ctx.self.profile.behaviour.nbd) {
    return state.nbdServerStarted
      ? { stop: true, decision: { text: 'stops the NBD server it started', rule: 'designer policy nbd-stop=own-state' } }
      : { stop: false, decision: null };
  }
  if (ctx.self.profile.behaviour.nbdServerStop === 'never') {
    return state.nbdServerStarted
      ? { stop: false, decision: { text: 'nothing stops the NBD server in this libvirt: it keeps running', rule: 'before c3012a023f (1.2.11)' } }
      : { stop: false, decision: null };
  }
  if (cookieHasNbd) return { stop: true, decision: { text: 'the Perform cookie has <nbd>: stops the NBD server', rule: 'qemuMigrationDstStopNBDServer: if (mig->nbd)' } };
  return state.nbdServerStarted
    ? { stop: false, decision: { text: 'the Perform cookie has no <nbd>: the NBD server is left running', rule: 'qemuMigrationDstStopNBDServer: only if (mig->nbd); observed on libvirt 9.0' } }
    : { stop: false, decision: null };
}

export function targetFinish(ctx: PhaseContext, state: TargetState, cookieXml: string | null, cancelled: boolean): PhaseOutcome<TargetState> {
  if (cancelled) {
    return {
      ok: true, effects: [{ kind: 'stop-qemu' }],
      decisions: [{ text: 'the migration failed: destroys the incoming domain (and its NBD server with it)', rule: 'qemuMigrationDstFinish with retcode != 0' }],
      complete: () => ({ ok: true, state, cookie: null, decisions: [] }),
    };
  }
  let hasNbd = false;
  if (cookieXml !== null) {
    const read = readCookie(ctx, 'finish', cookieXml);
    if (!read.ok) {
      return { ok: false, error: read.error, effects: [{ kind: 'stop-qemu' }],
        decisions: [{ text: 'refuses the Perform cookie after all data moved: removes the incoming domain', rule: 'qemuMigrationDstFinish; observed on libvirt 9.0' }] };
    }
    hasNbd = read.cookie.nbd !== null;
  }
  const { stop, decision } = stopDecision(ctx, state, hasNbd);
  const effects: Effect[] = [...(stop ? [{ kind: 'nbd-server-stop' } as const] : []), { kind: 'resume' }];
  const decisions = decision ? [decision] : [];
  return {
    ok: true, decisions, effects,
    complete: (report) => ({ ok: true, state, cookie: ctx.protocol === 'v3' ? finishCookie(ctx, report) : null, decisions: [] }),
  };
}

/** Confirm after the Finish reply was lost: libvirt cannot tell a failed Finish from a lost answer. */
export function sourceConfirmLostFinish(ctx: PhaseContext, state: SourceState): PhaseOutcome<SourceState> {
  if (ctx.policy.lostFinish === 'pause') {
    return {
      ok: true, effects: [{ kind: 'mirror-cancel' }],
      decisions: [{ text: 'the Finish reply was lost: keeps the guest paused, as the destination may already run it', rule: 'designer policy lost-finish=pause' }],
      complete: () => ({ ok: true, state, cookie: null, decisions: [] }),
    };
  }
  return sourceConfirm(ctx, state, null, true);
}

export function sourceConfirm(ctx: PhaseContext, state: SourceState, cookieXml: string | null, cancelled: boolean): PhaseOutcome<SourceState> {
  if (cancelled) {
    return {
      ok: true, effects: [{ kind: 'mirror-cancel' }, { kind: 'resume' }],
      decisions: [{ text: 'the migration failed: cancels any block job and resumes the domain here', rule: 'qemuMigrationSrcConfirmPhase (cancelled)' }],
      complete: () => ({ ok: true, state, cookie: null, decisions: [] }),
    };
  }
  if (cookieXml !== null) {
    const read = readCookie(ctx, 'confirm', cookieXml);
    if (!read.ok) return { ok: false, error: read.error, effects: [], decisions: [] };
  }
  return {
    ok: true, effects: [{ kind: 'stop-qemu' }],
    decisions: [{ text: 'the domain runs on the destination now: stops the source QEMU', rule: 'qemuMigrationSrcConfirmPhase → qemuProcessStop' }],
    complete: () => ({ ok: true, state, cookie: null, decisions: [] }),
  };
}
