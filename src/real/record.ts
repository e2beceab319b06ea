// The record of one real run, as `migsim real run --json` prints it and corpus/real/*.json
// keeps it: where and with what it was recorded, the scenario and virsh command, the outcome
// in the simulator's terms, and what the logs, QEMU and the disks showed.
import { release } from 'node:os';
import type { DiskReport } from './disks.js';
import type { EndState } from './end-state.js';
import type { LoggedError, PhaseRun, QmpCommand, QmpEvent } from './log-record.js';
import type { AbortReport } from './migrate.js';
import type { RealOutcome } from './outcome.js';
import type { RealScenario } from './scenario.js';
import { runChild } from './child.js';
import type { HarnessPrograms } from './state-file.js';
import type { ProxyEvent } from './rpc/proxy.js';

export const recordFormat = 'migsim-real-record/1';

export interface Provenance {
  readonly libvirtd: string;
  readonly qemu: string;
  /** Debian package versions when dpkg knows them (libvirt-daemon, qemu-system-x86). */
  readonly packages: string;
  readonly kernel: string;
  readonly recordedAt: string;
}

export interface RealRecord {
  readonly format: typeof recordFormat;
  readonly provenance: Provenance;
  readonly scenario: RealScenario;
  /** Arguments after `virsh -c <source URI>`. */
  readonly virshArgv: readonly string[];
  readonly outcome: RealOutcome;
  readonly phases: readonly PhaseRun[];
  /** Whether the source's Confirm ran, and whether as the clean-up of a failure (cancelled=1). */
  readonly confirm: 'ran' | 'ran-cancelled' | 'not-run';
  readonly qmp: readonly QmpCommand[];
  readonly events: readonly QmpEvent[];
  readonly errors: readonly LoggedError[];
  readonly virsh: { readonly exitCode: number | null; readonly stdout: string; readonly stderr: string; readonly timedOut: boolean; readonly killed: boolean };
  readonly abort: AbortReport | null;
  /** What the RPC proxy saw and changed (p2p runs with a cookie rewrite); null without the proxy. */
  readonly rpc: { readonly events: readonly ProxyEvent[]; readonly errors: readonly string[]; readonly frames: number } | null;
  readonly end: { readonly source: EndState; readonly target: EndState };
  readonly disks: readonly DiskReport[];
  /** The migration command's duration. */
  readonly durationMs: number;
  /** Reset, disks and guest start; the migration; waiting for both daemons' jobs to end; the whole run. */
  readonly timings: { readonly preparedMs: number; readonly migrateMs: number; readonly settleMs: number; readonly totalMs: number };
}

async function firstLine(program: string, args: readonly string[]): Promise<string> {
  const result = await runChild(program, args, 10_000);
  return `${result.stdout}${result.stderr}`.trim().split('\n')[0] ?? '';
}

/** The programs' versions, asked once per process and set of programs (a fuzz campaign records hundreds of runs). */
const versions = new Map<string, Promise<Omit<Provenance, 'recordedAt' | 'kernel'>>>();

export async function provenance(programs: HarnessPrograms): Promise<Provenance> {
  const key = `${programs.libvirtd}\0${programs.qemu}`;
  let known = versions.get(key);
  if (known === undefined) {
    known = (async () => ({
      libvirtd: await firstLine(programs.libvirtd, ['--version']),
      qemu: await firstLine(programs.qemu, ['--version']),
      packages: (await runChild('dpkg-query', ['-W', '-f', '${Package} ${Version}; ', 'libvirt-daemon', 'qemu-system-x86'], 10_000)).stdout.trim(),
    }))();
    versions.set(key, known);
  }
  return { ...(await known), kernel: release(), recordedAt: new Date().toISOString() };
}
