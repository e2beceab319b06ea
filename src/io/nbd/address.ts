// Where an NBD server listens: TCP on the loopback address only, or a UNIX socket. Servers
// started by migsim never bind anything but 127.0.0.1, so a test cannot expose an export.
import { connect, type Socket } from 'node:net';
import { nbdError, type NbdError } from '../../model/nbd/index.js';

export type NbdAddress =
  | { readonly kind: 'tcp'; readonly host: '127.0.0.1'; readonly port: number }
  | { readonly kind: 'unix'; readonly path: string };

export const loopbackHost = '127.0.0.1';

export function tcpAddress(port: number): NbdAddress {
  return { kind: 'tcp', host: loopbackHost, port };
}

export function unixAddress(path: string): NbdAddress {
  return { kind: 'unix', path };
}

/** The NBD URI of an address and export (the syntax libnbd's tools take, doc/uri.md). */
export function nbdUri(address: NbdAddress, exportName = ''): string {
  const name = encodeURIComponent(exportName);
  if (address.kind === 'tcp') return `nbd://${address.host}:${address.port}/${name}`;
  return `nbd+unix:///${name}?socket=${encodeURIComponent(address.path)}`;
}

export function describeAddress(address: NbdAddress): string {
  return address.kind === 'tcp' ? `${address.host}:${address.port}` : address.path;
}

export type ConnectResult = { readonly ok: true; readonly socket: Socket } | { readonly ok: false; readonly error: NbdError };

/** Opens a socket with TCP_NODELAY, as the NBD protocol recommends for both ends (doc/proto.md "Conventions"). */
export function connectSocket(address: NbdAddress, timeoutMs: number): Promise<ConnectResult> {
  return new Promise((resolve) => {
    const socket = address.kind === 'tcp' ? connect({ host: address.host, port: address.port, noDelay: true }) : connect({ path: address.path });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, error: nbdError('timeout', `connect to ${describeAddress(address)} did not finish within ${timeoutMs} ms`) });
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve({ ok: true, socket });
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, error: nbdError('connect-failed', `cannot connect to ${describeAddress(address)}: ${error.message}`) });
    });
  });
}
