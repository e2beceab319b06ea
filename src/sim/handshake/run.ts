// Runs one migration through the protocol the way libvirt drives it: v3 (Begin, Prepare,
// Perform, Finish, Confirm) when both sides speak it, v2 (Prepare, Perform, Finish, no
// cookies) otherwise; cookies carried by the client (regular) or by the source daemon (p2p,
// tunnelled); on a failure, the cleanup phases libvirt runs (Finish and Confirm with
// "cancelled"). Phases are the pure functions of src/model/migration; this file moves their
// cookies across the link and has the simulated QEMUs carry out their effects.
import type { Finding } from '../../model/migration/findings.js';
import { libvirtSourcePeer, libvirtTargetPeer, sourcePerformFailed, type SourcePeer, type TargetPeer } from '../../model/migration/peer.js';
import type { SourceState } from '../../model/migration/begin.js';
import { confirmAfterLostFinish } from '../../model/migration/finish.js';
import type { TargetState } from '../../model/migration/prepare.js';
import { copiedDisks } from '../../model/migration/disks.js';
import type {
  Decision, Effect, EffectReport, OutgoingCookie, Phase, PhaseContext, PhaseError, PhaseOutcome, Protocol, Side, StoragePath,
} from '../../model/migration/types.js';
import { HostStateRecorder, type HostStates } from './host-state.js';
import { checkInvariants, type Hang } from './invariants.js';
import type { Scenario } from './scenario.js';
import type { StorageCopy } from './storage-copy.js';
import { Trace, traceHash, type Party, type TraceEvent } from './trace.js';
import { HandshakeWorld } from './world.js';

export type HandshakeOutcome =
  | { readonly result: 'completed'; readonly storage: StoragePath; readonly error: null }
  | { readonly result: 'failed'; readonly storage: StoragePath; readonly error: PhaseError };

export interface PhaseSummary {
  readonly phase: Phase;
  readonly side: Side;
  readonly cancelled: boolean;
  readonly ok: boolean;
  readonly error: PhaseError | null;
  readonly decisions: readonly Decision[];
  /** The cookie this phase sent, as XML, or null. */
  readonly cookie: string | null;
  readonly atMs: number;
}

export interface HandshakeResult {
  readonly protocol: Protocol;
  readonly outcome: HandshakeOutcome;
  readonly phases: readonly PhaseSummary[];
  readonly findings: readonly Finding[];
  readonly trace: readonly TraceEvent[];
  /** Golden hash of the trace (computed on first read). */
  readonly traceHash: string;
  readonly durationMs: number;
  /** The storage copy as the block-stream model timed it (null when nothing was copied). */
  readonly storageCopy: StorageCopy | null;
  readonly final: Readonly<Record<Side, { readonly running: boolean; readonly paused: boolean; readonly nbdServer: boolean; readonly mirrors: number }>>;
}

type PhaseRun<S> = { readonly ok: true; readonly state: S; readonly cookie: OutgoingCookie | null } | { readonly ok: false; readonly error: PhaseError };
type Delivery = { readonly ok: true; readonly xml: string | null } | { readonly ok: false; readonly error: PhaseError };

/** libvirt's keepalive gives up on a silent peer after 5 probes 5 s apart (virKeepAlive defaults). */
const keepaliveTimeoutMs = 30_000;
/** Effects whose failure libvirt only logs (VIR_WARN) and goes on. */
const ignorable: ReadonlySet<Effect['kind']> = new Set(['nbd-server-stop', 'mirror-cancel', 'resume', 'stop-qemu']);

class HandshakeRun {
  readonly hw: HandshakeWorld;
  readonly hosts: HostStateRecorder;
  readonly trace = new Trace();
  readonly phases: PhaseSummary[] = [];
  readonly phasesRun: Phase[] = [];
  readonly crashed = new Set<Side>();
  readonly sent: { phase: Phase; xml: string }[] = [];
  readonly protocol: Protocol;
  readonly source: SourcePeer;
  readonly target: TargetPeer;
  readonly context: Readonly<Record<Side, PhaseContext>>;
  hungOn: Hang | null = null;
  copyDisks: readonly string[];
  readonly untouched = new Map<string, Uint32Array>();

