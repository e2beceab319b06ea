// Fixed facts of the two real hosts the harness builds: their names, UUIDs and addresses on the
// veth pair, the guest's identity, and every limit the harness puts on a wait. The addresses
// exist only inside the two network namespaces the harness makes (spec real-libvirt.md §2), so
// no traffic can leave the machine; the subnet is named once here.

/** The /24 joining the two namespaces; 10.250.x is unlikely to be routed on a developer machine. */
export const linkSubnet = '10.250.0';
export const linkPrefixLength = 24;

export type HostKey = 'A' | 'B';

export interface HostIdentity {
  readonly key: HostKey;
  readonly hostname: string;
  /** libvirtd.conf `host_uuid`: two different ones, or Prepare refuses "Attempt to migrate guest to the same host". */
  readonly hostUuid: string;
  readonly address: string;
}

export const hostIdentities: Readonly<Record<HostKey, HostIdentity>> = {
  A: { key: 'A', hostname: 'hosta', hostUuid: '5a1e0c3d-7b2f-4e6a-9c81-0a0000000001', address: `${linkSubnet}.1` },
  B: { key: 'B', hostname: 'hostb', hostUuid: '5a1e0c3d-7b2f-4e6a-9c81-0b0000000002', address: `${linkSubnet}.2` },
};

/** The migrating guest: the same name and UUID on both hosts, as libvirt requires. */
export const guestName = 'migtest';
export const guestUuid = '3f1c2a4b-5d6e-4f70-8a91-0b1c2d3e4f50';
export const guestMemoryMiB = 64;

/** Inside each host's namespace; the bind mounts put a per-host scratch tree here. */
export const imagesDir = '/var/lib/libvirt/images';

/** libvirtd's TCP listener on the host's veth address (p2p destination URI, `--listen`). */
export const libvirtdTcpPort = 16509;

/** The user and group libvirtd 9.0 resolves at start (its compiled-in default QEMU user). */
export const qemuUser = { name: 'libvirt-qemu', uid: 64055, gid: 64055 } as const;

export const limits = {
  /** Each of unshare, the namespace set-up commands and libvirtd to answer. */
  hostStartTimeoutMs: 30_000,
  /** A virsh or qemu-img call other than the migration itself. */
  commandTimeoutMs: 30_000,
  /** The whole `virsh migrate` before domjobabort (a silent NBD peer blocks it forever, spec §12). */
  runTimeoutMs: 90_000,
  /** After domjobabort, how long the migration gets to end before virsh is killed. */
  abortGraceMs: 15_000,
  /** SIGTERM to SIGKILL. */
  stopGraceMs: 5_000,
  /** How often a bounded wait looks again at a file, log or process. */
  pollIntervalMs: 50,
  /** A libvirtd log read for one run (the debug filters write ~1 MiB per run). */
  logBytesMax: 64 * 1024 * 1024,
  /** Processes found in a namespace when sweeping it. */
  sweepProcessesMax: 256,
} as const;
