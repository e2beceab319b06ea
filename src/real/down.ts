// `migsim real down`: stop everything one harness started and remove what it made - from the
// state file alone, so it works from another process after a run was killed. Processes are
// found by the PIDs recorded and by sweeping each host's network namespace, and each one is
// signalled only if it is provably the harness's (ownership.ts). Then the veth end still in the
// root namespace (if any) is deleted by name, and the scratch directory removed once nothing
// mounts from it.
import { readFile, rm, stat } from 'node:fs/promises';
import { fail, ok, type RealResult } from './errors.js';
import { scratchLayout } from './layout.js';
import { deleteLink, linkExists } from './network.js';
import { ownedBy, pathWithinFilesystem } from './ownership.js';
import { isAlive, pidsInNetns, stopPids } from './processes.js';
import { readState, recordedPids, type HarnessState } from './state-file.js';

export interface DownReport {
  readonly scratch: string;
  readonly stoppedPids: readonly number[];
  readonly vethDeleted: readonly string[];
  readonly scratchRemoved: boolean;
}

/** The harness's live processes, in the order to stop them: guests and helpers, daemons, namespace holders. */
export async function harnessProcesses(state: HarnessState): Promise<number[][]> {
  const inFilesystem = await pathWithinFilesystem(state.scratch);
  const candidates = new Set(recordedPids(state));
  for (const host of [state.hosts.A, state.hosts.B]) {
    if (host.netns !== null) for (const pid of await pidsInNetns(host.netns)) candidates.add(pid);
  }
  const owned: number[] = [];
  for (const pid of candidates) if ((await isAlive(pid)) && (await ownedBy(pid, state.scratch, inFilesystem))) owned.push(pid);
  const daemons = [state.hosts.A.libvirtdPid, state.hosts.B.libvirtdPid];
  const holders = [state.hosts.A.holderPid, state.hosts.A.unsharePid, state.hosts.B.holderPid, state.hosts.B.unsharePid];
  return [
    owned.filter((pid) => !daemons.includes(pid) && !holders.includes(pid)),
    owned.filter((pid) => daemons.includes(pid)),
    owned.filter((pid) => holders.includes(pid)),
  ];
}

/** Mount points in the root namespace under the scratch directory (there should be none). */
async function mountsUnder(scratch: string): Promise<string[]> {
  const text = await readFile('/proc/self/mountinfo', 'utf8');
  return text.split('\n').map((line) => line.split(' ')[4] ?? '').filter((point) => point === scratch || point.startsWith(`${scratch}/`));
}

export async function down(scratch: string, ip: string): Promise<RealResult<DownReport>> {
  const layout = scratchLayout(scratch);
  const read = await readState(layout.stateFile);
  if (!read.ok) return read;
  const state = read.value;
  if (state === null) {
    const exists = await stat(scratch).then(() => true, () => false);
    return exists ? fail('hosts-not-up', `no real hosts are up in ${scratch} (no state file; not removing a directory the harness did not record)`)
      : ok({ scratch, stoppedPids: [], vethDeleted: [], scratchRemoved: false });
  }
  const stopped: number[] = [];
  // Two sweeps: a daemon stopped in the first may have had a child the second finds.
  for (let sweep = 0; sweep < 2; sweep += 1) {
    for (const group of await harnessProcesses(state)) {
      stopped.push(...group);
      await stopPids(group);
    }
  }
  const vethDeleted: string[] = [];
  for (const name of [state.veth.A, state.veth.B]) {
    if (await linkExists(ip, name)) {
      const deleted = await deleteLink(ip, name);
      if (deleted.ok) vethDeleted.push(name);
    }
  }
  const mounts = await mountsUnder(scratch);
  const leftover: number[] = [];
  for (const pid of new Set(stopped)) if (await isAlive(pid)) leftover.push(pid);
  if (leftover.length > 0 || mounts.length > 0) {
    return fail('cleanup-incomplete', `could not remove everything: processes ${leftover.join(',') || 'none'} still alive, mounts ${mounts.join(',') || 'none'}`);
  }
  await rm(scratch, { recursive: true, force: true });
  return ok({ scratch, stoppedPids: [...new Set(stopped)], vethDeleted, scratchRemoved: true });
}