  constructor(readonly scenario: Scenario) {
    this.hw = new HandshakeWorld(scenario);
    this.hosts = new HostStateRecorder(this.hw);
    const { source, target } = scenario;
    this.protocol = source.profile.behaviour.protocolV3 && target.profile.behaviour.protocolV3 ? 'v3' : 'v2';
    this.source = scenario.peers.source ?? libvirtSourcePeer;
    this.target = scenario.peers.target ?? libvirtTargetPeer;
    const common = { domain: scenario.domain, request: scenario.request, policy: scenario.policy, protocol: this.protocol };
    this.context = {
      source: { ...common, self: source, peerAddress: target.address, peerFeatures: { v3: target.profile.behaviour.protocolV3, nbd: target.profile.behaviour.nbd } },
      target: { ...common, self: target, peerAddress: source.address, peerFeatures: { v3: source.profile.behaviour.protocolV3, nbd: source.profile.behaviour.nbd } },
    };
    this.copyDisks = copiedDisks(scenario.domain, scenario.request).map((d) => d.target);
    // The destination images of the local disks left out of the copy, as they were: nothing may write them.
    for (const disk of scenario.domain.disks) {
      const image = this.hw.qemu.target.disks.get(disk.target);
      if (!disk.shared && !this.copyDisks.includes(disk.target) && image) this.untouched.set(disk.target, image.slice());
    }
  }

  private report(): EffectReport {
    return { elapsedMs: this.hw.nowMs, ramBytes: this.hw.ramBytesSent, diskBytes: this.hw.diskBytesSent };
  }

  /** Runs one phase: the peer's decision, its effects on this side's QEMU, then its cookie. */
  phase<S>(side: Side, phase: Phase, cancelled: boolean, invoke: () => PhaseOutcome<S>): PhaseRun<S> {
    const atMs = this.hw.nowMs;
    this.phasesRun.push(phase);
    this.hosts.enter(side, phase, cancelled);
    this.trace.add({ atMs, kind: 'phase-start', phase, side, cancelled, ...this.hostStates() });
    if (this.shouldCrash(side, phase)) {
      return this.fail(side, phase, cancelled, atMs, [], { code: 'peer-crashed', message: 'Unable to read from socket: Connection reset by peer', phase });
    }
    const outcome = invoke();
    this.decide(side, phase, outcome.decisions);
    if (!outcome.ok) {
      this.runEffects(side, phase, outcome.effects);
      if (side === 'source' && phase === 'perform') this.performFailed();
      return this.fail(side, phase, cancelled, atMs, outcome.decisions, outcome.error);
    }
    const failure = this.runEffects(side, phase, outcome.effects);
    if (failure) {
      // A Prepare that fails after starting QEMU kills it again (qemuMigrationDstPrepareCleanup).
      if (side === 'target' && phase === 'prepare') this.runEffects(side, phase, [{ kind: 'stop-qemu' }]);
      if (side === 'source' && phase === 'perform') this.performFailed();
      return this.fail(side, phase, cancelled, atMs, outcome.decisions, { ...failure, phase });
    }
    const completion = outcome.complete(this.report());
    this.decide(side, phase, completion.decisions);
    const decisions = [...outcome.decisions, ...completion.decisions];
    if (!completion.ok) {
      this.runEffects(side, phase, completion.effects);
      return this.fail(side, phase, cancelled, atMs, decisions, completion.error);
    }
    this.record(side, phase, cancelled, atMs, decisions, null, completion.cookie);
    return { ok: true, state: completion.state, cookie: completion.cookie };
  }

  /**
   * qemuMigrationSrcPerformJob ends a p2p job with qemuMigrationSrcRestoreDomainState: a guest
   * still paused for the migration (its Confirm failed before stopping QEMU) is resumed.
   */
  resumeAfterFailedConfirm(): void {
    if (!this.hw.qemu.source.running || !this.hw.qemu.source.paused) return;
    this.decide('source', 'confirm', [{
      text: "Confirm failed after Finish succeeded: warns \"Guest probably left in 'paused' state on source\", then restores the pre-migration state and resumes the guest here",
      rule: 'qemuMigrationSrcPerformPeer2Peer3 → qemuMigrationSrcPerformJob → qemuMigrationSrcRestoreDomainState',
    }]);
    this.runEffects('source', 'confirm', [{ kind: 'resume' }]);
  }

