// Goal: the certificates `up --with-tls` makes are what QEMU's TLS checks want: a CA, and one
// leaf for both hosts, valid for server and client use, naming both hostnames and addresses.
// Method: read the extensions text; where openssl is installed, make the files and let
// `openssl verify` and `openssl x509` check them (skipped locally without openssl, failing under CI).
import { describe, expect, it } from 'vitest';
import { findProgram } from '../../src/io/peers/programs.js';
import { command } from '../../src/real/command.js';
import { leafExtensions, makeCertificates } from '../../src/real/tls.js';
import { useCleanups } from '../support/cleanups.js';

const cleanups = useCleanups();

describe('TLS certificates', () => {
  it('name both hosts and allow server and client use', () => {
    const text = leafExtensions();
    expect(text).toContain('subjectAltName = DNS:hosta, IP:10.250.0.1, DNS:hostb, IP:10.250.0.2');
    expect(text).toContain('extendedKeyUsage = serverAuth, clientAuth');
    expect(text).toContain('CA:FALSE');
  });

  it('verify against their CA', async (context) => {
    const openssl = findProgram('openssl');
    if (openssl === null) {
      if (process.env.CI === 'true') throw new Error('CI=true and openssl is missing (Debian package openssl)');
      console.warn('skipping: openssl is not installed (Debian package openssl)');
      return context.skip('openssl is not installed');
    }
    const directory = await cleanups.scratch();
    expect(await makeCertificates(openssl, directory)).toEqual({ ok: true, value: null });
    for (const leaf of ['server-cert.pem', 'client-cert.pem']) {
      const verified = await command(openssl, ['verify', '-CAfile', `${directory}/ca-cert.pem`, `${directory}/${leaf}`]);
      expect(verified.ok && verified.value.stdout).toContain(': OK');
    }
    const shown = await command(openssl, ['x509', '-in', `${directory}/server-cert.pem`, '-noout', '-ext', 'subjectAltName']);
    expect(shown.ok && shown.value.stdout).toContain('IP Address:10.250.0.2');
  });
});
