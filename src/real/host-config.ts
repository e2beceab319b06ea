// The configuration files of one host, as text. Values follow spec real-libvirt.md §2: auth
// none and a 0777 socket because only the harness (root) talks to these daemons; no security
// driver, cgroups or namespaces because QEMU runs inside our own namespaces as root; debug log
// filters on the migration, cookie and monitor modules so that every cookie and QMP command is
// in the log (qemuMigrationCookieFormat/Parse, qemuMonitorSend).
import { hostIdentities, libvirtdTcpPort, linkPrefixLength, qemuUser, type HostIdentity } from './constants.js';

export const logFilters =
  '1:qemu.qemu_migration_cookie 1:qemu.qemu_migration 1:qemu.qemu_migration_params 1:qemu.qemu_monitor_json 1:qemu.qemu_monitor 1:qemu.qemu_driver 3:*';

export function libvirtdConf(host: HostIdentity, logPath: string): string {
  return [
    `host_uuid = "${host.hostUuid}"`,
    `log_filters = "${logFilters}"`,
    `log_outputs = "1:file:${logPath}"`,
    'auth_unix_rw = "none"',
    'auth_unix_ro = "none"',
    'unix_sock_rw_perms = "0777"',
    'listen_tls = 0',
    // Used with --listen: the p2p destination URI (and the RPC proxy's upstream) on the veth
    // address, which exists only inside the two namespaces.
    'listen_tcp = 1',
    'auth_tcp = "none"',
    `tcp_port = "${libvirtdTcpPort}"`,
    `listen_addr = "${host.address}"`,
    '',
  ].join('\n');
}

export interface QemuConfOptions {
  /** Directory with ca-cert.pem, server-cert.pem, server-key.pem, client-cert.pem, client-key.pem; null: no TLS. */
  readonly tlsDirectory: string | null;
}

export function qemuConf(host: HostIdentity, options: QemuConfOptions): string {
  const lines = [
    'user = "root"',
    'group = "root"',
    'dynamic_ownership = 0',
    'remember_owner = 0',
    'security_driver = "none"',
    'cgroup_controllers = [ ]',
    'namespaces = [ ]',
    // No virtlogd in the namespace: QEMU's output goes straight to /var/log/libvirt/qemu.
    'stdio_handler = "file"',
    // The address the destination puts in uri_out and the NBD host the source connects to.
    `migration_host = "${host.address}"`,
  ];
  if (options.tlsDirectory !== null) lines.push(`migrate_tls_x509_cert_dir = "${options.tlsDirectory}"`, 'migrate_tls_x509_verify = 1');
  return `${lines.join('\n')}\n`;
}

export function hostsFile(): string {
  const rows = Object.values(hostIdentities).map((h) => `${h.address} ${h.hostname}`);
  return `127.0.0.1 localhost\n${rows.join('\n')}\n`;
}

/** /etc/passwd with the QEMU user added: libvirtd 9.0 exits with "Failed to parse user 'libvirt-qemu'" without it. */
export function passwdWithQemuUser(passwd: string): string {
  if (passwd.split('\n').some((line) => line.startsWith(`${qemuUser.name}:`))) return passwd;
  return `${passwd.replace(/\n?$/, '\n')}${qemuUser.name}:x:${qemuUser.uid}:${qemuUser.gid}:Libvirt Qemu:/var/lib/libvirt:/usr/sbin/nologin\n`;
}

/** /etc/group with the QEMU user's group (and kvm, which Debian's QEMU driver also resolves). */
export function groupWithQemuGroup(group: string): string {
  let text = group.replace(/\n?$/, '\n');
  const names = new Set(text.split('\n').map((line) => line.split(':')[0]));
  if (!names.has(qemuUser.name)) text += `${qemuUser.name}:x:${qemuUser.gid}:\n`;
  if (!names.has('kvm')) text += `kvm:x:${qemuUser.gid + 1}:${qemuUser.name}\n`;
  return text;
}

/** The addresses in CIDR form for `ip addr add`. */
export function cidr(host: HostIdentity): string {
  return `${host.address}/${linkPrefixLength}`;
}
