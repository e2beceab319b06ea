// Where everything of one harness lives: a scratch directory with one tree per host, bind-mounted
// inside that host's mount namespace over the directories libvirtd and QEMU write to. The same
// file has two names: its path inside the namespace (/var/lib/libvirt/images/vda.qcow2) and its
// path from the root namespace (<scratch>/A/varlib/libvirt/images/vda.qcow2); the harness itself
// always uses the second.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { guestName, type HostKey } from './constants.js';

/** Inside-namespace directory → its per-host scratch subdirectory. */
export const bindMounts: readonly { readonly inside: string; readonly tree: string }[] = [
  { inside: '/run', tree: 'run' },
  { inside: '/var/lib', tree: 'varlib' },
  { inside: '/var/cache', tree: 'varcache' },
  { inside: '/var/log', tree: 'varlog' },
  { inside: '/etc/libvirt', tree: 'etc' },
];

export interface HostLayout {
  readonly key: HostKey;
  readonly root: string;
  readonly etc: string;
  readonly hostsFile: string;
  readonly libvirtdConf: string;
  readonly qemuConf: string;
  readonly log: string;
  readonly daemonOutput: string;
  readonly pidFile: string;
  readonly socket: string;
  readonly images: string;
  readonly qemuLog: string;
  readonly qemuPidFile: string;
  /** Directories to create before the bind mounts. */
  readonly directories: readonly string[];
}

export interface ScratchLayout {
  readonly scratch: string;
  readonly stateFile: string;
  readonly passwd: string;
  readonly group: string;
  /** The RPC proxy's socket (the source daemon can reach it: /tmp is not bind-mounted over). */
  readonly proxySocket: string;
  /** TLS certificates shared by both hosts (`up --tls`). */
  readonly tlsDirectory: string;
  readonly hosts: Readonly<Record<HostKey, HostLayout>>;
}

function hostLayout(scratch: string, key: HostKey): HostLayout {
  const root = join(scratch, key);
  const tree = (name: string, ...rest: string[]): string => join(root, name, ...rest);
  return {
    key, root,
    etc: tree('etc'),
    hostsFile: join(root, 'hosts'),
    libvirtdConf: tree('etc', 'libvirtd.conf'),
    qemuConf: tree('etc', 'qemu.conf'),
    log: join(root, 'libvirtd.log'),
    daemonOutput: join(root, 'libvirtd.out'),
    pidFile: join(root, 'libvirtd.pid'),
    socket: tree('run', 'libvirt', 'libvirt-sock'),
    images: tree('varlib', 'libvirt', 'images'),
    qemuLog: tree('varlog', 'libvirt', 'qemu', `${guestName}.log`),
    qemuPidFile: tree('run', 'libvirt', 'qemu', `${guestName}.pid`),
    directories: [
      tree('run', 'libvirt'), tree('varlib', 'libvirt', 'images'), tree('varlib', 'libvirt', 'qemu'), tree('varcache', 'libvirt'),
      tree('varlog', 'libvirt', 'qemu'), tree('etc'),
    ],
  };
}

export function scratchLayout(scratch: string): ScratchLayout {
  return {
    scratch,
    stateFile: join(scratch, 'state.json'),
    passwd: join(scratch, 'passwd'),
    group: join(scratch, 'group'),
    proxySocket: join(scratch, 'rpc-proxy.sock'),
    tlsDirectory: join(scratch, 'tls'),
    hosts: { A: hostLayout(scratch, 'A'), B: hostLayout(scratch, 'B') },
  };
}

/** The root-namespace path of a file given by its path inside the host's namespace. */
export function outsidePath(host: HostLayout, insidePath: string): string {
  for (const mount of bindMounts) {
    if (insidePath === mount.inside || insidePath.startsWith(`${mount.inside}/`)) return join(host.root, mount.tree, insidePath.slice(mount.inside.length));
  }
  return insidePath;
}

/** `virsh -c` URI of a host's daemon, by its UNIX socket (virsh runs in the root namespace). */
export function socketUri(host: HostLayout): string {
  return `qemu+unix:///system?socket=${host.socket}`;
}

/**
 * The two ends of the veth pair. Interface names are global in the root namespace (until moved)
 * and at most 15 bytes, so they are derived from the scratch path: two harnesses never share one.
 */
export function vethNames(scratch: string): Readonly<Record<HostKey, string>> {
  const tag = createHash('sha256').update(scratch).digest('hex').slice(0, 8);
  return { A: `msr${tag}a`, B: `msr${tag}b` };
}
