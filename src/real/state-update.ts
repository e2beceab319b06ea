// Changes to the state file while a run goes on: processes that come and go (virsh migrate, the
// RPC relay) and the guest's QEMUs, so that `down` knows them even if this process is killed.
import type { ScratchLayout } from './layout.js';
import { readPid } from './log-files.js';
import { readState, writeState, type HarnessState } from './state-file.js';

/** Read, change and write the state file (one harness process runs at a time). */
export async function updateState(path: string, change: (state: HarnessState) => HarnessState): Promise<void> {
  const read = await readState(path);
  if (read.ok && read.value !== null) await writeState(path, change(read.value));
}

export function addExtraPid(path: string, pid: number): Promise<void> {
  return updateState(path, (s) => ({ ...s, extraPids: [...s.extraPids, pid] }));
}

export function removeExtraPid(path: string, pid: number | null): Promise<void> {
  return updateState(path, (s) => ({ ...s, extraPids: s.extraPids.filter((p) => p !== pid) }));
}

/** Adds the guest's QEMU PIDs (from libvirt's pid files) to the state file. */
export async function recordQemuPids(layout: ScratchLayout): Promise<void> {
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
