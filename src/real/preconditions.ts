// What the harness needs from the machine, checked before it touches anything: root (namespaces,
// bind mounts, veth pairs) and every program it runs. The first thing missing is one typed error
// naming it and its Debian package; the CLI prints that line and exits 2.
import { accessSync, constants } from 'node:fs';
import { findProgram } from '../io/peers/programs.js';
import { fail, ok, type RealResult } from './errors.js';
import type { HarnessPrograms } from './state-file.js';

/** Programs found on PATH, with the Debian package that brings each. */
export const toolPackages = {
  'unshare': 'util-linux',
  'nsenter': 'util-linux',
  'mount': 'mount',
  'hostname': 'hostname',
  'sleep': 'coreutils',
  'ip': 'iproute2',
  'ss': 'iproute2',
  'qemu-img': 'qemu-utils',
  'qemu-io': 'qemu-utils',
} as const;

export type Tool = keyof typeof toolPackages;
export type ToolPaths = Readonly<Record<Tool, string>>;

export interface MachineProbe {
  readonly uid: number;
  readonly find: (name: string) => string | null;
  readonly executable: (path: string) => boolean;
}

export const realMachine: MachineProbe = {
  uid: process.getuid?.() ?? -1,
  find: (name) => findProgram(name, `${process.env.PATH ?? ''}:/usr/sbin:/sbin`),
  executable: (path) => {
    try {
      accessSync(path, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
};

/** What the user asked for: explicit paths, or null to look on PATH. */
export interface ProgramChoices {
  readonly libvirtd: string | null;
  readonly virsh: string | null;
  readonly qemu: string | null;
  readonly driverDir: string | null;
}

const daemonPackages = { libvirtd: 'libvirt-daemon', virsh: 'libvirt-clients', qemu: 'qemu-system-x86' } as const;
const defaultNames = { libvirtd: 'libvirtd', virsh: 'virsh', qemu: 'qemu-system-x86_64' } as const;

export interface Machine {
  readonly tools: ToolPaths;
  readonly programs: HarnessPrograms;
  /** Only `up --with-tls` needs it (Debian package openssl). */
  readonly openssl: string | null;
}

export function checkMachine(choices: ProgramChoices, probe: MachineProbe = realMachine): RealResult<Machine> {
  if (probe.uid !== 0) return fail('not-root', `migsim real needs root (namespaces, bind mounts, veth): running as uid ${probe.uid}`);
  const tools: Partial<Record<Tool, string>> = {};
  for (const [name, pkg] of Object.entries(toolPackages) as [Tool, string][]) {
    const path = probe.find(name);
    if (path === null) return fail('program-missing', `program ${name} is not installed (Debian package ${pkg})`);
    tools[name] = path;
  }
  const chosen: Partial<Record<keyof typeof daemonPackages, string>> = {};
  for (const key of ['libvirtd', 'virsh', 'qemu'] as const) {
    const asked = choices[key];
    const path = asked ?? probe.find(defaultNames[key]);
    if (path === null) return fail('program-missing', `program ${defaultNames[key]} is not installed (Debian package ${daemonPackages[key]})`);
    if (!probe.executable(path)) return fail('program-missing', `--${key} ${path} is not an executable file`);
    chosen[key] = path;
  }
  if (choices.driverDir !== null && !probe.executable(choices.driverDir)) {
    return fail('program-missing', `LIBVIRT_DRIVER_DIR ${choices.driverDir} is not a readable directory`);
  }
  const { libvirtd = '', virsh = '', qemu = '' } = chosen;
  return ok({ tools: tools as ToolPaths, programs: { libvirtd, virsh, qemu, driverDir: choices.driverDir }, openssl: probe.find('openssl') });
}
