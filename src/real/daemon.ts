// Starting one host's libvirtd inside the host's namespaces (nsenter execs it, so the PID the
// harness records is libvirtd's own) and waiting until it answers on its socket. `--listen`
// turns on the TCP listener on the veth address (listen_tcp in libvirtd.conf), which a p2p
// source daemon connects to.
import { readFile } from 'node:fs/promises';
import { limits } from './constants.js';
import { fail, ok, type RealResult } from './errors.js';
import type { HostLayout } from './layout.js';
import { markerEnvironment } from './ownership.js';
import type { ToolPaths } from './preconditions.js';
import { isAlive, pollUntil, startDetached } from './processes.js';
import type { HarnessPrograms } from './state-file.js';
import { virsh } from './virsh.js';

async function tail(path: string, bytes = 600): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).slice(-bytes).trim();
  } catch {
    return '';
  }
}

export async function startDaemon(tools: ToolPaths, programs: HarnessPrograms, host: HostLayout, holderPid: number, scratch: string,
  onPid: (pid: number) => Promise<void>): Promise<RealResult<number>> {
  const started = await startDetached({
    program: tools.nsenter,
    args: ['--target', String(holderPid), '--mount', '--uts', '--net', '--', programs.libvirtd, '--listen', '-f', '/etc/libvirt/libvirtd.conf', '-p', host.pidFile],
    outputFile: host.daemonOutput,
    // A self-built libvirt finds its driver modules here (virDriverLoadModule reads LIBVIRT_DRIVER_DIR).
    env: { ...markerEnvironment(scratch), ...(programs.driverDir !== null ? { LIBVIRT_DRIVER_DIR: programs.driverDir } : {}) },
  });
  if ('error' in started) return fail('host-start-failed', `host ${host.key} did not start: libvirtd: ${started.error}`);
  await onPid(started.pid);
  const answered = await pollUntil(async () => {
    if (!(await isAlive(started.pid))) return 'exited' as const;
    return (await virsh({ virsh: programs.virsh, host }, ['uri'], 5_000)).ok ? ('ready' as const) : null;
  }, limits.hostStartTimeoutMs);
  if (answered === 'ready') return ok(started.pid);
  const why = answered === 'exited' ? 'libvirtd exited' : `libvirtd did not answer within ${limits.hostStartTimeoutMs} ms`;
  const output = (await tail(host.daemonOutput)) || (await tail(host.log));
  return fail(answered === 'exited' ? 'host-start-failed' : 'host-timeout', `host ${host.key} did not start: ${why}: ${output.split('\n').slice(-3).join(' | ')}`);
}
