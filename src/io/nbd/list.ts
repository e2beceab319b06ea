// `nbdinfo --list` in migsim: connect, LIST, INFO each export, ABORT.
import { ClientLister, defaultLimits, nbdError, type ListAction, type ListedExport, type NbdError, type NbdLimits } from '../../model/nbd/index.js';
import { connectSocket, describeAddress, type NbdAddress } from './address.js';

export type ListOutcome = { readonly ok: true; readonly exports: readonly ListedExport[] } | { readonly ok: false; readonly error: NbdError };

export async function listExports(address: NbdAddress, options: { readonly timeoutMs?: number; readonly limits?: NbdLimits } = {}): Promise<ListOutcome> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const connected = await connectSocket(address, timeoutMs);
  if (!connected.ok) return connected;
  const socket = connected.socket;
  const lister = new ClientLister(options.limits ?? defaultLimits);
  const outcome = await new Promise<ListOutcome>((resolve) => {
    const timer = setTimeout(() => resolve({ ok: false, error: nbdError('timeout', `listing ${describeAddress(address)} did not finish within ${timeoutMs} ms`) }), timeoutMs);
    const apply = (actions: readonly ListAction[]): void => {
      for (const action of actions) {
        if (action.kind === 'send') {
          socket.write(action.bytes);
          continue;
        }
        clearTimeout(timer);
        resolve(action.kind === 'listed' ? { ok: true, exports: action.exports } : { ok: false, error: action.error });
        return;
      }
    };
    socket.on('data', (chunk: Buffer) => apply(lister.receive(chunk)));
    socket.on('end', () => apply(lister.end()));
    socket.on('error', (error) => apply([{ kind: 'failed', error: nbdError('connection-closed', error.message) }]));
  });
  socket.end();
  socket.destroy();
  return outcome;
}
