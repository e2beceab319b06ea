// The invariants checked at the end of every run: phases in protocol order; no NBD server or
// mirror job left running; no destination QEMU left waiting for an incoming migration, and no
// source QEMU left paused once the migration completed; the
// domain running on exactly one side (nowhere, offline); after a completed storage migration the
// copied disks equal on both sides and the disks left out untouched; a persistent definition on
// the destination when one was asked for. Each finding names the resource it is about, so that
// two runs can be compared finding by finding (blame by differential, src/fuzz/oracles/blame.ts).
import { findingCatalog, type Finding, type InvariantCode } from '../../model/migration/findings.js';
import type { Phase, Protocol, Side } from '../../model/migration/types.js';
import { DiskContent } from './content.js';
import type { SimQemu } from './qemu.js';
import type { Definition } from './world.js';

/** A wait the source never came back from: what it waited on, as a resource and in words. */
export interface Hang {
  readonly resource: string;
  readonly text: string;
}

export interface RunFacts {
  readonly protocol: Protocol;
  readonly phasesRun: readonly Phase[];
  readonly completed: boolean;
  readonly storageAsked: boolean;
  readonly copyDisks: readonly string[];
  readonly qemu: Readonly<Record<Side, SimQemu>>;
  readonly crashed: ReadonlySet<Side>;
  readonly hungOn: Hang | null;
  readonly offline: boolean;
  readonly persistentAsked: boolean;
  readonly definitions: Readonly<Record<Side, Definition>>;
  /** The destination's images as they were before the migration, by disk (unselected disks only). */
  readonly untouched: ReadonlyMap<string, Uint32Array>;
}

const order: Readonly<Record<Phase, number>> = { begin: 0, prepare: 1, perform: 2, finish: 3, confirm: 4 };

function finding(invariant: InvariantCode, resource: string, message: string, phase: Phase | null): Finding {
  const entry = findingCatalog.find((e) => e.code === invariant);
  return { invariant, resource, message, phase, explanation: entry?.explanation ?? '', source: entry?.source ?? '' };
}

function phaseOrder(facts: RunFacts, last: Phase | null): Finding[] {
  for (let i = 1; i < facts.phasesRun.length; i += 1) {
    const before = facts.phasesRun[i - 1];
    const after = facts.phasesRun[i];
    if (before !== undefined && after !== undefined && order[after] < order[before]) {
      return [finding('phase-order', 'protocol', `phase ${after} ran after ${before}`, last)];
    }
  }
  return [];
}

function leftovers(facts: RunFacts, last: Phase | null): Finding[] {
  const findings: Finding[] = [];
  for (const side of ['source', 'target'] as const) {
    const qemu = facts.qemu[side];
    if (!qemu.running) continue;
    if (qemu.nbdServer) {
      findings.push(finding('nbd-server-left-running', `${side}:nbd-server`, `the ${side === 'target' ? 'destination' : 'source'}'s NBD server on port ${qemu.nbdServer.port} is still running with ${qemu.nbdServer.exports.size} writable export(s)`, last));
    }
    for (const disk of qemu.mirrors.keys()) {
      findings.push(finding('mirror-left-running', `${side}:mirror:${disk}`, `a mirror job of ${disk} is still running on the ${side}`, last));
    }
  }
  const source = facts.qemu.source;
  if (facts.completed && !facts.offline && source.running && source.paused) {
    findings.push(finding('source-left-paused', 'source:qemu', 'the source QEMU is still there, paused, after the migration completed', last));
  }
  const target = facts.qemu.target;
  if (target.running && target.incoming) {
    findings.push(finding('incoming-left-paused', 'target:incoming-qemu', `the destination QEMU still waits for the incoming migration on port ${target.incomingPort ?? '?'}, paused`, last));
  }
  return findings;
}

function placement(facts: RunFacts, last: Phase | null): Finding[] {
  const running = (['source', 'target'] as const).filter((side) => facts.qemu[side].running && !facts.qemu[side].paused);
  // An offline migration moves a shut-off domain: it must run nowhere.
  const expected = facts.offline ? 0 : 1;
  // A host crash can lose the only copy; that is the environment's doing, not the protocol's.
  if (running.length === expected || (running.length < expected && facts.crashed.size > 0)) return [];
  const where = running.length === 0 ? 'no side' : running.length === 2 ? 'both sides' : `the ${running[0]} only`;
  return [finding('domain-not-on-one-side', 'domain', `the domain runs on ${where}${facts.offline ? ' after an offline migration' : ''}`, last)];
}

function disks(facts: RunFacts, last: Phase | null): Finding[] {
  const findings: Finding[] = [];
  const { source, target } = facts.qemu;
  if (facts.completed && facts.storageAsked) {
    for (const disk of facts.copyDisks) {
      if (!DiskContent.same(source.disks.get(disk), target.disks.get(disk))) {
        findings.push(finding('disks-differ', `disk:${disk}`, `disk ${disk} on the destination differs from the source`, last));
      }
    }
  }
  for (const [disk, before] of facts.untouched) {
    if (!DiskContent.same(before, target.disks.get(disk))) {
      findings.push(finding('unselected-disk-written', `disk:${disk}`, `disk ${disk} was not selected for copy, yet its destination image changed`, last));
    }
  }
  return findings;
}

export function checkInvariants(facts: RunFacts): Finding[] {
  const last = facts.phasesRun[facts.phasesRun.length - 1] ?? null;
  const findings = [...phaseOrder(facts, last), ...leftovers(facts, last), ...placement(facts, last), ...disks(facts, last)];
  if (facts.completed && (facts.persistentAsked || facts.offline) && facts.definitions.target !== 'persistent') {
    findings.push(finding('definition-not-persistent', 'target:definition', `--persistent was asked, yet the destination's definition is ${facts.definitions.target ?? 'missing'}`, last));
  }
  if (facts.hungOn !== null) findings.push(finding('unbounded-wait', facts.hungOn.resource, `the source waited without bound on ${facts.hungOn.text}`, last));
  return findings;
}
