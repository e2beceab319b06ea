// The handshake oracles: what a correct pair of peers must do, judged from the trace of a run
// and independent reference checks (the cookie codec, the fallback rules, the decision table),
// not merely "it did not crash". Each failure names its oracle; what real libvirt does wrong under
// the libvirt policy is a known finding instead (./known.ts).
import { cookieErrorCodes, type ParseResult } from '../../model/cookie/index.js';
import { parseCookieShared } from '../../model/cookie/parse-shared.js';
import type { Effect, Phase } from '../../model/migration/types.js';
import { atLeast, v } from '../../model/version.js';
import type { HandshakeResult } from '../../sim/handshake/run.js';
import type { Scenario } from '../../sim/handshake/scenario.js';
import type { TraceEvent } from '../../sim/handshake/trace.js';
import { predict } from './decision-table.js';
import { acceptedInvalidExplanations, invariantExplanations, refusedFinishCookieExplanation, type KnownFinding } from './known.js';
import { receiverContext, storageMigrationInPerform } from './receiver.js';
import { sayVsDo } from './say-do.js';
import { selectedDisksMirrored, tlsKept } from './scenario.js';
import type { Judgement, OracleFailure } from './types.js';

export { receiverContext, type Judgement, type OracleFailure };

const cookieCodes: ReadonlySet<string> = new Set(cookieErrorCodes);
const receiverOf: Readonly<Record<string, Phase>> = { begin: 'prepare', prepare: 'perform', perform: 'finish', finish: 'confirm' };
const cleanupEffects: ReadonlySet<Effect['kind']> = new Set(['stop-qemu', 'resume', 'mirror-cancel']);

/** One cookie as delivered, with what the receiving phase did with it. */
interface Delivery {
  readonly sentBy: Phase;
  readonly receiver: Phase;
  readonly xml: string;
  readonly effects: Extract<TraceEvent, { kind: 'effect' }>[];
  readonly end: Extract<TraceEvent, { kind: 'phase-end' }> | null;
}

function deliveries(trace: readonly TraceEvent[]): Delivery[] {
  const out: Delivery[] = [];
  trace.forEach((event, index) => {
    if (event.kind !== 'cookie' || event.dropped) return;
    const receiver = receiverOf[event.phase];
    if (!receiver) return;
    const effects: Delivery['effects'] = [];
    let started = false;
    for (const next of trace.slice(index + 1)) {
      if (next.kind === 'phase-start' && next.phase === receiver && !next.cancelled) started = true;
      else if (started && next.kind === 'effect') effects.push(next);
      else if (started && next.kind === 'phase-end') return void out.push({ sentBy: event.phase, receiver, xml: event.mutated ?? event.xml, effects, end: next });
    }
    out.push({ sentBy: event.phase, receiver, xml: event.mutated ?? event.xml, effects, end: null });
  });
  return out;
}

class Judge {
  readonly failures: OracleFailure[] = [];
  readonly known: KnownFinding[] = [];

  constructor(readonly scenario: Scenario, readonly result: HandshakeResult) {}

  fail(oracle: string, message: string): void {
    this.failures.push({ oracle, message });
  }

  verdict(delivery: Delivery, reference: ParseResult): void {
    const code = delivery.end?.error?.code;
    // Refusals that come before the receiver reads the cookie say nothing about the cookie.
    if (code === 'peer-crashed' || code === 'unsupported-flags' || code === 'port-range-exhausted' || delivery.end === null) return;
    const peerRejected = code !== undefined && cookieCodes.has(code);
    const where = `${delivery.receiver} (cookie from ${delivery.sentBy})`;
    if (peerRejected && (reference.ok || reference.errors[0]?.code !== code)) {
      this.fail('verdict-mismatch', `${where} refused with ${code}, the reference ${reference.ok ? 'accepts it' : `refuses with ${reference.errors[0]?.code ?? '?'}`}`);
    } else if (!peerRejected && !reference.ok) {
      this.fail('verdict-mismatch', `${where} accepted a cookie the reference refuses with ${reference.errors[0]?.code ?? '?'}: ${reference.errors[0]?.message ?? ''}`);
    }
    if (peerRejected) {
      const done = delivery.effects.filter((e) => e.result === 'ok' && !cleanupEffects.has(e.effect.kind));
      if (done.length > 0) this.fail('side-effect-on-reject', `${where} refused its cookie after ${done.map((e) => e.effect.kind).join(', ')}`);
    }
  }

