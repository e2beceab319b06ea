// The invariants checked at the end of every run (issue 3): phases in protocol order, no NBD
// server or mirror job left running, the domain running on exactly one side, and after a
// completed storage migration the destination disks equal to the source disks.
import { findingCatalog, type Finding, type InvariantCode } from '../../model/migration/findings.js';
import type { Phase, Protocol, Side } from '../../model/migration/types.js';
import type { SimQemu } from './qemu.js';

export interface RunFacts {
  readonly protocol: Protocol;
  readonly phasesRun: readonly Phase[];
  readonly completed: boolean;
  readonly storageAsked: boolean;
  readonly copyDisks: readonly string[];
  readonly qemu: Readonly<Record<Side, SimQemu>>;
  readonly crashed: ReadonlySet<Side>;
  readonly hungOn: string | null;
}

const order: Readonly<Record<Phase, number>> = { begin: 0, prepare: 1, perform: 2, finish: 3, confirm: 4 };

function finding(invariant: InvariantCode, message: string, phase: Phase | null): Finding {
  const entry = findingCatalog.find((e) => e.code === invariant);
  return { invariant, message, phase, explanation: entry?.explanation ?? '', source: entry?.source ?? '' };
}

function phaseOrder(facts: RunFacts, last: Phase | null): Finding[] {
  for (let i = 1; i < facts.phasesRun.length; i += 1) {
    const before = facts.phasesRun[i - 1];
    const after = facts.phasesRun[i];
    if (before !== undefined && after !== undefined && order[after] < order[before]) {
      return [finding('phase-order', `phase ${after} ran after ${before}`, last)];
    }
  }
  return [];
}

function sameContent(a: Uint32Array | undefined, b: Uint32Array | undefined): boolean {
  return a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]);
}

export function checkInvariants(facts: RunFacts): Finding[] {
  const last = facts.phasesRun[facts.phasesRun.length - 1] ?? null;
  const { source, target } = facts.qemu;
  const findings = phaseOrder(facts, last);
  if (target.running && target.nbdServer) {
    findings.push(finding('nbd-server-left-running', `the destination's NBD server on port ${target.nbdServer.port} is still running with ${target.nbdServer.exports.size} writable export(s)`, last));
  }
  if (source.running && source.mirrors.size > 0) {
    findings.push(finding('mirror-left-running', `mirror job(s) still running on the source: ${[...source.mirrors.keys()].join(', ')}`, last));
  }
  const running = (['source', 'target'] as const).filter((side) => facts.qemu[side].running && !facts.qemu[side].paused);
  // A host crash can lose the only copy; that is the environment's doing, not the protocol's.
  if (running.length !== 1 && (facts.crashed.size === 0 || running.length > 1)) {
    findings.push(finding('domain-not-on-one-side', `the domain runs on ${running.length === 0 ? 'no' : 'both'} side${running.length === 1 ? '' : 's'}`, last));
  }
  if (facts.completed && facts.storageAsked) {
    for (const disk of facts.copyDisks) {
      if (!sameContent(source.disks.get(disk), target.disks.get(disk))) {
        findings.push(finding('disks-differ', `disk ${disk} on the destination differs from the source`, last));
      }
    }
  }
  if (facts.hungOn !== null) findings.push(finding('unbounded-wait', `the source waited without bound on ${facts.hungOn}`, last));
  return findings;
}
