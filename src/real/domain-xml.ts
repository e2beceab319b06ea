// The guest's domain XML, built from a scenario: a TCG guest (`<domain type='qemu'>`, no KVM
// needed) with 64 MiB, one vCPU and no OS, so SeaBIOS finds nothing to boot and the guest idles;
// 1-4 virtio disks; optional VNC or SPICE graphics (SPICE makes the destination put <graphics>
// in its Prepare cookie, qemuMigrationCookieAddGraphics). The disk paths are the same on both
// hosts and point at each host's own file through the /var/lib bind mount.
import { guestMemoryMiB, guestName, guestUuid, imagesDir } from './constants.js';
import type { RealDisk, RealScenario } from './scenario.js';

/** The disk's file inside a host's namespace. */
export function diskPath(disk: RealDisk): string {
  return `${imagesDir}/${disk.name}.${disk.format}`;
}

/** The qcow2 base image under a `qcow2+backing` disk, on both hosts. */
export function backingPath(disk: RealDisk): string {
  return `${imagesDir}/${disk.name}-base.qcow2`;
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/'/g, '&apos;').replace(/"/g, '&quot;');
}

function diskXml(disk: RealDisk): string {
  return [
    `    <disk type='file' device='disk'>`,
    `      <driver name='qemu' type='${disk.format}'/>`,
    `      <source file='${escapeAttribute(diskPath(disk))}'/>`,
    `      <target dev='${escapeAttribute(disk.name)}' bus='virtio'/>`,
    `    </disk>`,
  ].join('\n');
}

function graphicsXml(graphics: RealScenario['graphics']): string[] {
  // Listening on 0.0.0.0 keeps the address valid on the destination too (libvirt refuses to
  // migrate a graphics listen address the destination does not have).
  if (graphics === 'vnc') return [`    <graphics type='vnc' autoport='yes' listen='0.0.0.0'/>`];
  if (graphics === 'spice') {
    return [`    <graphics type='spice' autoport='yes' listen='0.0.0.0'><listen type='address' address='0.0.0.0'/></graphics>`,
      `    <video><model type='qxl'/></video>`];
  }
  return [];
}

export function domainXml(scenario: RealScenario, emulatorPath: string): string {
  return [
    `<domain type='qemu'>`,
    `  <name>${guestName}</name>`,
    `  <uuid>${guestUuid}</uuid>`,
    `  <memory unit='MiB'>${guestMemoryMiB}</memory>`,
    `  <currentMemory unit='MiB'>${guestMemoryMiB}</currentMemory>`,
    `  <vcpu placement='static'>1</vcpu>`,
    `  <os>`,
    `    <type arch='x86_64' machine='pc'>hvm</type>`,
    `    <boot dev='hd'/>`,
    `  </os>`,
    `  <devices>`,
    `    <emulator>${escapeAttribute(emulatorPath)}</emulator>`,
    ...scenario.disks.map(diskXml),
    ...graphicsXml(scenario.graphics),
    `    <memballoon model='none'/>`,
    `  </devices>`,
    `</domain>`,
    '',
  ].join('\n');
}

/** The destination's dir pool over the images directory, for `--destination-disk pool`. */
export function poolXml(): string {
  return `<pool type='dir'>\n  <name>migsim-images</name>\n  <target>\n    <path>${imagesDir}</path>\n  </target>\n</pool>\n`;
}
