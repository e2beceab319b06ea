// Whether a process belongs to one harness, so that `down` signals only what the harness made:
// either its environment carries the harness marker (unshare, the namespace holder, libvirtd and
// the proxy relay are started with it), or its mount table contains the harness's bind mounts
// (every process inside a host's mount namespace does, QEMU included, even though libvirt gives
// QEMU a clean environment). A PID reused by another process after a crash matches neither.
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';

export const markerVariable = 'MIGSIM_REAL_SCRATCH';

export function markerEnvironment(scratch: string): Record<string, string> {
  return { [markerVariable]: scratch };
}

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * The scratch directory as mountinfo names a bind mount of it: its path within its own
 * filesystem (field 4, "root"), e.g. `/migsim-real-1` when /tmp is a tmpfs of its own.
 */
export async function pathWithinFilesystem(path: string): Promise<string> {
  let point = '/';
  let root = '/';
  for (const line of (await readOrEmpty('/proc/self/mountinfo')).split('\n')) {
    const [, , , mountRoot, mountPoint] = line.split(' ');
    if (mountRoot === undefined || mountPoint === undefined) continue;
    const inside = path === mountPoint || path.startsWith(mountPoint === '/' ? '/' : `${mountPoint}/`);
    if (inside && mountPoint.length >= point.length) [point, root] = [mountPoint, mountRoot];
  }
  return posix.join(root, point === '/' ? path : path.slice(point.length));
}

/** True when /proc/PID/environ has the marker, or /proc/PID/mountinfo a mount from the scratch tree. */
export async function ownedBy(pid: number, scratch: string, scratchInFilesystem: string): Promise<boolean> {
  const environ = (await readOrEmpty(`/proc/${pid}/environ`)).split('\0');
  if (environ.includes(`${markerVariable}=${scratch}`)) return true;
  const mounts = (await readOrEmpty(`/proc/${pid}/mountinfo`)).split('\n');
  return mounts.some((line) => (line.split(' ')[3] ?? '').startsWith(`${scratchInFilesystem}/`));
}
