// A free TCP port on 127.0.0.1, found by letting the kernel pick one and releasing it. Another
// process may take it before the peer binds, so launchers retry with a fresh port when the
// peer fails to start.
import { createServer } from 'node:net';

export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