  /** libvirt accepts what the strict grammar refuses: a known finding, never under strict. */
  grammar(delivery: Delivery, reference: ParseResult): void {
    if (!reference.ok || this.scenario.policy.cookiePolicy !== 'libvirt') return;
    const strict = parseCookieShared(delivery.xml, { ...receiverContext(this.scenario, delivery.receiver), policy: 'strict', duplicateNbd: 'reject', portRangeCheck: true });
    if (strict.ok) return;
    const first = strict.errors[0];
    const why = first ? acceptedInvalidExplanations[first.code] : undefined;
    if (!first || !why) return void this.fail('accepted-invalid-cookie', `${delivery.receiver} accepted a cookie strict refuses: ${first?.code ?? '?'}`);
    this.known.push({ oracle: 'accepted-invalid-cookie', resource: `${delivery.receiver}:cookie`, message: `${delivery.receiver} accepted a cookie strict refuses with ${first.code}: ${first.message}`, ...why });
  }

  /** The source's view of the Prepare reply and the path it chose, against the reference and the fallback rules. */
  perform(delivery: Delivery, reference: ParseResult): void {
    if (!reference.ok || delivery.end === null) return;
    const nbd = reference.cookie.nbd;
    for (const event of delivery.effects) {
      if (event.effect.kind === 'mirror-start' && nbd && event.effect.port !== nbd.port) {
        this.fail('view-mismatch', `the source mirrors to port ${event.effect.port}, the Prepare reply says ${nbd.port}`);
      }
    }
    const decided = this.decided(delivery);
    if (decided === null) return;
    const expected = this.expectedPath(nbd !== null);
    if (decided !== expected) this.fail('wrong-storage-path', `with ${nbd ? 'an' : 'no'} <nbd> in the Prepare reply the source chose ${decided}, the fallback rules say ${expected}`);
  }

  private decided(delivery: Delivery): string | null {
    const attempted = (kind: Effect['kind']): boolean => delivery.effects.some((e) => e.effect.kind === kind);
    if (attempted('mirror-start')) return 'nbd';
    const migrate = delivery.effects.find((e) => e.effect.kind === 'migrate')?.effect;
    if (migrate?.kind === 'migrate') return migrate.blk === true || migrate.inc === true ? 'legacy' : 'none';
    return delivery.end?.error?.code === 'nbd-not-set-up' ? 'fail' : null;
  }

  private expectedPath(replyHasNbd: boolean): string {
    const { source, policy } = this.scenario;
    if (!storageMigrationInPerform(this.scenario)) return 'none';
    if (replyHasNbd && source.profile.behaviour.nbd) return 'nbd';
    if (!source.profile.behaviour.nbd) return 'legacy';
    const mode = policy.fallback === 'era' ? source.profile.behaviour.fallback : policy.fallback;
    return mode === 'fail' ? 'fail' : 'legacy';
  }

  /** The destination starts an NBD server exactly when the rules say (`qemuMigrationDstPrepareActive`). */
  prepare(delivery: Delivery, reference: ParseResult): void {
    if (!reference.ok || delivery.end === null) return;
    const started = delivery.effects.some((e) => e.effect.kind === 'nbd-server-start');
    // A Prepare that failed before it came to the NBD server (its cookie, ports, images, QEMU) is
    // judged by the verdict and decision-table oracles, not by this one.
    if (delivery.end.error && !started) return;
    const { target, request } = this.scenario;
    const gate = target.profile.behaviour.destinationNbdGate;
    const expected = reference.cookie.nbd !== null && request.copyStorage !== 'none' && target.profile.behaviour.nbd
      && (gate === null || target.profile.qemuCaps.has(gate)) && request.mode !== 'tunnelled';
    if (started !== expected) this.fail('wrong-nbd-server-decision', `the destination ${started ? 'started' : 'did not start'} an NBD server; the rules say it should${expected ? '' : ' not'}`);
  }

