// NBD endpoints for wire-level tests: each helper registers its own undo with the test's
// cleanups, so a server or connection never outlives the test that opened it.
import {
  connectNbd, startNbdServer, type NbdAddress, type NbdClient, type NbdServer, type NbdServerOptions,
} from '../../src/io/nbd/index.js';
import type { Cleanups } from './cleanups.js';

export interface NbdEndpoints {
  /** migsim's server on 127.0.0.1 (a free port) unless `listen` says otherwise. */
  serve(options: Partial<NbdServerOptions> & Pick<NbdServerOptions, 'exports'>): Promise<NbdServer>;
  /** migsim's client, connected and negotiated; a refusal fails the test with its code. */
  client(address: NbdAddress, options?: Parameters<typeof connectNbd>[1]): Promise<NbdClient>;
  /** The bytes at [offset, offset+length), or a failed test. */
  readBack(nbd: NbdClient, offset: number, length: number): Promise<Buffer>;
}

export function nbdEndpoints({ defer }: Pick<Cleanups, 'defer'>): NbdEndpoints {
  return {
    async serve(options) {
      const server = await startNbdServer({ listen: { kind: 'tcp' }, ...options });
      defer(() => server.close());
      return server;
    },
    async client(address, options = {}) {
      const connected = await connectNbd(address, options);
      if (!connected.ok) throw new Error(`${connected.error.code}: ${connected.error.message}`);
      defer(async () => connected.client.close());
      return connected.client;
    },
    async readBack(nbd, offset, length) {
      const result = await nbd.read(offset, length);
      if (!result.ok || result.kind !== 'read') throw new Error(`read failed: ${JSON.stringify(result)}`);
      return Buffer.from(result.data);
    },
  };
}
