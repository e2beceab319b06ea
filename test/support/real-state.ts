// A harness state file as `migsim real up` writes it, for hosts that were never started: the
// tests of the state file and `down`, and of the JSON that `status` and `down` print.
import { emptyHostState, type HarnessState } from '../../src/real/state-file.js';

export function stateFor(scratch: string, change: Partial<HarnessState> = {}): HarnessState {
  return {
    version: 1, id: 'test', scratch, createdAt: '2026-12-03T00:00:00.000Z', veth: { A: 'msrtest0000a', B: 'msrtest0000b' },
    programs: { libvirtd: '/usr/sbin/libvirtd', virsh: '/usr/bin/virsh', qemu: '/usr/bin/qemu-system-x86_64', driverDir: null },
    tls: false, hosts: { A: emptyHostState, B: emptyHostState }, extraPids: [], ...change,
  };
}
