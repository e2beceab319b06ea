// A real record as a RunRecord: the outcome with its code looked up again in today's catalogues
// (a record made before a row was added keeps `libvirt-error`), the phases with their cookies,
// the NBD-path QMP commands with the arguments that matter, and each host's end state.
import type { Side } from '../../model/migration/types.js';
import type { EndState } from '../end-state.js';
import type { QmpCommand } from '../log-record.js';
import { codeForMessage, harnessOutcomeCodes } from '../outcome.js';
import type { RealRecord } from '../record.js';
import { confirmOf, nbdCommands, type DomainState, type HostEnd, type NbdCommand, type NbdStep, type RunPhase, type RunRecord } from './run-record.js';

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '');
const yesNo = (value: boolean): string => (value ? 'yes' : 'no');
/** tls-creds set to a non-empty object id (libvirt sends "" to mean none in migrate-set-parameters, never here). */
const hasTls = (args: Record<string, unknown>): boolean => text(args['tls-creds']) !== '';

function detailOf(command: NbdCommand, args: Record<string, unknown>): Record<string, string> {
  switch (command) {
    case 'nbd-server-start': {
      const addr = isRecord(args.addr) && isRecord(args.addr.data) ? args.addr.data : {};
      return { port: text(addr.port), tls: yesNo(hasTls(args)) };
    }
    case 'block-export-add': return { name: text(args.name), writable: yesNo(args.writable === true) };
    case 'blockdev-add': {
      const server = isRecord(args.server) ? args.server : {};
      return { host: text(server.host), port: text(server.port), export: text(args.export), tls: yesNo(hasTls(args)) };
    }
    case 'blockdev-mirror': return { job: text(args['job-id']), sync: text(args.sync) };
    case 'drive-mirror': return { job: text(args.device), sync: text(args.sync) };
    case 'block-job-cancel': return { job: text(args.device), force: yesNo(args.force === true) };
    case 'nbd-server-stop': return {};
  }
}

/** The NBD path: blockdev-add only for the NBD client node (the second blockdev-add of a disk is its raw format layer). */
export function nbdStepsOf(qmp: readonly QmpCommand[]): NbdStep[] {
  const steps: NbdStep[] = [];
  for (const entry of qmp) {
    const command = nbdCommands.find((name) => name === entry.command);
    if (command === undefined) continue;
    const args = isRecord(entry.arguments) ? entry.arguments : {};
    if (command === 'blockdev-add' && args.driver !== 'nbd') continue;
    steps.push({ side: entry.side, command, detail: detailOf(command, args) });
  }
  return steps;
}

/**
 * libvirt's migration port range (qemu.conf migration_port_min/max): -incoming takes the first
 * port, the NBD server the next free one. A port QEMU listens on in the range past the first is
 * its NBD server (SPICE or VNC listen elsewhere, 5900 and up).
 */
const nbdPorts = { min: 49153, max: 49215 } as const;

function domainState(state: string): DomainState {
  if (state === 'running' || state === 'paused' || state === 'absent') return state;
  if (state === 'shut off') return 'shut-off';
  return 'unknown';
}

function hostEnd(end: EndState): HostEnd {
  const domain = domainState(end.domain);
  const active = domain === 'running' || domain === 'paused';
  if (!active) return { domain, persistent: end.persistent === true ? true : null, nbdServer: domain === 'unknown' ? null : false, blockJobs: domain === 'unknown' ? null : 0 };
  const exports = end.blockExports?.length ?? null;
  const listening = end.listeningPorts.some((p) => p.port >= nbdPorts.min && p.port <= nbdPorts.max);
  return { domain, persistent: end.persistent, nbdServer: exports === null ? (listening ? true : null) : exports > 0 || listening, blockJobs: end.blockJobs?.length ?? null };
}

function outcomeOf(record: RealRecord): RunRecord['outcome'] {
  const { outcome } = record;
  if (outcome.result === 'completed') return { result: 'completed', storage: outcome.storage, error: null };
  const code = outcome.error.code === harnessOutcomeCodes.timeout ? outcome.error.code : codeForMessage(outcome.error.message);
  return { result: 'failed', storage: null, error: { ...outcome.error, code } };
}

export function recordFromReal(record: RealRecord): RunRecord {
  const phases: RunPhase[] = record.phases.map((p) => ({
    phase: p.phase, side: p.side, cancelled: p.cancelled === true, cookieParsed: p.cookieParsed?.xml ?? null, cookieSent: p.cookieSent?.xml ?? null,
  }));
  const copied = record.outcome.result === 'completed' && record.outcome.storage === 'nbd';
  const requested = record.disks.filter((d) => d.copyRequested);
  const sides: Record<Side, EndState> = record.end;
  return {
    origin: 'real', outcome: outcomeOf(record), phases, confirm: confirmOf(phases), nbd: nbdStepsOf(record.qmp),
    end: { source: hostEnd(sides.source), target: hostEnd(sides.target) },
    copiedDisksIdentical: copied ? requested.every((d) => d.comparison === 'identical') : null,
  };
}
