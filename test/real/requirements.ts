// The real-libvirt tests need root, namespaces and libvirt. Locally a missing piece skips the
// test with the reason printed; under CI=true it is a failure, so that CI can never pass by
// skipping (the pattern of test/support/programs.ts, with the harness's own precondition check).
import { checkMachine, type Machine } from '../../src/real/preconditions.js';

interface Skippable {
  skip(note?: string): never;
}

export function requireRealHosts(context: Skippable): Machine {
  const machine = checkMachine({ libvirtd: null, virsh: null, qemu: null, driverDir: process.env.LIBVIRT_DRIVER_DIR ?? null });
  if (machine.ok) return machine.value;
  const reason = machine.error.message;
  if (process.env.CI === 'true') throw new Error(`CI=true and the real-libvirt harness cannot run: ${reason}`);
  console.warn(`skipping: ${reason}`);
  return context.skip(reason);
}
