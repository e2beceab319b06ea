// What each host is left with after a run: the guest's state and persistence (virsh), QEMU's
// block jobs and block exports (asked over QMP through virsh qemu-monitor-command), and the TCP
// ports QEMU still listens on in the host's namespace (an NBD server left running shows here,
// spec libvirt-cookie.md §12: the destination stops it only when the Perform cookie has <nbd>).
import { inNamespace } from './command.js';
import { guestName } from './constants.js';
import type { HostLayout } from './layout.js';
import type { ToolPaths } from './preconditions.js';
import { virsh } from './virsh.js';

export interface EndState {
  /**
   * virsh domstate (`running`, `paused`, `shut off`...), `absent`, or `unknown: <virsh error>`
   * when libvirt could not tell (e.g. the state change lock is held by a hung job).
   */
  readonly domain: string;
  readonly persistent: boolean | null;
  readonly blockJobs: readonly unknown[] | null;
  readonly blockExports: readonly unknown[] | null;
  /** TCP ports some process other than libvirtd listens on (QEMU's NBD server or incoming migration). */
  readonly listeningPorts: readonly { readonly port: number; readonly process: string }[];
}

async function qmpList(virshPath: string, host: HostLayout, execute: string): Promise<unknown[] | null> {
  const result = await virsh({ virsh: virshPath, host }, ['qemu-monitor-command', guestName, JSON.stringify({ execute })]);
  if (!result.ok) return null;
  try {
    const reply = JSON.parse(result.value.stdout) as { return?: unknown };
    return Array.isArray(reply.return) ? reply.return : null;
  } catch {
    return null;
  }
}

/** `ss -Htlnp` rows: `LISTEN 0 1 *:49153 *:* users:(("qemu-system-x86",pid=1,fd=2))`. */
export function listeningPorts(ssOutput: string): { port: number; process: string }[] {
  const rows: { port: number; process: string }[] = [];
  for (const line of ssOutput.split('\n')) {
    const fields = line.trim().split(/\s+/);
    const port = /:(\d+)$/.exec(fields[3] ?? '')?.[1];
    const process = /\(\("([^"]+)"/.exec(line)?.[1] ?? '?';
    if (port !== undefined && process !== 'libvirtd') rows.push({ port: Number(port), process });
  }
  return rows.sort((a, b) => a.port - b.port);
}

export async function endState(tools: ToolPaths, virshPath: string, host: HostLayout, holderPid: number | null): Promise<EndState> {
  const target = { virsh: virshPath, host };
  const state = await virsh(target, ['domstate', guestName]);
  const domain = state.ok ? state.value.stdout.trim()
    : /failed to get domain|Domain not found/.test(state.error.message) ? 'absent' : `unknown: ${state.error.message.split(': ').slice(-2).join(': ')}`;
  const info = state.ok ? await virsh(target, ['dominfo', guestName]) : null;
  const persistent = info?.ok ? /^Persistent:\s+yes/m.test(info.value.stdout) : null;
  const active = domain === 'running' || domain === 'paused';
  const ss = holderPid === null ? null : await inNamespace(tools.nsenter, holderPid, ['net'], tools.ss, ['-Htlnp']);
  return {
    domain, persistent,
    blockJobs: active ? await qmpList(virshPath, host, 'query-block-jobs') : null,
    blockExports: active ? await qmpList(virshPath, host, 'query-block-exports') : null,
    listeningPorts: ss?.ok ? listeningPorts(ss.value.stdout) : [],
  };
}

