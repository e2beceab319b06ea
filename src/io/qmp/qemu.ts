// A headless QEMU with nothing but a QMP monitor: `-machine none -nodefaults -display none
// -no-user-config`. That is enough for block jobs (blockdev-mirror runs on `-machine none`,
// docs/evidence.md Q5); no guest, no KVM. Stopped with `quit`, then by PID in any case.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchPeer, type PeerProcess } from '../peers/process.js';
import { requirePeer } from '../peers/programs.js';
import type { PeerError } from '../peers/errors.js';
import { QmpClient } from './client.js';
import { qmpError, type QmpError } from './errors.js';

export interface HeadlessQemu {
  readonly process: PeerProcess;
  readonly qmp: QmpClient;
  stop(): Promise<void>;
}

export type QemuOutcome = { readonly ok: true; readonly qemu: HeadlessQemu } | { readonly ok: false; readonly error: QmpError | PeerError };

/** Launches QEMU; a monitor that does not answer is retried once with a fresh process. */
export async function launchHeadlessQemu(timeoutMs = 15_000): Promise<QemuOutcome> {
  const program = requirePeer('qemu-system-x86_64');
  if (!program.ok) return program;
  const first = await launchOnce(program.path, timeoutMs);
  if (first.ok || first.error.code !== 'qemu-start-failed') return first;
  return launchOnce(program.path, timeoutMs);
}

async function launchOnce(programPath: string, timeoutMs: number): Promise<QemuOutcome> {
  const directory = await mkdtemp(join(tmpdir(), 'migsim-qemu-'));
  const socketPath = join(directory, 'qmp.sock');
  const launched = await launchPeer({
    name: 'qemu-system-x86_64',
    program: programPath,
    args: ['-machine', 'none', '-nodefaults', '-display', 'none', '-no-user-config', '-pidfile', join(directory, 'pid'),
      '-qmp', `unix:${socketPath},server=on,wait=off`],
    pidFile: join(directory, 'pid'),
    probe: () => stat(socketPath).then(() => true, () => false),
    timeoutMs,
  });
  if (!launched.ok) {
    await rm(directory, { recursive: true, force: true });
    return launched;
  }
  const connected = await QmpClient.connect(socketPath, timeoutMs);
  const stop = async (client: QmpClient | null): Promise<void> => {
    if (client) {
      // `quit` first, so QEMU closes its block devices cleanly; the PID stop is the backstop.
      await client.execute('quit', undefined, 2000);
      client.close();
    }
    await launched.peer.stop();
    await rm(directory, { recursive: true, force: true });
  };
  if (!connected.ok) {
    await stop(null);
    return { ok: false, error: qmpError('qemu-start-failed', `QEMU did not start: ${connected.error.message}; ${launched.peer.output().trim().slice(0, 300)}`) };
  }
  return { ok: true, qemu: { process: launched.peer, qmp: connected.client, stop: () => stop(connected.client) } };
}