  /** The source's own clean-up of a failed Perform, as its peer says (libvirt's: cancel mirrors, resume). */
  /** Both hosts now, for the trace event being recorded (when the scenario records them). */
  private hostStates(): { readonly hosts?: HostStates } {
    return this.scenario.recordHostStates ? { hosts: this.hosts.snapshot() } : {};
  }

  private performFailed(): void {
    const effects = (this.source.performFailed ?? sourcePerformFailed)(this.context.source);
    this.runEffects('source', 'perform', effects);
  }

  private fail(side: Side, phase: Phase, cancelled: boolean, atMs: number, decisions: readonly Decision[], error: PhaseError): { ok: false; error: PhaseError } {
    this.record(side, phase, cancelled, atMs, decisions, error, null);
    return { ok: false, error };
  }

  private shouldCrash(side: Side, phase: Phase): boolean {
    const crash = this.scenario.crash;
    if (this.crashed.has(side)) return true;
    if (!crash || crash.side !== side || crash.before !== phase) return false;
    this.crashed.add(side);
    this.hw.qemu[side].stop();
    return true;
  }

  private decide(side: Side, phase: Phase, decisions: readonly Decision[]): void {
    for (const decision of decisions) this.trace.add({ atMs: this.hw.nowMs, kind: 'decision', phase, side, decision });
  }

  private record(side: Side, phase: Phase, cancelled: boolean, atMs: number, decisions: readonly Decision[], error: PhaseError | null, cookie: OutgoingCookie | null): void {
    this.hosts.leave(side, error === null);
    this.trace.add({ atMs: this.hw.nowMs, kind: 'phase-end', phase, side, ok: error === null, error, ...this.hostStates() });
    this.phases.push({ phase, side, cancelled, ok: error === null, error, decisions, cookie: cookie?.xml ?? null, atMs });
  }

  /** Executes effects in order; returns the first refusal that fails the phase. */
  private runEffects(side: Side, phase: Phase, effects: readonly Effect[]): { code: string; message: string } | null {
    for (const effect of effects) {
      const result = this.hw.execute(side, effect, this.copyDisks);
      if (result.ok) {
        this.trace.add({ atMs: this.hw.nowMs, kind: 'effect', phase, side, effect, result: 'ok', ...(result.detail ? { detail: result.detail } : {}), ...this.hostStates() });
        continue;
      }
      const soft = ignorable.has(effect.kind);
      this.trace.add({ atMs: this.hw.nowMs, kind: 'effect', phase, side, effect, result: soft ? 'ignored' : 'refused', code: result.code, message: result.message, ...this.hostStates() });
      if (result.hang) this.hungOn = hangOf(effect);
      if (!soft) return { code: result.code, message: result.message };
    }
    return null;
  }

  /** Carries a cookie from one side to the other: through the client (regular) or directly (p2p). */
  send(phase: Phase, from: Side, to: Side, cookie: OutgoingCookie | null, receiving: Phase): Delivery {
    if (cookie === null) return { ok: true, xml: null };
    const route: Party[] = this.scenario.request.mode === 'regular' ? [from, 'client', to] : [from, to];
    this.hw.advance(this.hw.transferMs(cookie.xml.length, route.length - 1));
    const delivery = this.scenario.interceptor?.({ phase, from, to, xml: cookie.xml, earlier: [...this.sent] }) ?? { action: 'deliver', xml: cookie.xml };
    this.sent.push({ phase, xml: cookie.xml });
    if (delivery.action === 'deliver' && delivery.delayMs) this.hw.advance(delivery.delayMs);
    const delivered = delivery.action === 'deliver' ? delivery.xml : null;
    this.trace.add({
      atMs: this.hw.nowMs, kind: 'cookie', phase, from, to, route, xml: cookie.xml,
      mutated: delivered !== null && delivered !== cookie.xml ? delivered : null, dropped: delivered === null,
      fault: delivery.note ?? (delivery.action === 'drop' ? 'dropped' : null),
    });
    if (delivered !== null) return { ok: true, xml: delivered };
    this.hw.advance(keepaliveTimeoutMs);
    return { ok: false, error: { code: 'connection-lost', message: 'internal error: connection closed due to keepalive timeout', phase: receiving } };
  }
}

