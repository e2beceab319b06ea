// One real fuzz case judged by the fuzzer's oracles: the real receiver's verdict against the
// reference codec's (deliberate deviations listed in src/real/diff/deviations.ts), and the
// invariants on the real hosts (no NBD server or mirror left, the domain running on exactly one
// side, no source QEMU left paused after a completed migration, copied disks identical, no
// unbounded wait) against what the simulation of the same case
// predicts: a finding the model predicts is libvirt's known behaviour; any other is a failure.
import { interceptorFor } from '../../fuzz/arbitraries/faults.js';
import { receiverContext } from '../../fuzz/oracles/receiver.js';
import type { DesignerPolicy } from '../../model/policy.js';
import { simulateHandshake } from '../../sim/handshake/run.js';
import { recordFromReal } from '../diff/from-real.js';
import { simScenarioFor } from '../diff/sim-scenario.js';
import type { RunRecord } from '../diff/run-record.js';
import type { RealRecord } from '../record.js';
import { caseScenario, receiverOf, type RealFuzzCase } from './fuzz-case.js';
import { realVerdict, referenceVerdict, type Verdict } from './verdict.js';

/** Where the reference codec refuses on purpose what libvirt accepts (docs/real.md, deviations). */
const deviationOfCode: Readonly<Record<string, string>> = { 'doctype-forbidden': 'doctype-refused', 'unsafe-name': 'unsafe-name-refused', 'too-deep': 'depth-limit' };

/** The invariants both the real hosts and the simulation can show, as `code` or `code@side`. */
const comparable = new Set(['nbd-server-left-running', 'mirror-left-running', 'domain-not-on-one-side', 'disks-differ', 'incoming-left-paused', 'unbounded-wait', 'source-left-paused']);

export interface CaseJudgement {
  readonly receiver: string;
  readonly real: Verdict;
  readonly reference: Verdict;
  readonly agree: boolean;
  readonly deviation: string | null;
  readonly invariants: { readonly real: readonly string[]; readonly simulated: readonly string[]; readonly unexplained: readonly string[] };
  /** Why the case fails, or null. */
  readonly failure: string | null;
}

export function realInvariants(record: RealRecord, run: RunRecord): string[] {
  const found: string[] = [];
  for (const side of ['source', 'target'] as const) {
    const end = run.end[side];
    const active = end.domain === 'running' || end.domain === 'paused';
    if (active && end.nbdServer === true) found.push(`nbd-server-left-running@${side}`);
    if (active && (end.blockJobs ?? 0) > 0) found.push(`mirror-left-running@${side}`);
  }
  if (run.end.target.domain === 'paused') found.push('incoming-left-paused@target');
  if (record.outcome.result === 'completed' && run.end.source.domain === 'paused') found.push('source-left-paused@source');
  if ((['source', 'target'] as const).filter((side) => run.end[side].domain === 'running').length !== 1) found.push('domain-not-on-one-side');
  if (run.copiedDisksIdentical === false) found.push('disks-differ');
  if (record.outcome.result === 'failed' && record.outcome.error.code === 'run-timeout') found.push('unbounded-wait');
  return found.sort();
}

function simulatedInvariants(item: RealFuzzCase, policy: DesignerPolicy): string[] {
  const base = simScenarioFor(caseScenario(item.variant), { policy });
  const result = simulateHandshake({ ...base, interceptor: interceptorFor({ cookies: { [item.point]: item.fault }, crash: null }) });
  const found = result.findings.filter((f) => comparable.has(f.invariant)).map((f) => {
    const side = f.resource.startsWith('source:') ? 'source' : f.resource.startsWith('target:') ? 'target' : null;
    return f.invariant === 'domain-not-on-one-side' || f.invariant === 'disks-differ' || f.invariant === 'unbounded-wait' || side === null ? f.invariant : `${f.invariant}@${side}`;
  });
  return [...new Set(found)].sort();
}

function agreement(real: Verdict, reference: Verdict): { agree: boolean; deviation: string | null } {
  if (real.kind === 'accepted' && reference.kind === 'accepted') return { agree: true, deviation: null };
  if (real.kind === 'refused' && reference.kind === 'refused' && real.code === reference.code) return { agree: true, deviation: null };
  // A reference codec that refuses on purpose stops before the checks libvirt goes on to make:
  // whatever libvirt then did (accepted, or refused for what the cookie holds) is the deviation's.
  if (reference.kind === 'refused' && real.kind !== 'not-reached') return { agree: false, deviation: deviationOfCode[reference.code] ?? null };
  return { agree: false, deviation: null };
}

export function judgeCase(item: RealFuzzCase, record: RealRecord, delivered: Uint8Array, policy: DesignerPolicy): CaseJudgement {
  const receiver = receiverOf[item.point];
  const scenario = simScenarioFor(caseScenario(item.variant), { policy });
  const reference = referenceVerdict(delivered, receiverContext(scenario, receiver.phase));
  const real = realVerdict(record, item.point);
  const { agree, deviation } = agreement(real, reference);
  const realFound = realInvariants(record, recordFromReal(record));
  const simFound = simulatedInvariants(item, policy);
  // Where a listed deviation refused what libvirt took, the simulated run parts from the real one
  // at that cookie (at the Finish cookie, say, its Confirm fails and the guest is resumed on both
  // hosts): what follows is the deviation's too, not a difference of the model.
  const unexplained = deviation !== null ? [] : [...realFound.filter((f) => !simFound.includes(f)).map((f) => `real only: ${f}`), ...simFound.filter((f) => !realFound.includes(f)).map((f) => `simulated only: ${f}`)];
  const reasons = [
    ...(!agree && deviation === null ? [`verdicts differ: real ${real.kind === 'refused' ? `refused [${real.code}]` : real.kind}, reference ${reference.kind === 'refused' ? `refused [${reference.code}]` : reference.kind}`] : []),
    ...(unexplained.length > 0 ? [`invariants differ: ${unexplained.join(', ')}`] : []),
  ];
  return {
    receiver: `${receiver.phase} (${receiver.side})`, real, reference, agree, deviation,
    invariants: { real: realFound, simulated: simFound, unexplained }, failure: reasons.length > 0 ? reasons.join('; ') : null,
  };
}
