// One host's namespaces. `unshare --mount --uts --net --fork` creates them and its child (a
// `sleep`) holds them; the harness then configures them from outside with nsenter - hostname,
// bind mounts of the host's scratch tree, loopback up - so that no shell script runs inside.
// libvirtd is started into the same namespaces afterwards (daemon.ts). unshare makes the new
// mount namespace private (its default --propagation private), so none of these mounts is seen
// in the root namespace and they all vanish with the last process inside.
import { hostIdentities, limits, type HostKey } from './constants.js';
import { inNamespace, steps, type CommandOutput } from './command.js';
import { fail, ok, type RealResult } from './errors.js';
import { bindMounts, type HostLayout, type ScratchLayout } from './layout.js';
import { markerEnvironment } from './ownership.js';
import type { ToolPaths } from './preconditions.js';
import { childrenOf, netnsOf, pollUntil, startDetached } from './processes.js';

export interface Namespaces {
  readonly unsharePid: number;
  readonly holderPid: number;
  readonly netns: string;
}

/** Starts unshare and waits for its child to be inside new namespaces. */
export async function createNamespaces(tools: ToolPaths, host: HostLayout, scratch: string,
  onPid: (unsharePid: number) => Promise<void>): Promise<RealResult<Namespaces>> {
  const started = await startDetached({
    program: tools.unshare,
    // --kill-child: if unshare is killed, the holder goes too (the namespaces then live only as
    // long as libvirtd and QEMU, which `down` stops by PID).
    args: ['--mount', '--uts', '--net', '--fork', '--kill-child', '--', tools.sleep, 'infinity'],
    outputFile: `${host.root}/unshare.out`,
    env: markerEnvironment(scratch),
  });
  if ('error' in started) return fail('host-start-failed', `host ${host.key} did not start: unshare: ${started.error}`);
  await onPid(started.pid);
  const rootNetns = await netnsOf(process.pid);
  const found = await pollUntil(async () => {
    const [holder] = await childrenOf(started.pid);
    if (holder === undefined) return null;
    const netns = await netnsOf(holder);
    return netns !== null && netns !== rootNetns ? { holder, netns } : null;
  }, limits.hostStartTimeoutMs);
  if (found === null) return fail('host-timeout', `host ${host.key}: unshare's child did not appear within ${limits.hostStartTimeoutMs} ms`);
  return ok({ unsharePid: started.pid, holderPid: found.holder, netns: found.netns });
}

/** Hostname, bind mounts (scratch tree, /etc/hosts, passwd and group with libvirt-qemu), loopback. */
export function configureNamespaces(tools: ToolPaths, key: HostKey, holderPid: number, layout: ScratchLayout): Promise<RealResult<null>> {
  const host = layout.hosts[key];
  const run = (kinds: Parameters<typeof inNamespace>[2], program: string, args: string[]) => (): Promise<RealResult<CommandOutput>> =>
    inNamespace(tools.nsenter, holderPid, kinds, program, args);
  const binds: [string, string][] = [
    ...bindMounts.map((m): [string, string] => [`${host.root}/${m.tree}`, m.inside]),
    [host.hostsFile, '/etc/hosts'], [layout.passwd, '/etc/passwd'], [layout.group, '/etc/group'],
  ];
  return steps([
    run(['uts'], tools.hostname, [hostIdentities[key].hostname]),
    ...binds.map(([source, target]) => run(['mount'], tools.mount, ['--bind', source, target])),
    run(['net'], tools.ip, ['link', 'set', 'lo', 'up']),
  ]);
}
