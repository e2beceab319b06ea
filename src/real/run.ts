// `migsim real run`: one migration on the pair that `up` made. Reset both hosts, prepare the
// disks and the guest, optionally put the RPC proxy on the link (p2p), run `virsh migrate`
// (bounded; aborted at a point if asked), let both daemons settle, then record: the logs parsed
// into phases, cookies and QMP commands, the outcome, each host's end state and the disks.
import { performance } from 'node:perf_hooks';
import { guestName, hostIdentities, libvirtdTcpPort, limits } from './constants.js';
import { compareDisks } from './disks.js';
import { endState } from './end-state.js';
import { fail, ok, type RealResult } from './errors.js';
import { scratchLayout, socketUri, type HostLayout } from './layout.js';
import { parseLogEntries } from './log-entries.js';
import { readFrom, sizeOf, writeLogSlices } from './log-files.js';
import { recordFromLogs, type PhaseRun } from './log-record.js';
import { runMigrate } from './migrate.js';
import { realOutcome } from './outcome.js';
import { checkMachine, type Machine } from './preconditions.js';
import { prepareRun } from './prepare.js';
import { isAlive, pollUntil } from './processes.js';
import { provenance, recordFormat, type RealRecord } from './record.js';
import type { CookieRewrite } from './rpc/cookies.js';
import { openRpcLink, type ProxyTransport, type RpcLink } from './rpc/link.js';
import type { CapturedFrame } from './rpc/proxy.js';
import type { RealScenario } from './scenario.js';
import { readState, type HarnessState } from './state-file.js';
import { addExtraPid, recordQemuPids, removeExtraPid } from './state-update.js';
import { migrateArgs } from './virsh-args.js';
import { virsh } from './virsh.js';

export interface RunOptions {
  readonly scratch: string;
  readonly scenario: RealScenario;
  readonly runTimeoutMs?: number;
  /** Also write the migration's slice of each host's log here (source.log, target.log). */
  readonly logsDirectory?: string;
  /** p2p and tunnelled only: put the RPC proxy on the link and hand it every cookie in flight. */
  readonly rewrite?: CookieRewrite;
  /** Keep the proxy's frames (as received) in the result, for a corpus. */
  readonly captureFrames?: boolean;
  /**
   * How the proxy is reached: `tcp` (default) through a relay in the source's network namespace,
   * so both daemons talk TCP on the veth pair; `unix` directly through a socket in the scratch directory.
   */
  readonly proxyTransport?: ProxyTransport;
  /**
   * Tighter bounds for a campaign of many runs (real fuzz): domjobabort's own timeout and the
   * grace after it when the run times out, and the wait for both daemons to end their jobs.
   */
  readonly bounds?: { readonly abortCommandMs?: number; readonly abortGraceMs?: number; readonly settleMs?: number };
}

export type RunResult = RealRecord & { readonly capturedFrames?: readonly CapturedFrame[] };

/** What the source daemon opens in p2p modes without the proxy: the destination's TCP listener. */
export const directPeerUri = `qemu+tcp://${hostIdentities.B.address}:${libvirtdTcpPort}/system`;

function confirmState(phases: readonly PhaseRun[]): RealRecord['confirm'] {
  const confirm = phases.find((p) => p.phase === 'confirm');
  return confirm === undefined ? 'not-run' : confirm.cancelled === true ? 'ran-cancelled' : 'ran';
}

/** Until neither host has a migration job (libvirt cleans up after virsh returns), at most commandTimeoutMs. */
async function settle(virshPath: string, hosts: readonly HostLayout[], boundMs: number): Promise<void> {
  await pollUntil(async () => {
    for (const host of hosts) {
      const info = await virsh({ virsh: virshPath, host }, ['domjobinfo', guestName], 5_000);
      if (info.ok && !/^Job type:\s+None/m.test(info.value.stdout)) return null;
    }
    return true;
  }, boundMs);
}

async function harnessUp(scratch: string): Promise<RealResult<{ state: HarnessState; machine: Machine }>> {
  const read = await readState(scratchLayout(scratch).stateFile);
  if (!read.ok) return read;
  const state = read.value;
  if (state === null) return fail('hosts-not-up', `no real hosts are up in ${scratch} (run migsim real up)`);
  for (const pid of [state.hosts.A.libvirtdPid, state.hosts.B.libvirtdPid]) {
    if (pid === null || !(await isAlive(pid))) return fail('hosts-not-up', `a libvirtd recorded in ${scratch} is not running (run migsim real down, then up)`);
  }
  const { libvirtd, virsh: virshPath, qemu, driverDir } = state.programs;
  const machine = checkMachine({ libvirtd, virsh: virshPath, qemu, driverDir });
  return machine.ok ? ok({ state, machine: machine.value }) : machine;
}

