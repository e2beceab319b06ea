// Certificates for `virsh migrate --tls`: one throw-away CA and one certificate for both hosts,
// valid as server and client, naming both hostnames and veth addresses (QEMU checks the
// destination's address against it: tls-hostname is the migration URI's host). libvirt's QEMU
// driver gives QEMU the directory as a tls-creds-x509 object (qemuMigrationParamsEnableTLS),
// which reads ca-cert.pem, server-cert.pem/server-key.pem and client-cert.pem/client-key.pem.
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { command, steps } from './command.js';
import { hostIdentities } from './constants.js';
import type { RealResult } from './errors.js';

export const certificateValidityDays = 7;

export function leafExtensions(): string {
  const names = Object.values(hostIdentities).flatMap((h) => [`DNS:${h.hostname}`, `IP:${h.address}`]);
  return [
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature, keyEncipherment',
    'extendedKeyUsage = serverAuth, clientAuth',
    `subjectAltName = ${names.join(', ')}`,
    '',
  ].join('\n');
}

/** Writes the CA and the shared certificate into `directory`. */
export async function makeCertificates(openssl: string, directory: string): Promise<RealResult<null>> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const path = (name: string): string => join(directory, name);
  await writeFile(path('leaf.ext'), leafExtensions());
  const days = String(certificateValidityDays);
  const made = await steps([
    () => command(openssl, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path('ca-key.pem'), '-out', path('ca-cert.pem'), '-days', days,
      '-subj', '/CN=migsim real CA', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign']),
    () => command(openssl, ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', path('server-key.pem'), '-out', path('server.csr'), '-subj', '/CN=hosta']),
    () => command(openssl, ['x509', '-req', '-in', path('server.csr'), '-CA', path('ca-cert.pem'), '-CAkey', path('ca-key.pem'), '-CAcreateserial',
      '-out', path('server-cert.pem'), '-days', days, '-extfile', path('leaf.ext')]),
  ]);
  if (!made.ok) return made;
  await copyFile(path('server-cert.pem'), path('client-cert.pem'));
  await copyFile(path('server-key.pem'), path('client-key.pem'));
  return made;
}