/** What the source waits on without a bound when an effect hangs (the finding names it). */
function hangOf(effect: Effect): Hang {
  switch (effect.kind) {
    case 'mirror-start': return { resource: 'source:wait:nbd-connect', text: `blockdev-add to ${effect.host}:${effect.port} (qemuMigrationSrcNBDStorageCopyBlockdev: no timeout)` };
    case 'mirror-wait-ready': return { resource: 'source:wait:mirror-ready', text: 'the mirrors to become READY (qemuMigrationSrcNBDStorageCopy waits with no timeout)' };
    case 'migrate': return { resource: 'source:wait:migration', text: 'the migration to complete (qemuMigrationSrcWaitForCompletion: no timeout)' };
    default: return { resource: `source:wait:${effect.kind}`, text: effect.kind };
  }
}

function failed(storage: StoragePath, error: PhaseError): HandshakeOutcome {
  return { result: 'failed', storage, error };
}

/** Runs the cleanup phases, then reports the failure. */
function abort(run: HandshakeRun, source: SourceState | null, target: TargetState | null, storage: StoragePath, error: PhaseError): HandshakeOutcome {
  cleanup(run, source, target);
  return failed(storage, error);
}

/** Finish and Confirm with "cancelled", as libvirt runs them after a failure. */
function cleanup(run: HandshakeRun, source: SourceState | null, target: TargetState | null): void {
  if (target) run.phase('target', 'finish', true, () => run.target.finish(run.context.target, target, null, true));
  if (source) run.phase('source', 'confirm', true, () => run.source.confirm(run.context.source, source, null, true));
}

function runV3(run: HandshakeRun): HandshakeOutcome {
  const begin = run.phase('source', 'begin', false, () => run.source.begin(run.context.source));
  if (!begin.ok) return failed('none', begin.error);
  const src = begin.state;
  // A failed Prepare: the client runs Confirm (cancelled) to end the job Begin started
  // (virDomainMigrateVersion3Full: "Begin already started a migration job so we need to cancel it
  // by calling Confirm"); a p2p source daemon does not - qemuMigrationSrcPerformPeer2Peer3 goes
  // to cleanup when Prepare3 returns -1 (observed on libvirt 9.0: corpus/real/i-tunnelled-copy.json).
  const confirmAfterPrepare = run.scenario.request.mode === 'regular' ? src : null;
  const toPrepare = run.send('begin', 'source', 'target', begin.cookie, 'prepare');
  if (!toPrepare.ok) return abort(run, confirmAfterPrepare, null, 'none', toPrepare.error);
  const prepare = run.phase('target', 'prepare', false, () => run.target.prepare(run.context.target, toPrepare.xml));
  if (!prepare.ok) return abort(run, confirmAfterPrepare, null, 'none', prepare.error);
  // virDomainMigrateVersion3Full: an offline migration skips Perform and hands Finish no cookie.
  if (run.scenario.request.offline) return finishAndConfirm(run, src, prepare.state, 'none', null);
  const toPerform = run.send('prepare', 'target', 'source', prepare.cookie, 'perform');
  if (!toPerform.ok) return abort(run, src, prepare.state, 'none', toPerform.error);
  const perform = run.phase('source', 'perform', false, () => run.source.perform(run.context.source, src, toPerform.xml));
  if (!perform.ok) {
    // virDomainMigrateVersion3Full: "Perform failed so we don't need to call confirm to let source
    // know about the failure" (the source cleaned up in Perform); a p2p source daemon still runs
    // its Confirm phase after the cancelled Finish (qemuMigrationSrcPerformPeer2Peer3).
    return abort(run, run.scenario.request.mode === 'regular' ? null : src, prepare.state, 'none', perform.error);
  }
  const storage = perform.state.storagePath;
  const toFinish = run.send('perform', 'source', 'target', perform.cookie, 'finish');
  if (!toFinish.ok) return abort(run, perform.state, prepare.state, storage, toFinish.error);
  return finishAndConfirm(run, perform.state, prepare.state, storage, toFinish.xml);
}

