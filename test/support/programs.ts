// Real-peer tests need programs npm does not install (nbdkit, qemu-nbd, nbdinfo, nbdcopy,
// qemu-system-x86_64). Locally a missing program skips the test with the reason printed; under
// CI=true (.ci/run installs the Debian packages) a missing program is a failure, so that CI can
// never pass by skipping.
import { findProgram, peerPackages, type PeerProgram } from '../../src/io/peers/programs.js';

interface Skippable {
  skip(note?: string): never;
}

/** The program's path; otherwise skips the test (or throws under CI=true). */
export function requireProgram(name: PeerProgram, context: Skippable): string {
  const path = findProgram(name);
  if (path) return path;
  const reason = `${name} is not installed (Debian package ${peerPackages[name]})`;
  if (process.env.CI === 'true') throw new Error(`CI=true and a required program is missing: ${reason}`);
  console.warn(`skipping: ${reason}`);
  return context.skip(reason);
}

export function requirePrograms(names: readonly PeerProgram[], context: Skippable): void {
  for (const name of names) requireProgram(name, context);
}
