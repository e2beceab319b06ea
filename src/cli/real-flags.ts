// Flags the `migsim real` actions share, one definition each: where the harness lives, which
// programs it checks for, a run's timeout, and the exit codes every action has in common.
import { limits } from '../real/constants.js';
import { plainPath, scratchVariable } from '../real/options.js';
import { exits, option, type CommandSpec, type Flags } from './command.js';
import { boundedDuration, kind, text } from './values.js';

export const dirFlag = option('DIR', kind('a plain path (letters, digits, _ . / -), not / and not through ..', (value) => (plainPath(value) ? { ok: true, value } : { ok: false, why: 'is not a plain path' })),
  `the harness's directory (default $${scratchVariable} or <tmpdir>/migsim-real)`);

/**
 * The programs the harness checks before it acts (root, every tool, libvirtd, virsh, QEMU): `up`
 * starts the daemons from them and records them, and every later action checks them again, so
 * that a designer's build not on PATH is named to each action as it was to `up`.
 * LIBVIRT_DRIVER_DIR in the environment gives its driver modules.
 */
export const programFlags = {
  libvirtd: option('PATH', text('a program path'), "a designer's own libvirtd (default libvirtd on PATH)"),
  virsh: option('PATH', text('a program path'), "a designer's own virsh (default virsh on PATH)"),
  qemu: option('PATH', text('a program path'), "a designer's own QEMU, the emulator in the domain XML (default qemu-system-x86_64)"),
};

/** Bounds on a run's timeout: long enough for QEMU to start, short enough to notice a hang. */
const timeoutNsMin = 1e9;
const timeoutNsMax = 3600e9;

export const timeoutFlag = option('DURATION', boundedDuration(timeoutNsMin, timeoutNsMax),
  `the whole virsh migrate, then domjobabort, then kill (default ${limits.runTimeoutMs / 1000}s)`);

/** Exit codes of a real action: 2 is also the harness's own failure (not root, a program missing, hosts not up). */
export function realExits(okMeaning: string, failedMeaning: string | null): CommandSpec<Flags>['exits'] {
  return exits(okMeaning, failedMeaning).map(([code, meaning]) => (code === 2
    ? [2, 'a usage error, or the harness could not act (not root, a program missing, hosts not up...): one line on standard error'] as const
    : [code, meaning] as const));
}