/** Finish on the destination with the Perform cookie, then Confirm on the source with Finish's. */
function finishAndConfirm(run: HandshakeRun, source: SourceState, target: TargetState, storage: StoragePath, performCookie: string | null): HandshakeOutcome {
  const finish = run.phase('target', 'finish', false, () => run.target.finish(run.context.target, target, performCookie, false));
  if (!finish.ok) return abort(run, source, null, storage, finish.error);
  const toConfirm = run.send('finish', 'target', 'source', finish.cookie, 'confirm');
  if (!toConfirm.ok) {
    // libvirt cannot tell a lost Finish reply from a failed Finish: Confirm runs as cancelled,
    // unless the peer (or a plug-in) has its own answer to a lost reply.
    const own = run.source.confirmLostFinish;
    const lost = (): PhaseOutcome<SourceState> => (own && own !== libvirtSourcePeer.confirmLostFinish
      ? own(run.context.source, source)
      : confirmAfterLostFinish(run.context.source, source, run.source.confirm));
    run.phase('source', 'confirm', true, lost);
    return failed(storage, toConfirm.error);
  }
  const confirm = run.phase('source', 'confirm', false, () => run.source.confirm(run.context.source, source, toConfirm.xml, false));
  if (!confirm.ok) {
    // Finish succeeded, so the caller of a failed Confirm reports success all the same: the client
    // (virDomainMigrateVersion3Full) and a p2p source daemon (qemuMigrationSrcPerformPeer2Peer3)
    // only warn "Guest %s probably left in 'paused' state on source". The p2p daemon then ends its
    // Perform job with qemuMigrationSrcRestoreDomainState, which resumes the still-paused guest: it
    // runs on both hosts (observed on libvirt 9.0: corpus/real/rewrite-uuid-finish.json). Through
    // the client nothing resumes it; the source keeps a paused QEMU.
    if (run.scenario.request.mode !== 'regular') run.resumeAfterFailedConfirm();
  }
  return { result: 'completed', storage, error: null };
}

// v2 (virDomainMigrateVersion2): no Begin, no Confirm, no cookies. The source QEMU is stopped at
// the end of Perform, so a failing Finish loses the domain; that is why v3 added Confirm.
function runV2(run: HandshakeRun): HandshakeOutcome {
  const prepare = run.phase('target', 'prepare', false, () => run.target.prepare(run.context.target, null));
  if (!prepare.ok) return failed('none', prepare.error);
  const initial: SourceState = { storageMigration: run.copyDisks.length > 0, offeredNbd: false, copyDisks: run.copyDisks, storagePath: 'none' };
  const perform = run.phase('source', 'perform', false, () => withStop(run.source.perform(run.context.source, initial, null)));
  if (!perform.ok) return abort(run, null, prepare.state, 'none', perform.error);
  const finish = run.phase('target', 'finish', false, () => run.target.finish(run.context.target, prepare.state, null, false));
  if (!finish.ok) return failed(perform.state.storagePath, finish.error);
  return { result: 'completed', storage: perform.state.storagePath, error: null };
}

function withStop(outcome: PhaseOutcome<SourceState>): PhaseOutcome<SourceState> {
  return outcome.ok ? { ...outcome, effects: [...outcome.effects, { kind: 'stop-qemu' }] } : outcome;
}

export function simulateHandshake(scenario: Scenario): HandshakeResult {
  const run = new HandshakeRun(scenario);
  const outcome = run.protocol === 'v3' ? runV3(run) : runV2(run);
  const findings = checkInvariants({
    protocol: run.protocol, phasesRun: run.phasesRun, completed: outcome.result === 'completed',
    storageAsked: scenario.request.copyStorage !== 'none', copyDisks: run.copyDisks, qemu: run.hw.qemu,
    crashed: run.crashed, hungOn: run.hungOn, offline: scenario.request.offline === true,
    persistentAsked: scenario.request.persistent, definitions: run.hw.definitions, untouched: run.untouched,
  });
  for (const finding of findings) run.trace.add({ atMs: run.hw.nowMs, kind: 'finding', finding });
  const final = (side: Side): HandshakeResult['final'][Side] => {
    const q = run.hw.qemu[side];
    return { running: q.running, paused: q.paused, nbdServer: q.nbdServer !== null, mirrors: q.mirrors.size };
  };
  let hash: string | null = null;
  return {
    protocol: run.protocol, outcome, phases: run.phases, findings, trace: run.trace.events,
    get traceHash() {
      hash ??= traceHash(run.trace.events);
      return hash;
    },
    durationMs: run.hw.nowMs, storageCopy: run.hw.storageCopy, final: { source: final('source'), target: final('target') },
  };
}
