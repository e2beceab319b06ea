// Back to a clean pair before each run (spec real-libvirt.md §5): the guest destroyed and
// undefined on both hosts, the destination's pool removed, every image deleted, and the logs
// truncated so that the record holds this run only. libvirtd opens its log with O_APPEND
// (virLogOutputToFd), so truncating it under the running daemon is safe.
import { readdir, rm, truncate } from 'node:fs/promises';
import { join } from 'node:path';
import { guestName } from './constants.js';
import { ok, type RealResult } from './errors.js';
import type { HostLayout, ScratchLayout } from './layout.js';
import { virsh } from './virsh.js';

export const poolName = 'migsim-images';

async function truncateIfPresent(path: string): Promise<void> {
  await truncate(path, 0).catch(() => undefined);
}

async function clearDirectory(path: string): Promise<void> {
  for (const name of await readdir(path).catch(() => [] as string[])) await rm(join(path, name), { recursive: true, force: true });
}

async function resetHost(virshPath: string, host: HostLayout): Promise<void> {
  const target = { virsh: virshPath, host };
  // Each may fail because there is nothing to undo; that is the clean state wanted.
  await virsh(target, ['domjobabort', guestName], 10_000);
  await virsh(target, ['destroy', guestName]);
  await virsh(target, ['undefine', guestName]);
  await virsh(target, ['pool-destroy', poolName]);
  await virsh(target, ['pool-undefine', poolName]);
  await clearDirectory(host.images);
  await truncateIfPresent(host.log);
  await truncateIfPresent(host.qemuLog);
}

export async function resetHosts(virshPath: string, layout: ScratchLayout): Promise<RealResult<null>> {
  await resetHost(virshPath, layout.hosts.A);
  await resetHost(virshPath, layout.hosts.B);
  return ok(null);
}