  /** A successful mirror goes only to the port and export the destination offered, for the right disk. */
  mirrorTargets(): void {
    const sent = this.result.trace.find((e) => e.kind === 'cookie' && e.phase === 'prepare');
    const offer = sent?.kind === 'cookie' ? parseCookieShared(sent.xml, { phase: 'all' }) : null;
    const offeredPort = offer?.ok ? offer.cookie.nbd?.port ?? null : null;
    const exports = new Map<string, string>();
    for (const e of this.result.trace) if (e.kind === 'effect' && e.result === 'ok' && e.effect.kind === 'nbd-export-add') exports.set(e.effect.name, e.effect.disk);
    for (const e of this.result.trace) {
      if (e.kind !== 'effect' || e.result !== 'ok' || e.effect.kind !== 'mirror-start') continue;
      const wire = (e.effect.port >>> 0) & 0xffff;
      if (wire !== offeredPort || exports.get(e.effect.export) !== e.effect.disk) {
        this.fail('mirror-target-not-offered', `${e.effect.disk} mirrored to port ${wire} export ${e.effect.export}; the destination offered port ${offeredPort ?? 'none'} with ${[...exports].map(([n, d]) => `${n}=${d}`).join(', ') || 'no exports'}`);
      }
    }
  }

  /** Whether the effect that hung had no bound by the policy (libvirt's waits have none). */
  private hungWithoutBound(): boolean {
    const hung = this.result.trace.find((e) => e.kind === 'effect' && e.code === 'migration-hung');
    if (hung?.kind !== 'effect') return false;
    switch (hung.effect.kind) {
      case 'mirror-start': return hung.effect.connectTimeoutMs === null;
      case 'mirror-wait-ready': return hung.effect.timeoutMs === null;
      default: return true;
    }
  }

  decisionTable(): void {
    const { source, target, request, policy } = this.scenario;
    const { domain } = this.scenario;
    const expected = predict(source.profile, target.profile, {
      copyStorage: request.copyStorage, mode: request.mode, policy, disks: domain.disks, migrateDisks: request.migrateDisks,
      offline: request.offline ?? false, unsafe: request.unsafe ?? false, persistent: request.persistent, tls: request.tls,
      destinationDisk: this.scenario.destinationDisk, portsInUse: this.scenario.portsInUse, portRange: this.scenario.portRange,
    });
    const { outcome } = this.result;
    const same = expected.result === outcome.result && (expected.result === 'completed'
      ? expected.storage === outcome.storage
      : outcome.result === 'failed' && expected.code === outcome.error.code && expected.phase === outcome.error.phase);
    if (!same) this.fail('decision-table-mismatch', `expected ${JSON.stringify(expected)}, got ${JSON.stringify({ ...outcome, error: outcome.error && { code: outcome.error.code, phase: outcome.error.phase } })}`);
  }

  /** Finish ran to its end (not cancelled, not failed). */
  private finishRanToEnd(): boolean {
    return this.result.phases.some((p) => p.phase === 'finish' && !p.cancelled && p.ok);
  }

  /**
   * libvirt's Confirm refused the Finish cookie of a Finish that succeeded, and did not stop the
   * source QEMU (finish-cookie-refused=libvirt): a p2p source then resumes the guest, a regular
   * migration leaves it paused.
   */
  private refusedFinishCookie(): boolean {
    const refused = this.result.phases.some((p) => p.phase === 'confirm' && !p.cancelled && !p.ok && p.error !== null && cookieCodes.has(p.error.code));
    return this.scenario.policy.finishCookieRefused === 'libvirt' && this.finishRanToEnd() && refused;
  }

