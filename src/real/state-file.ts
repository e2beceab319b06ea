// The harness's memory on disk: every process it started (by PID), the network namespaces they
// hold, the veth names and the scratch directory. It is rewritten after each step of `up`, so
// that `down` - from another process, after a run was killed half-way - can stop and remove
// everything the harness made and nothing else. The file is checked field by field when read.
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { HostKey } from './constants.js';
import { fail, ok, type RealResult } from './errors.js';

export interface HostState {
  /** `unshare --fork`, which created the namespaces. */
  readonly unsharePid: number | null;
  /** unshare's child, which holds the namespaces while the harness configures them. */
  readonly holderPid: number | null;
  readonly libvirtdPid: number | null;
  /** `net:[inode]` of the host's network namespace, to find every process still inside it. */
  readonly netns: string | null;
  /** QEMU processes seen for the guest (also found again by netns on `down`). */
  readonly qemuPids: readonly number[];
}

export interface HarnessPrograms {
  readonly libvirtd: string;
  readonly virsh: string;
  readonly qemu: string;
  /** LIBVIRT_DRIVER_DIR for a self-built libvirt's driver modules; null: the installed ones. */
  readonly driverDir: string | null;
}

export interface HarnessState {
  readonly version: 1;
  readonly id: string;
  readonly scratch: string;
  readonly createdAt: string;
  readonly veth: Readonly<Record<HostKey, string>>;
  readonly programs: HarnessPrograms;
  readonly tls: boolean;
  readonly hosts: Readonly<Record<HostKey, HostState>>;
  /** Other processes started for this harness (the RPC proxy's relay), stopped on `down`. */
  readonly extraPids: readonly number[];
}

export const emptyHostState: HostState = { unsharePid: null, holderPid: null, libvirtdPid: null, netns: null, qemuPids: [] };

/** Every PID the state names, hosts first (QEMU, libvirtd, holder, unshare), then the extras. */
export function recordedPids(state: HarnessState): number[] {
  const pids: number[] = [];
  for (const host of [state.hosts.A, state.hosts.B]) {
    pids.push(...host.qemuPids);
    for (const pid of [host.libvirtdPid, host.holderPid, host.unsharePid]) if (pid !== null) pids.push(pid);
  }
  return [...pids, ...state.extraPids];
}

export async function writeState(path: string, state: HarnessState): Promise<void> {
  // Write then rename, so that a reader never sees half a file.
  await writeFile(`${path}.tmp`, `${JSON.stringify(state, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const isPid = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value > 1;
const pidOrNull = (value: unknown): boolean => value === null || isPid(value);
const isString = (value: unknown): value is string => typeof value === 'string' && value !== '';

function checkHost(value: unknown): string | null {
  if (!isObject(value)) return 'a host is not an object';
  if (!pidOrNull(value.unsharePid) || !pidOrNull(value.holderPid) || !pidOrNull(value.libvirtdPid)) return 'a host PID is not a PID';
  if (value.netns !== null && !(typeof value.netns === 'string' && /^net:\[\d+\]$/.test(value.netns))) return 'netns is not net:[inode]';
  if (!Array.isArray(value.qemuPids) || !value.qemuPids.every(isPid)) return 'qemuPids is not a list of PIDs';
  return null;
}

/** Why a parsed value is not a HarnessState, or null. */
export function stateProblem(value: unknown): string | null {
  if (!isObject(value)) return 'not a JSON object';
  if (value.version !== 1) return `version ${String(value.version)} is not 1`;
  if (!isString(value.id) || !isString(value.scratch) || !isString(value.createdAt)) return 'id, scratch or createdAt missing';
  if (!isObject(value.veth) || !isString(value.veth.A) || !isString(value.veth.B)) return 'veth names missing';
  const programs = value.programs;
  if (!isObject(programs) || !isString(programs.libvirtd) || !isString(programs.virsh) || !isString(programs.qemu)) return 'programs missing';
  if (programs.driverDir !== null && !isString(programs.driverDir)) return 'driverDir is not a path';
  if (typeof value.tls !== 'boolean') return 'tls is not a boolean';
  if (!isObject(value.hosts)) return 'hosts missing';
  const host = checkHost(value.hosts.A) ?? checkHost(value.hosts.B);
  if (host !== null) return host;
  if (!Array.isArray(value.extraPids) || !value.extraPids.every(isPid)) return 'extraPids is not a list of PIDs';
  return null;
}

export async function readState(path: string): Promise<RealResult<HarnessState | null>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(null);
    return fail('state-invalid', `cannot read ${path}: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail('state-invalid', `state file ${path} is not JSON: ${(error as Error).message}`);
  }
  const problem = stateProblem(value);
  // Checked field by field above, so the cast only names what was verified.
  return problem === null ? ok(value as HarnessState) : fail('state-invalid', `state file ${path} is not a migsim real state: ${problem}`);
}
