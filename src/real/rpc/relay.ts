// A byte relay run inside the source host's network namespace, so that the RPC link is TCP on
// the veth pair as with two real hosts: the source daemon connects to the relay's TCP address
// (qemu+tcp://10.250.0.1:PORT/system), the relay hands the bytes to the in-process proxy's UNIX
// socket; the proxy's upstream is a UNIX socket the relay connects on to the destination
// daemon's TCP listener (10.250.0.2:16509, listen_tcp in libvirtd.conf). The relay never looks
// at the bytes; the proxy does. A process of its own because a Node process cannot open a
// socket in another network namespace.
import { createConnection, createServer, type Server } from 'node:net';

export type RelayEndpoint = { readonly path: string } | { readonly host: string; readonly port: number };

export interface RelayRule {
  readonly listen: RelayEndpoint;
  readonly connect: RelayEndpoint;
}

/** Bounds on one relay. */
export const relayLimits = { connectionsPerRuleMax: 16 } as const;

/** `tcp:HOST:PORT` or `unix:PATH`. */
export function parseEndpoint(text: string): RelayEndpoint | null {
  const tcp = /^tcp:([0-9.]+):(\d{1,5})$/.exec(text);
  if (tcp) {
    const port = Number(tcp[2]);
    return port > 0 && port < 65536 ? { host: tcp[1] ?? '', port } : null;
  }
  const unix = /^unix:(\/[A-Za-z0-9_./-]+)$/.exec(text);
  return unix ? { path: unix[1] ?? '' } : null;
}

export function formatEndpoint(endpoint: RelayEndpoint): string {
  return 'path' in endpoint ? `unix:${endpoint.path}` : `tcp:${endpoint.host}:${endpoint.port}`;
}

/** Starts every rule's listener; resolves once all listen (or with the first error). */
export async function startRelay(rules: readonly RelayRule[]): Promise<{ readonly servers: readonly Server[] } | { readonly error: string }> {
  const servers: Server[] = [];
  for (const rule of rules) {
    let connections = 0;
    const server = createServer((client) => {
      if (connections >= relayLimits.connectionsPerRuleMax) {
        client.destroy();
        return;
      }
      connections += 1;
      const upstream = createConnection(rule.connect);
      const closeBoth = (): void => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', closeBoth);
      upstream.on('error', closeBoth);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    const failed = await new Promise<string | null>((resolve) => {
      server.once('error', (error) => resolve(error.message));
      server.listen(rule.listen, () => resolve(null));
    });
    if (failed !== null) {
      for (const s of servers) s.close();
      return { error: `cannot listen on ${formatEndpoint(rule.listen)}: ${failed}` };
    }
    servers.push(server);
  }
  return { servers };
}
