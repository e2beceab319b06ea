// `migsim real run`: one migration on the pair that `up` made. Reset both hosts, prepare the
// disks and the guest, run `virsh migrate` (bounded; aborted at a point if asked), let both
// daemons settle, then record: the logs parsed into phases, cookies and QMP commands, the
// outcome, each host's end state and the disk comparison.
import { mkdir, open, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { guestName, hostIdentities, libvirtdTcpPort, limits } from './constants.js';
import { compareDisks, prepareDestinationDisks, prepareSourceDisks } from './disks.js';
import { endState } from './end-state.js';
import { fail, ok, type RealResult } from './errors.js';
import { startGuest } from './guest.js';
import { scratchLayout, socketUri, type HostLayout, type ScratchLayout } from './layout.js';
import { parseLogEntries } from './log-entries.js';
import { recordFromLogs, type PhaseRun } from './log-record.js';
import { runMigrate } from './migrate.js';
import { realOutcome } from './outcome.js';
import { checkMachine, type Machine } from './preconditions.js';
import { isAlive, pollUntil } from './processes.js';
import { provenance, recordFormat, type RealRecord } from './record.js';
import { resetHosts } from './reset.js';
import type { RealScenario } from './scenario.js';
import { readState, writeState, type HarnessState } from './state-file.js';
import { migrateArgs } from './virsh-args.js';
import { virsh } from './virsh.js';
import type { CookieRewrite } from './rpc/cookies.js';
import { startProxy, type CapturedFrame } from './rpc/proxy.js';

export interface RunOptions {
  readonly scratch: string;
  readonly scenario: RealScenario;
  readonly runTimeoutMs?: number;
  /** The URI the source daemon opens in p2p modes (e.g. the RPC proxy); default the destination's TCP listener. */
  readonly peerUri?: string;
  /** Also write the migration's slice of each host's log here (source.log, target.log). */
  readonly logsDirectory?: string;
  /** p2p and tunnelled only: put the RPC proxy on the link and hand it every cookie in flight. */
  readonly rewrite?: CookieRewrite;
  /** Keep the proxy's frames (as received) in the result, for a corpus. */
  readonly captureFrames?: boolean;
}

function confirmState(phases: readonly PhaseRun[]): RealRecord['confirm'] {
  const confirm = phases.find((p) => p.phase === 'confirm');
  return confirm === undefined ? 'not-run' : confirm.cancelled === true ? 'ran-cancelled' : 'ran';
}

export const directPeerUri = `qemu+tcp://${hostIdentities.B.address}:${libvirtdTcpPort}/system`;

async function sizeOf(path: string): Promise<number> {
  return stat(path).then((s) => s.size, () => 0);
}

async function readFrom(path: string, offset: number): Promise<string> {
  const file = await open(path, 'r').catch(() => null);
  if (file === null) return '';
  try {
    const length = Math.max(0, Math.min((await file.stat()).size - offset, limits.logBytesMax));
    const buffer = Buffer.alloc(length);
    await file.read(buffer, 0, length, offset);
    return buffer.toString('utf8');
  } finally {
    await file.close();
  }
}

async function readPid(path: string): Promise<number | null> {
  const text = await readFrom(path, 0);
  return /^\d+\s*$/.test(text) ? Number(text) : null;
}

/** Until neither host has a migration job (libvirt cleans up after virsh returns), at most commandTimeoutMs. */
async function settle(virshPath: string, hosts: readonly HostLayout[]): Promise<void> {
  await pollUntil(async () => {
    for (const host of hosts) {
      const info = await virsh({ virsh: virshPath, host }, ['domjobinfo', guestName], 5_000);
      if (info.ok && !/^Job type:\s+None/m.test(info.value.stdout)) return null;
    }
    return true;
  }, limits.commandTimeoutMs);
}

/** Read, change and write the state file (one harness process runs at a time). */
async function updateState(path: string, change: (state: HarnessState) => HarnessState): Promise<void> {
  const read = await readState(path);
  if (read.ok && read.value !== null) await writeState(path, change(read.value));
}

/** Adds the guest's QEMU PIDs (from libvirt's pid files) to the state file. */
async function recordQemuPids(layout: ScratchLayout): Promise<void> {
  const found = { A: await readPid(layout.hosts.A.qemuPidFile), B: await readPid(layout.hosts.B.qemuPidFile) };
  await updateState(layout.stateFile, (state) => {
    const hosts = { ...state.hosts };
    for (const key of ['A', 'B'] as const) {
      const pid = found[key];
      if (pid !== null && !hosts[key].qemuPids.includes(pid)) hosts[key] = { ...hosts[key], qemuPids: [...hosts[key].qemuPids, pid] };
    }
    return { ...state, hosts };
  });
}

async function machineFor(state: HarnessState): Promise<RealResult<Machine>> {
  const { libvirtd, virsh: virshPath, qemu, driverDir } = state.programs;
  for (const pid of [state.hosts.A.libvirtdPid, state.hosts.B.libvirtdPid]) {
    if (pid === null || !(await isAlive(pid))) return fail('hosts-not-up', `a libvirtd recorded in ${state.scratch} is not running (run migsim real down, then up)`);
  }
  return checkMachine({ libvirtd, virsh: virshPath, qemu, driverDir });
}

export async function runScenario(options: RunOptions): Promise<RealResult<RealRecord & { readonly capturedFrames?: readonly CapturedFrame[] }>> {
  const totalStart = performance.now();
  const layout = scratchLayout(options.scratch);
  const read = await readState(layout.stateFile);
  if (!read.ok) return read;
  const state = read.value;
  if (state === null) return fail('hosts-not-up', `no real hosts are up in ${options.scratch} (run migsim real up)`);
  const machine = await machineFor(state);
  if (!machine.ok) return machine;
  const { tools, programs } = machine.value;
  const { scenario } = options;
  if (options.rewrite !== undefined && scenario.mode === 'regular') {
    return fail('scenario-invalid', 'a cookie rewrite needs --mode p2p or tunnelled (the RPC proxy sits between the two daemons)');
  }
  const peerUri = options.rewrite !== undefined ? `qemu+unix:///system?socket=${layout.proxySocket}` : options.peerUri ?? directPeerUri;
  const argv = migrateArgs(scenario, { client: socketUri(layout.hosts.B), peer: peerUri }, { tls: state.tls });
  if (!argv.ok) return argv;
  const resetStart = performance.now();
  await resetHosts(programs.virsh, layout);
  const resetMs = performance.now() - resetStart;
  const guestStart = performance.now();
  for (const step of [
    () => prepareSourceDisks(tools, layout.hosts.A, scenario),
    () => prepareDestinationDisks(tools, layout.hosts.A, layout.hosts.B, scenario),
    () => startGuest(programs.virsh, programs.qemu, layout, scenario),
  ]) {
    const done = await step();
    if (!done.ok) return done;
  }
  await recordQemuPids(layout);
  const guestStartMs = performance.now() - guestStart;
  const offsets = { A: await sizeOf(layout.hosts.A.log), B: await sizeOf(layout.hosts.B.log) };
  const proxy = options.rewrite === undefined ? null
    : await startProxy({ listen: { path: layout.proxySocket }, upstream: { path: layout.hosts.B.socket }, rewrite: options.rewrite, captureFrames: options.captureFrames ?? false });
  if (proxy !== null && !proxy.ok) return proxy;
  const migrated = await runMigrate({
    virsh: programs.virsh, layout, argv: argv.value, abortAt: scenario.abort, runTimeoutMs: options.runTimeoutMs ?? limits.runTimeoutMs,
    onPid: (pid) => updateState(layout.stateFile, (s) => ({ ...s, extraPids: [...s.extraPids, pid] })),
  });
  await updateState(layout.stateFile, (s) => ({ ...s, extraPids: s.extraPids.filter((pid) => pid !== migrated.pid) }));
  const settleStart = performance.now();
  await settle(programs.virsh, [layout.hosts.A, layout.hosts.B]);
  const settleMs = performance.now() - settleStart;
  await recordQemuPids(layout);
  if (proxy?.ok) await proxy.value.close();
  const sourceLog = await readFrom(layout.hosts.A.log, offsets.A);
  const targetLog = await readFrom(layout.hosts.B.log, offsets.B);
  if (options.logsDirectory !== undefined) {
    await mkdir(options.logsDirectory, { recursive: true });
    await writeFile(join(options.logsDirectory, 'source.log'), sourceLog);
    await writeFile(join(options.logsDirectory, 'target.log'), targetLog);
  }
  const logs = recordFromLogs(parseLogEntries(sourceLog), parseLogEntries(targetLog), migrated.startedAtMs);
  const end = {
    source: await endState(tools, programs.virsh, layout.hosts.A, state.hosts.A.holderPid),
    target: await endState(tools, programs.virsh, layout.hosts.B, state.hosts.B.holderPid),
  };
  const round = (ms: number): number => Math.round(ms);
  const record: RealRecord = {
    format: recordFormat, provenance: await provenance(programs), scenario, virshArgv: argv.value,
    outcome: realOutcome({ exitCode: migrated.exitCode, stderr: migrated.stderr, timedOut: migrated.timedOut, ...logs }),
    phases: logs.phases, confirm: confirmState(logs.phases), qmp: logs.qmp, events: logs.events, errors: logs.errors,
    virsh: { exitCode: migrated.exitCode, stdout: migrated.stdout, stderr: migrated.stderr, timedOut: migrated.timedOut, killed: migrated.killed },
    abort: migrated.abort, end,
    rpc: proxy?.ok ? { events: proxy.value.events, errors: proxy.value.errors, frames: proxy.value.frames.length } : null, disks: await compareDisks(tools, layout.hosts.A, layout.hosts.B, scenario),
    durationMs: migrated.durationMs,
    timings: { resetMs: round(resetMs), guestStartMs: round(guestStartMs), migrateMs: migrated.durationMs, settleMs: round(settleMs), totalMs: round(performance.now() - totalStart) },
  };
  return ok(proxy?.ok && options.captureFrames ? { ...record, capturedFrames: proxy.value.frames } : record);
}