export async function runScenario(options: RunOptions): Promise<RealResult<RunResult>> {
  const totalStart = performance.now();
  const layout = scratchLayout(options.scratch);
  const { scenario } = options;
  if (options.rewrite !== undefined && scenario.mode === 'regular') {
    return fail('scenario-invalid', 'a cookie rewrite needs --mode p2p or tunnelled (the RPC proxy sits between the two daemons)');
  }
  const harness = await harnessUp(options.scratch);
  if (!harness.ok) return harness;
  const { state, machine: { tools, programs } } = harness.value;
  const checked = migrateArgs(scenario, { client: socketUri(layout.hosts.B), peer: directPeerUri }, { tls: state.tls });
  if (!checked.ok) return checked;
  const prepared = await prepareRun(harness.value.machine, layout, scenario);
  if (!prepared.ok) return prepared;
  const preparedMs = performance.now() - totalStart;
  const offsets = { A: await sizeOf(layout.hosts.A.log), B: await sizeOf(layout.hosts.B.log) };
  let link: RpcLink | null = null;
  if (options.rewrite !== undefined) {
    const opened = await openRpcLink({ layout, tools, sourceHolderPid: state.hosts.A.holderPid, rewrite: options.rewrite,
      captureFrames: options.captureFrames ?? false, transport: options.proxyTransport ?? 'tcp' });
    if (!opened.ok) return opened;
    link = opened.value;
  }
  const argv = migrateArgs(scenario, { client: socketUri(layout.hosts.B), peer: link?.peerUri ?? directPeerUri }, { tls: state.tls });
  if (!argv.ok) {
    await link?.close();
    return argv;
  }
  const migrated = await runMigrate({ virsh: programs.virsh, layout, argv: argv.value, abortAt: scenario.abort,
    runTimeoutMs: options.runTimeoutMs ?? limits.runTimeoutMs, onPid: (pid) => addExtraPid(layout.stateFile, pid),
    ...(options.bounds?.abortCommandMs !== undefined ? { abortCommandMs: options.bounds.abortCommandMs } : {}),
    ...(options.bounds?.abortGraceMs !== undefined ? { abortGraceMs: options.bounds.abortGraceMs } : {}) });
  await removeExtraPid(layout.stateFile, migrated.pid);
  const settleStart = performance.now();
  await settle(programs.virsh, [layout.hosts.A, layout.hosts.B], options.bounds?.settleMs ?? limits.commandTimeoutMs);
  const settleMs = performance.now() - settleStart;
  await recordQemuPids(layout);
  await link?.close();
  const [sourceLog, targetLog] = [await readFrom(layout.hosts.A.log, offsets.A), await readFrom(layout.hosts.B.log, offsets.B)];
  if (options.logsDirectory !== undefined) await writeLogSlices(options.logsDirectory, sourceLog, targetLog);
  const logs = recordFromLogs(parseLogEntries(sourceLog), parseLogEntries(targetLog), migrated.startedAtMs);
  // Each host's end state and the disk comparison read different things: all at once.
  const [source, target, disks, made] = await Promise.all([
    endState(tools, programs.virsh, layout.hosts.A, state.hosts.A.holderPid), endState(tools, programs.virsh, layout.hosts.B, state.hosts.B.holderPid),
    compareDisks(tools, layout.hosts.A, layout.hosts.B, scenario), provenance(programs),
  ]);
  const record: RealRecord = {
    format: recordFormat, provenance: made, scenario, virshArgv: argv.value,
    outcome: realOutcome({ exitCode: migrated.exitCode, stderr: migrated.stderr, timedOut: migrated.timedOut, ...logs,
      ...(migrated.timedOut ? { timeoutAtMs: options.runTimeoutMs ?? limits.runTimeoutMs } : {}) }),
    phases: logs.phases, confirm: confirmState(logs.phases), qmp: logs.qmp, events: logs.events, errors: logs.errors,
    virsh: { exitCode: migrated.exitCode, stdout: migrated.stdout, stderr: migrated.stderr, timedOut: migrated.timedOut, killed: migrated.killed },
    abort: migrated.abort,
    end: { source, target },
    rpc: link === null ? null : { events: link.proxy.events, errors: link.proxy.errors, frames: link.proxy.frames.length },
    disks,
    durationMs: migrated.durationMs,
    timings: { preparedMs: Math.round(preparedMs), migrateMs: migrated.durationMs, settleMs: Math.round(settleMs), totalMs: Math.round(performance.now() - totalStart) },
  };
  return ok(link !== null && options.captureFrames ? { ...record, capturedFrames: link.proxy.frames } : record);
}
