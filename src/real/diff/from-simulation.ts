// A simulated migration as a RunRecord: the phases and cookies from the trace, each effect on
// the NBD path named as the QMP command(s) libvirt sends for it, and the end state from the
// simulated QEMUs and the definitions the trace shows.
import { exportName } from '../../model/migration/disks.js';
import type { DomainConfig, Effect, Phase, Side } from '../../model/migration/types.js';
import type { HandshakeResult } from '../../sim/handshake/run.js';
import type { Scenario } from '../../sim/handshake/scenario.js';
import type { TraceEvent } from '../../sim/handshake/trace.js';
import { confirmOf, type HostEnd, type NbdStep, type RunPhase, type RunRecord } from './run-record.js';

/** The phase that parses the cookie a phase sends (virDomainMigrateVersion3Full's order). */
const receiverOf: Readonly<Partial<Record<Phase, Phase>>> = { begin: 'prepare', prepare: 'perform', perform: 'finish', finish: 'confirm' };

const yesNo = (value: boolean | undefined): string => (value === true ? 'yes' : 'no');

function phasesOf(result: HandshakeResult): RunPhase[] {
  const pending = new Map<Phase, string | null>();
  const parsed: (string | null)[] = [];
  for (const event of result.trace) {
    if (event.kind === 'cookie') {
      const receiver = receiverOf[event.phase];
      if (receiver !== undefined) pending.set(receiver, event.dropped ? null : event.mutated ?? event.xml);
    } else if (event.kind === 'phase-start') {
      parsed.push(event.cancelled ? null : pending.get(event.phase) ?? null);
      pending.delete(event.phase);
    }
  }
  return result.phases.map((summary, index) => ({
    phase: summary.phase, side: summary.side, cancelled: summary.cancelled, cookieParsed: parsed[index] ?? null, cookieSent: summary.cookie,
  }));
}

/** Mirror-start refusals that happen after blockdev-mirror was sent (QEMU refused the job itself). */
const refusedByMirrorJob = new Set(['qemu-command-failed']);

/** The QMP commands of one effect (qemuMigrationDstStartNBDServer, qemuMigrationSrcNBDStorageCopyBlockdev, qemuMigrationSrcNBDCopyCancel...). */
function stepsOf(event: Extract<TraceEvent, { kind: 'effect' }>, domain: DomainConfig, mirrors: Map<Side, string[]>): NbdStep[] {
  const { side, effect } = event;
  const active = mirrors.get(side) ?? [];
  const cancelAll = (force: boolean): NbdStep[] => {
    mirrors.set(side, []);
    return active.map((disk) => ({ side, command: 'block-job-cancel', detail: { job: exportName(domain, disk), force: yesNo(force) } }));
  };
  switch (effect.kind) {
    case 'nbd-server-start': return [{ side, command: 'nbd-server-start', detail: { port: String(effect.port), tls: yesNo(effect.tls) } }];
    case 'nbd-export-add': return [{ side, command: 'block-export-add', detail: { name: effect.name, writable: 'yes' } }];
    case 'mirror-start': return mirrorSteps(side, effect, event, mirrors);
    case 'mirror-complete': return cancelAll(false);
    case 'mirror-cancel': return cancelAll(true);
    case 'nbd-server-stop': return [{ side, command: 'nbd-server-stop', detail: {} }];
    case 'stop-qemu':
      mirrors.set(side, []);
      return [];
    default: return [];
  }
}

function mirrorSteps(side: Side, effect: Extract<Effect, { kind: 'mirror-start' }>, event: Extract<TraceEvent, { kind: 'effect' }>, mirrors: Map<Side, string[]>): NbdStep[] {
  const sync = { job: effect.export, sync: effect.sync };
  if (effect.command === 'drive-mirror') {
    if (event.result === 'ok') mirrors.set(side, [...(mirrors.get(side) ?? []), effect.disk]);
    return [{ side, command: 'drive-mirror', detail: sync }];
  }
  const add: NbdStep = { side, command: 'blockdev-add', detail: { host: effect.host, port: String(effect.port), export: effect.export, tls: yesNo(effect.tls) } };
  if (event.result === 'ok') mirrors.set(side, [...(mirrors.get(side) ?? []), effect.disk]);
  const mirrorSent = event.result === 'ok' || (event.code !== undefined && refusedByMirrorJob.has(event.code));
  return mirrorSent ? [add, { side, command: 'blockdev-mirror', detail: sync }] : [add];
}

function nbdOf(result: HandshakeResult, domain: DomainConfig): NbdStep[] {
  const mirrors = new Map<Side, string[]>();
  const steps: NbdStep[] = [];
  for (const event of result.trace) if (event.kind === 'effect') steps.push(...stepsOf(event, domain, mirrors));
  return steps;
}

/** Whether the trace shows the destination defining the domain persistently. */
function definedPersistently(result: HandshakeResult, side: Side): boolean {
  return result.trace.some((e) => e.kind === 'effect' && e.side === side && e.result === 'ok' && e.effect.kind === 'define-domain' && e.effect.persistent);
}

function hostEnd(scenario: Scenario, result: HandshakeResult, side: Side): HostEnd {
  const qemu = result.final[side];
  const persistent = side === 'source' ? scenario.domain.persistentOnSource === true || definedPersistently(result, 'source') : definedPersistently(result, 'target');
  if (qemu.running) return { domain: qemu.paused ? 'paused' : 'running', persistent, nbdServer: qemu.nbdServer, blockJobs: qemu.mirrors };
  return { domain: persistent ? 'shut-off' : 'absent', persistent: persistent ? true : null, nbdServer: false, blockJobs: 0 };
}

export function recordFromSimulation(scenario: Scenario, result: HandshakeResult): RunRecord {
  const phases = phasesOf(result);
  const { outcome } = result;
  const copied = outcome.result === 'completed' && outcome.storage !== 'none';
  return {
    origin: 'simulation',
    outcome: { result: outcome.result, storage: outcome.storage, error: outcome.error },
    phases, confirm: confirmOf(phases), nbd: nbdOf(result, scenario.domain),
    end: { source: hostEnd(scenario, result, 'source'), target: hostEnd(scenario, result, 'target') },
    copiedDisksIdentical: copied ? !result.findings.some((f) => f.invariant === 'disks-differ') : null,
  };
}
