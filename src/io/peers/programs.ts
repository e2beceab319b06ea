// Finding the real peers on PATH, and which Debian package brings each one (the names .ci/run
// installs), so that a missing program is reported with its remedy.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { peerError, type PeerError } from './errors.js';

export const peerPackages = {
  'nbdkit': 'nbdkit',
  'qemu-nbd': 'qemu-utils',
  'qemu-img': 'qemu-utils',
  'nbdinfo': 'libnbd-bin',
  'nbdcopy': 'libnbd-bin',
  'qemu-system-x86_64': 'qemu-system-x86',
} as const;

export type PeerProgram = keyof typeof peerPackages;

/** The absolute path of `name` on PATH, or null. */
export function findProgram(name: string, path = process.env.PATH ?? ''): string | null {
  for (const directory of path.split(delimiter)) {
    if (directory === '') continue;
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here; keep looking.
    }
  }
  return null;
}

export type ProgramLookup = { readonly ok: true; readonly path: string } | { readonly ok: false; readonly error: PeerError };

export function requirePeer(name: PeerProgram): ProgramLookup {
  const path = findProgram(name);
  if (path) return { ok: true, path };
  return { ok: false, error: peerError('program-missing', `program ${name} is not installed (Debian package ${peerPackages[name]})`) };
}

/** The first missing program of a set, or null when all are present. */
export function firstMissing(names: readonly PeerProgram[]): PeerError | null {
  for (const name of names) {
    const found = requirePeer(name);
    if (!found.ok) return found.error;
  }
  return null;
}
