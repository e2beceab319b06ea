// Goal: each host's configuration has what spec real-libvirt.md §2 says a host needs, and the
// passwd/group copies gain the libvirt-qemu user and group exactly once.
// Method: generate the files and look for the settings; apply the additions twice.
import { describe, expect, it } from 'vitest';
import { hostIdentities } from '../../src/real/constants.js';
import { groupWithQemuGroup, hostsFile, libvirtdConf, logFilters, passwdWithQemuUser, qemuConf } from '../../src/real/host-config.js';
import { bindMounts, outsidePath, scratchLayout, vethNames } from '../../src/real/layout.js';
import { listeningPorts } from '../../src/real/end-state.js';

describe('host configuration', () => {
  it('gives each libvirtd its own host UUID, the debug filters, and TCP only on its veth address', () => {
    const a = libvirtdConf(hostIdentities.A, '/s/A/libvirtd.log');
    const b = libvirtdConf(hostIdentities.B, '/s/B/libvirtd.log');
    expect(a).toContain(`host_uuid = "${hostIdentities.A.hostUuid}"`);
    expect(b).toContain(`host_uuid = "${hostIdentities.B.hostUuid}"`);
    expect(hostIdentities.A.hostUuid).not.toBe(hostIdentities.B.hostUuid);
    expect(a).toContain(`log_filters = "${logFilters}"`);
    expect(a).toContain('log_outputs = "1:file:/s/A/libvirtd.log"');
    expect(a).toContain('listen_addr = "10.250.0.1"');
    expect(logFilters).toContain('1:qemu.qemu_migration_cookie');
  });

  it('runs QEMU as root without security driver, cgroups or namespaces, migrating from the veth address', () => {
    const conf = qemuConf(hostIdentities.B, { tlsDirectory: null });
    for (const line of ['user = "root"', 'security_driver = "none"', 'cgroup_controllers = [ ]', 'namespaces = [ ]', 'migration_host = "10.250.0.2"']) {
      expect(conf).toContain(line);
    }
    expect(conf).not.toContain('tls');
    expect(hostsFile()).toBe('127.0.0.1 localhost\n10.250.0.1 hosta\n10.250.0.2 hostb\n');
  });

  it('adds libvirt-qemu to passwd and group once', () => {
    const passwd = 'root:x:0:0:root:/root:/bin/bash\n';
    const once = passwdWithQemuUser(passwd);
    expect(once).toMatch(/^libvirt-qemu:x:64055:64055:/m);
    expect(passwdWithQemuUser(once)).toBe(once);
    const group = groupWithQemuGroup('root:x:0:');
    expect(group).toMatch(/^libvirt-qemu:x:64055:$/m);
    expect(groupWithQemuGroup(group)).toBe(group);
  });

  it('maps inside paths to the host tree, and names the veth pair per directory in at most 15 bytes', () => {
    const layout = scratchLayout('/tmp/migsim-real-x');
    expect(outsidePath(layout.hosts.B, '/var/lib/libvirt/images/vda.qcow2')).toBe('/tmp/migsim-real-x/B/varlib/libvirt/images/vda.qcow2');
    expect(outsidePath(layout.hosts.A, '/run/libvirt/libvirt-sock')).toBe(layout.hosts.A.socket);
    expect(bindMounts.map((m) => m.inside)).toEqual(['/run', '/var/lib', '/var/cache', '/var/log', '/etc/libvirt']);
    const names = vethNames('/tmp/migsim-real-x');
    expect(names.A.length).toBeLessThanOrEqual(15);
    expect(names.A).not.toBe(vethNames('/tmp/migsim-real-y').A);
  });

  it('reads the ports QEMU listens on from ss, leaving libvirtd out', () => {
    const ss = [
      'LISTEN 0      1                 *:49153            *:*    users:(("qemu-system-x86",pid=3921,fd=27))',
      'LISTEN 0      50       10.250.0.2:16509      0.0.0.0:*    users:(("libvirtd",pid=3800,fd=14))',
    ].join('\n');
    expect(listeningPorts(ss)).toEqual([{ port: 49153, process: 'qemu-system-x86' }]);
  });
});
