// `migsim real up`: two libvirtd hosts in namespaces joined by a veth pair (spec
// real-libvirt.md §2). Every PID is written to the state file as soon as it exists, so that
// `down` can undo a set-up that failed or was killed at any step.
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { hostIdentities, type HostKey } from './constants.js';
import { startDaemon } from './daemon.js';
import { fail, ok, type RealResult } from './errors.js';
import { groupWithQemuGroup, hostsFile, libvirtdConf, passwdWithQemuUser, qemuConf } from './host-config.js';
import { scratchLayout, vethNames, type ScratchLayout } from './layout.js';
import { configureNamespaces, createNamespaces } from './namespace.js';
import { linkHosts } from './network.js';
import { makeCertificates } from './tls.js';
import type { Machine } from './preconditions.js';
import { emptyHostState, readState, writeState, type HarnessState, type HostState } from './state-file.js';

export interface UpOptions {
  readonly scratch: string;
  readonly machine: Machine;
  /** Make TLS certificates and give them to QEMU (qemu.conf migrate_tls_x509_cert_dir), for --tls runs. */
  readonly tls: boolean;
}

async function writeHostFiles(layout: ScratchLayout, options: UpOptions): Promise<void> {
  await writeFile(layout.passwd, passwdWithQemuUser(await readFile('/etc/passwd', 'utf8')));
  await writeFile(layout.group, groupWithQemuGroup(await readFile('/etc/group', 'utf8')));
  for (const key of ['A', 'B'] as const) {
    const host = layout.hosts[key];
    for (const directory of host.directories) await mkdir(directory, { recursive: true });
    await writeFile(host.libvirtdConf, libvirtdConf(hostIdentities[key], host.log));
    await writeFile(host.qemuConf, qemuConf(hostIdentities[key], { tlsDirectory: options.tls ? layout.tlsDirectory : null }));
    await writeFile(host.hostsFile, hostsFile());
  }
}

/** Keeps the state file current while `up` proceeds. */
class StateWriter {
  constructor(private readonly path: string, private state: HarnessState) {}
  get current(): HarnessState {
    return this.state;
  }
  async host(key: HostKey, change: Partial<HostState>): Promise<void> {
    this.state = { ...this.state, hosts: { ...this.state.hosts, [key]: { ...this.state.hosts[key], ...change } } };
    await writeState(this.path, this.state);
  }
}

export async function up(options: UpOptions): Promise<RealResult<HarnessState>> {
  const layout = scratchLayout(options.scratch);
  const existing = await readState(layout.stateFile);
  if (!existing.ok) return existing;
  if (existing.value !== null) return fail('hosts-already-up', `real hosts are already up in ${options.scratch} (run migsim real down first)`);
  if (options.tls && options.machine.openssl === null) return fail('program-missing', 'program openssl is not installed (Debian package openssl)');
  await mkdir(options.scratch, { recursive: true, mode: 0o700 });
  const initial: HarnessState = {
    version: 1, id: vethNames(options.scratch).A.slice(3, 11), scratch: options.scratch, createdAt: new Date().toISOString(),
    veth: vethNames(options.scratch), programs: options.machine.programs, tls: options.tls,
    hosts: { A: emptyHostState, B: emptyHostState }, extraPids: [],
  };
  await writeState(layout.stateFile, initial);
  const state = new StateWriter(layout.stateFile, initial);
  await writeHostFiles(layout, options);
  if (options.tls) {
    const certificates = await makeCertificates(options.machine.openssl ?? 'openssl', layout.tlsDirectory);
    if (!certificates.ok) return certificates;
  }
  const { tools, programs } = options.machine;
  const holders: Partial<Record<HostKey, number>> = {};
  for (const key of ['A', 'B'] as const) {
    const made = await createNamespaces(tools, layout.hosts[key], options.scratch, (pid) => state.host(key, { unsharePid: pid }));
    if (!made.ok) return made;
    await state.host(key, { holderPid: made.value.holderPid, netns: made.value.netns });
    const configured = await configureNamespaces(tools, key, made.value.holderPid, layout);
    if (!configured.ok) return configured;
    holders[key] = made.value.holderPid;
  }
  const { A: holderA, B: holderB } = holders;
  if (holderA === undefined || holderB === undefined) return fail('host-start-failed', 'a namespace holder is missing');
  const linked = await linkHosts(tools, initial.veth, { A: holderA, B: holderB });
  if (!linked.ok) return linked;
  for (const [key, holder] of [['A', holderA], ['B', holderB]] as const) {
    const daemon = await startDaemon(tools, programs, layout.hosts[key], holder, options.scratch, (pid) => state.host(key, { libvirtdPid: pid }));
    if (!daemon.ok) return daemon;
  }
  return ok(state.current);
}
