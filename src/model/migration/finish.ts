// Finish on the destination (`qemuMigrationDstFinish`) and Confirm on the source
// (`qemuMigrationSrcConfirmPhase`): end the migration on each side, or undo it.
import type { SourceState } from './begin.js';
import { finishCookie, readCookie, type CookieRead } from './cookies.js';
import { elementFact } from './sentences.js';
import type { TargetState } from './prepare.js';
import type { Decision, Effect, PhaseContext, PhaseOutcome } from './types.js';

/** Whether the destination stops its NBD server, and why. */
function stopDecision(ctx: PhaseContext, state: TargetState, read: Extract<CookieRead, { ok: true }> | null): { stop: boolean; decision: Decision | null } {
  const cookieHasNbd = (read?.cookie.nbd ?? null) !== null;
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
    ? { stop: false, decision: { text: `${elementFact(ctx, read, 'nbd', 'Perform')}: the NBD server is left running`, rule: 'qemuMigrationDstStopNBDServer: only if (mig->nbd); observed on libvirt 9.0' } }
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
  let read: Extract<CookieRead, { ok: true }> | null = null;
  if (cookieXml !== null) {
    const result = readCookie(ctx, 'finish', cookieXml);
    if (!result.ok) {
      return { ok: false, error: result.error, effects: [{ kind: 'stop-qemu' }],
        decisions: [{ text: 'refuses the Perform cookie after all data moved: removes the incoming domain', rule: 'qemuMigrationDstFinish; observed on libvirt 9.0' }] };
    }
    read = result;
  }
  const featureNotes = read?.decisions ?? [];
  if (ctx.request.offline) {
    return {
      ok: true, effects: [{ kind: 'define-domain', persistent: true }],
      decisions: [...featureNotes, { text: 'offline migration: defines the domain persistently here; nothing runs', rule: 'qemuMigrationDstFinishOffline → qemuMigrationDstPersist' }],
      complete: (report) => ({ ok: true, state, cookie: ctx.protocol === 'v3' ? finishCookie(ctx, report) : null, decisions: [] }),
    };
  }
  const { stop, decision } = stopDecision(ctx, state, read);
  const effects: Effect[] = [
    ...(stop ? [{ kind: 'nbd-server-stop' } as const] : []),
    ...(ctx.request.persistent ? [{ kind: 'define-domain', persistent: true } as const] : []),
    { kind: 'resume' },
  ];
  const decisions = [...featureNotes, ...(decision ? [decision] : [])];
  if (ctx.request.persistent) decisions.push({ text: '--persistent: defines the domain persistently here', rule: 'qemuMigrationDstPersist' });
  return {
    ok: true, decisions, effects,
    complete: (report) => ({ ok: true, state, cookie: ctx.protocol === 'v3' ? finishCookie(ctx, report) : null, decisions: [] }),
  };
}

type Confirm = (ctx: PhaseContext, state: SourceState, cookieXml: string | null, cancelled: boolean) => PhaseOutcome<SourceState>;

/**
 * Confirm after the Finish reply was lost: libvirt cannot tell a failed Finish from a lost answer
 * and runs `confirm` as cancelled, which resumes the guest here although the destination may
 * already run it; the designer policy `lost-finish=pause` keeps it paused instead. `confirm` is
 * whichever Confirm the source runs (libvirt's, or a plug-in's), so an override is honoured here too.
 */
export function confirmAfterLostFinish(ctx: PhaseContext, state: SourceState, confirm: Confirm): PhaseOutcome<SourceState> {
  if (ctx.policy.lostFinish === 'pause') {
    return {
      ok: true, effects: [{ kind: 'mirror-cancel' }],
      decisions: [{ text: 'the Finish reply was lost: keeps the guest paused, as the destination may already run it', rule: 'designer policy lost-finish=pause' }],
      complete: () => ({ ok: true, state, cookie: null, decisions: [] }),
    };
  }
  return confirm(ctx, state, null, true);
}

/** libvirt's Confirm when the Finish reply never came. */
export function sourceConfirmLostFinish(ctx: PhaseContext, state: SourceState): PhaseOutcome<SourceState> {
  return confirmAfterLostFinish(ctx, state, sourceConfirm);
}

export function sourceConfirm(ctx: PhaseContext, state: SourceState, cookieXml: string | null, cancelled: boolean): PhaseOutcome<SourceState> {
  if (cancelled) {
    return {
      ok: true, effects: [{ kind: 'mirror-cancel' }, { kind: 'resume' }],
      decisions: [{ text: 'the migration failed: cancels any block job and resumes the domain here', rule: 'qemuMigrationSrcConfirmPhase (cancelled)' }],
      complete: () => ({ ok: true, state, cookie: null, decisions: [] }),
    };
  }
  const read = cookieXml === null ? null : readCookie(ctx, 'confirm', cookieXml);
  if (read !== null && !read.ok) {
    // qemuMigrationSrcConfirmPhase parses the Finish cookie first and returns -1 when it cannot,
    // before it stops the source QEMU: the guest stays paused here while it runs on the destination
    // (what its caller then does: src/sim/handshake/run.ts, finishAndConfirm). The designer policy
    // finish-cookie-refused=stop refuses the cookie all the same but stops the source QEMU.
    if (ctx.policy.finishCookieRefused === 'libvirt') return { ok: false, error: read.error, effects: [], decisions: [] };
    return {
      ok: false, error: read.error, effects: [{ kind: 'stop-qemu' }],
      decisions: [{ text: 'refuses the Finish cookie, but Finish succeeded and the domain runs on the destination: stops the source QEMU anyway', rule: 'designer policy finish-cookie-refused=stop' }],
    };
  }
  return {
    ok: true, effects: [{ kind: 'stop-qemu' }],
    decisions: [...(read?.decisions ?? []), { text: 'the domain runs on the destination now: stops the source QEMU', rule: 'qemuMigrationSrcConfirmPhase → qemuProcessStop' }],
    complete: () => ({ ok: true, state, cookie: null, decisions: [] }),
  };
}