  invariants(performCookieHasNbd: boolean | null, finishReplyLost: boolean): void {
    const { target, policy, source, request } = this.scenario;
    for (const finding of this.result.findings) {
      let why = invariantExplanations[finding.invariant];
      let known = false;
      if (finding.invariant === 'nbd-server-left-running') {
        // Only once Finish ran to its end: on an earlier failure libvirt destroys the destination QEMU.
        known = this.finishRanToEnd() && policy.nbdServerStop === 'era' && (!atLeast(target.profile.libvirt, v('1.2.11')) || performCookieHasNbd === false);
      } else if (finding.invariant === 'disks-differ') {
        known = request.copyStorage === 'inc' && source.profile.behaviour.incrementalCopySkipped && policy.storageFlags === 'era';
      } else if (finding.invariant === 'unbounded-wait') {
        known = this.hungWithoutBound();
      } else if (finding.invariant === 'domain-not-on-one-side') {
        known = policy.lostFinish === 'resume' && finishReplyLost;
        if (!known && request.mode !== 'regular' && this.refusedFinishCookie()) {
          known = true;
          why = refusedFinishCookieExplanation;
        }
      } else if (finding.invariant === 'source-left-paused') {
        known = request.mode === 'regular' && this.refusedFinishCookie();
      }
      if (known && why) this.known.push({ oracle: finding.invariant, resource: finding.resource, message: finding.message, ...why });
      else this.failures.push({ oracle: finding.invariant, message: finding.message, resource: finding.resource });
    }
  }
}

/**
 * A say-vs-do mismatch real libvirt has: its Finish stops the NBD server whenever the Perform
 * cookie it read carries <nbd>, whether or not its Prepare started one (after a blk/inc fallback
 * the cookie still says storage was migrated); QEMU refuses and libvirt only warns
 * (qemuMigrationDstStopNBDServer). The `nbd-stop=own-state` policy stops only what it started.
 */
function libvirtSaysAndDoes(scenario: Scenario, failure: OracleFailure): { explanation: string; source: string } | null {
  if (failure.oracle !== 'say-do-stop-unstarted' || scenario.policy.nbdServerStop !== 'era') return null;
  return {
    explanation: "Finish stops the NBD server whenever the Perform cookie it read carries <nbd>, not only the one its Prepare started; QEMU refuses and libvirt only warns",
    source: 'qemuMigrationDstStopNBDServer',
  };
}

/** Judges one run; `faultFree` runs are also held to the decision table. */
export function judgeHandshake(scenario: Scenario, result: HandshakeResult, options: { faultFree: boolean; decisionTable: boolean }): Judgement {
  const judge = new Judge(scenario, result);
  let performCookieHasNbd: boolean | null = null;
  for (const delivery of deliveries(result.trace)) {
    const reference = parseCookieShared(delivery.xml, receiverContext(scenario, delivery.receiver));
    judge.verdict(delivery, reference);
    judge.grammar(delivery, reference);
    if (delivery.receiver === 'perform') judge.perform(delivery, reference);
    if (delivery.receiver === 'prepare') judge.prepare(delivery, reference);
    if (delivery.receiver === 'finish') performCookieHasNbd = reference.ok ? reference.cookie.nbd !== null : null;
  }
  judge.mirrorTargets();
  for (const failure of sayVsDo(scenario, result)) {
    const why = libvirtSaysAndDoes(scenario, failure);
    if (why) judge.known.push({ oracle: failure.oracle, message: failure.message, resource: failure.resource ?? '', ...why });
    else judge.failures.push(failure);
  }
  judge.failures.push(...tlsKept(scenario, result), ...selectedDisksMirrored(scenario, result));
  if (options.faultFree && options.decisionTable) judge.decisionTable();
  const finishReplyLost = result.trace.some((e) => e.kind === 'cookie' && e.phase === 'finish' && e.dropped);
  judge.invariants(performCookieHasNbd, finishReplyLost);
  return { failures: judge.failures, known: judge.known };
}
