// Goal: the guest XML is what spec real-libvirt.md §2 describes (TCG, 64 MiB, one vCPU, virtio
// disks at the same path on both hosts) and follows the scenario's disks and graphics.
// Method: build XML for a few scenarios and read it back with the project's XML reader.
import { describe, expect, it } from 'vitest';
import { attribute, childElements, firstChild, stringValue } from '../../src/model/xml/query.js';
import { readXml } from '../../src/model/xml/reader.js';
import type { XmlElement } from '../../src/model/xml/tree.js';
import { backingPath, diskPath, domainXml, poolXml } from '../../src/real/domain-xml.js';
import { defaultScenario, mebibyte, type RealScenario } from '../../src/real/scenario.js';

function root(scenario: RealScenario): XmlElement {
  const read = readXml(domainXml(scenario, '/opt/qemu/bin/qemu-system-x86_64'));
  if (!read.ok) throw new Error(read.error.message);
  return read.document.root;
}

const devices = (domain: XmlElement): XmlElement => {
  const found = firstChild(domain, 'devices');
  if (!found) throw new Error('no <devices>');
  return found;
};

describe('domain XML', () => {
  it('is a TCG guest with 64 MiB, one vCPU and the chosen emulator', () => {
    const domain = root(defaultScenario);
    expect(domain.name).toBe('domain');
    expect(attribute(domain, 'type')).toBe('qemu');
    const memory = firstChild(domain, 'memory');
    expect(memory && [attribute(memory, 'unit'), stringValue(memory)]).toEqual(['MiB', '64']);
    expect(stringValue(firstChild(domain, 'vcpu') ?? domain)).toBe('1');
    expect(stringValue(firstChild(devices(domain), 'emulator') ?? domain)).toBe('/opt/qemu/bin/qemu-system-x86_64');
  });

  it('has one virtio disk per scenario disk, with its format and path under /var/lib/libvirt/images', () => {
    const scenario: RealScenario = { ...defaultScenario, disks: [
      { name: 'vda', sizeBytes: 32 * mebibyte, format: 'qcow2', backing: false },
      { name: 'vdb', sizeBytes: 16 * mebibyte, format: 'raw', backing: false },
    ] };
    const disks = childElements(devices(root(scenario)), 'disk');
    const shape = disks.map((d) => [
      attribute(firstChild(d, 'driver') ?? d, 'type'), attribute(firstChild(d, 'source') ?? d, 'file'),
      attribute(firstChild(d, 'target') ?? d, 'dev'), attribute(firstChild(d, 'target') ?? d, 'bus'),
    ]);
    expect(shape).toEqual([
      ['qcow2', '/var/lib/libvirt/images/vda.qcow2', 'vda', 'virtio'],
      ['raw', '/var/lib/libvirt/images/vdb.raw', 'vdb', 'virtio'],
    ]);
  });

  it('puts a backing base next to its overlay', () => {
    const disk = { name: 'vdc', sizeBytes: 8 * mebibyte, format: 'qcow2', backing: true } as const;
    expect([diskPath(disk), backingPath(disk)]).toEqual(['/var/lib/libvirt/images/vdc.qcow2', '/var/lib/libvirt/images/vdc-base.qcow2']);
  });

  it.each([
    ['none', [], []],
    ['vnc', ['vnc'], []],
    ['spice', ['spice'], ['qxl']],
  ] as const)('graphics %s', (graphics, types, videos) => {
    const d = devices(root({ ...defaultScenario, graphics }));
    expect(childElements(d, 'graphics').map((g) => attribute(g, 'type'))).toEqual(types);
    expect(childElements(d, 'video').map((v) => attribute(firstChild(v, 'model') ?? v, 'type'))).toEqual(videos);
  });

  it('defines a dir pool over the images directory', () => {
    const read = readXml(poolXml());
    expect(read.ok && [attribute(read.document.root, 'type'), stringValue(firstChild(firstChild(read.document.root, 'target') ?? read.document.root, 'path') ?? read.document.root)])
      .toEqual(['dir', '/var/lib/libvirt/images']);
  });
});
