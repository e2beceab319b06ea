// Back to a clean pair before each run (spec real-libvirt.md §5): the guest destroyed and
// undefined on both hosts, the destination's pool removed, every image deleted, and the logs
// truncated so that the record holds this run only. libvirtd opens its log with O_APPEND
// (virLogOutputToFd), so truncating it under the running daemon is safe.
import { readdir, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { guestName } from './constants.js';
import { fail, ok, type RealResult } from './errors.js';
import type { HostLayout, ScratchLayout } from './layout.js';
import { readPid } from './log-files.js';
import { ownedBy, pathWithinFilesystem } from './ownership.js';
import { virsh } from './virsh.js';

export const poolName = 'migsim-images';

async function truncateIfPresent(path: string): Promise<void> {
  await truncate(path, 0).catch(() => undefined);
}

async function clearDirectory(path: string): Promise<void> {
  for (const name of await readdir(path).catch(() => [] as string[])) await rm(join(path, name), { recursive: true, force: true });
}

/**
 * The guest's QEMU on a host, killed by its PID (from libvirt's pid file) when it is provably
 * this harness's: `virsh destroy` alone waits about 2 s for a TCG QEMU to go after SIGTERM
 * (virProcessKillPainfully), which a fuzz campaign pays for every case. libvirt sees the
 * monitor close and ends the domain itself; destroy then finds it gone.
 */
async function killGuestQemu(layout: ScratchLayout, host: HostLayout): Promise<void> {
  const pid = await readPid(host.qemuPidFile);
  if (pid === null || !(await ownedBy(pid, layout.scratch, await pathWithinFilesystem(layout.scratch)))) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Gone already: nothing to kill.
  }
}

async function resetHost(virshPath: string, layout: ScratchLayout, host: HostLayout): Promise<void> {
  await killGuestQemu(layout, host);
  // One virsh session for the lot (virsh goes on after a failing command): each may fail because
  // there is nothing to undo, which is the clean state wanted.
  await virsh({ virsh: virshPath, host }, [
    `domjobabort ${guestName}; destroy ${guestName}; undefine ${guestName}; pool-destroy ${poolName}; pool-undefine ${poolName}`,
  ], 15_000);
  await clearDirectory(host.images);
  await truncateIfPresent(host.log);
  await truncateIfPresent(host.qemuLog);
}

export async function resetHosts(virshPath: string, layout: ScratchLayout): Promise<RealResult<null>> {
  // The two daemons are independent: both reset at once.
  await Promise.all([resetHost(virshPath, layout, layout.hosts.A), resetHost(virshPath, layout, layout.hosts.B)]);
  return ok(null);
}

/** The guest on a host after a reset: absent, or what virsh says it is. */
async function guestLeft(virshPath: string, host: HostLayout): Promise<string | null> {
  const state = await virsh({ virsh: virshPath, host }, ['domstate', guestName]);
  if (!state.ok) return /failed to get domain|Domain not found/.test(state.error.message) ? null : state.error.message;
  return state.value.stdout.trim();
}

/**
 * Resets both hosts and checks that neither has the guest any more (a clean start for every
 * run). A job that was stuck (a silent NBD port, spec libvirt-cookie.md §12) may hold the domain
 * until `destroy` has killed its QEMU, so one more reset is tried before giving up.
 */
export async function resetHostsClean(virshPath: string, layout: ScratchLayout, attempts = 2): Promise<RealResult<null>> {
  let left: string[] = [];
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    await resetHosts(virshPath, layout);
    const states = await Promise.all([layout.hosts.A, layout.hosts.B].map(async (host) => ({ host, state: await guestLeft(virshPath, host) })));
    left = states.flatMap(({ host, state }) => (state === null ? [] : [`host ${host.key}: ${state}`]));
    if (left.length === 0) return ok(null);
  }
  return fail('harness-command-failed', `reset failed: the guest is still there (${left.join('; ')})`);
}
