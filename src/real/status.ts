// `migsim real status`: what the state file records and whether each part is still alive.
import { hostIdentities, type HostKey } from './constants.js';
import { ok, fail, type RealResult } from './errors.js';
import { scratchLayout } from './layout.js';
import { isAlive } from './processes.js';
import { readState, type HarnessState } from './state-file.js';
import { virsh } from './virsh.js';

export interface HostStatus {
  readonly hostname: string;
  readonly address: string;
  readonly libvirtdPid: number | null;
  readonly libvirtdAlive: boolean;
  readonly answering: boolean;
  /** `virsh list --all` rows. */
  readonly domains: readonly string[];
}

export interface HarnessStatus {
  readonly scratch: string;
  readonly healthy: boolean;
  readonly state: HarnessState;
  readonly hosts: Readonly<Record<HostKey, HostStatus>>;
}

export async function status(scratch: string): Promise<RealResult<HarnessStatus>> {
  const layout = scratchLayout(scratch);
  const read = await readState(layout.stateFile);
  if (!read.ok) return read;
  const state = read.value;
  if (state === null) return fail('hosts-not-up', `no real hosts are up in ${scratch} (run migsim real up)`);
  const hosts: Partial<Record<HostKey, HostStatus>> = {};
  for (const key of ['A', 'B'] as const) {
    const pid = state.hosts[key].libvirtdPid;
    const alive = pid !== null && (await isAlive(pid));
    const listed = alive ? await virsh({ virsh: state.programs.virsh, host: layout.hosts[key] }, ['list', '--all'], 5_000) : null;
    hosts[key] = {
      hostname: hostIdentities[key].hostname, address: hostIdentities[key].address, libvirtdPid: pid, libvirtdAlive: alive,
      answering: listed?.ok ?? false,
      domains: listed?.ok ? listed.value.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '') : [],
    };
  }
  const { A, B } = hosts as Record<HostKey, HostStatus>;
  return ok({ scratch, healthy: A.answering && B.answering, state, hosts: { A, B } });
}
