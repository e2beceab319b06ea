// The real side of `migsim validate-stream`: one mirror of a random-data raw file into a fresh
// `nbdkit memory` behind the delay filter (as in the QEMU 7.2 measurements, docs/evidence.md Q4–Q5:
// `-t 64 --filter=delay delay-write=D`), copied either by a headless QEMU's blockdev-mirror or by
// migsim's own NBD client replaying the mirror stream. Every server is stopped by PID, also when
// the run fails.
import { randomFillSync } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectNbd } from '../nbd/client.js';
import { mirrorToNbd } from '../nbd/mirror.js';
import { openFileSource } from '../nbd/mirror-source.js';
import { runQemuMirror } from '../qmp/mirror-job.js';
import { peerError } from './errors.js';
import { startNbdkit, type ServerPeer } from './servers.js';

export type Copier = 'qemu' | 'migsim';

export interface StreamRun {
  readonly copier: Copier;
  readonly diskBytes: number;
  readonly bufSizeBytes: number;
  /** Per-request delay of the target (nbdkit delay filter), the emulated round trip. */
  readonly delayMs: number;
  readonly sourcePath: string;
  readonly timeoutMs: number;
}

export type StreamRunOutcome = { readonly ok: true; readonly seconds: number } | { readonly ok: false; readonly error: { readonly code: string; readonly message: string } };

/** A source file for a run, removed with its temporary directory. */
export interface SourceImage {
  readonly path: string;
  remove(): Promise<void>;
}

/** Writes `sizeBytes` of random data (incompressible, never zero) to a new file in a new temp dir. */
export async function writeRandomImage(sizeBytes: number): Promise<SourceImage> {
  const directory = await mkdtemp(join(tmpdir(), 'migsim-stream-'));
  const path = join(directory, 'source.raw');
  const handle = await open(path, 'w');
  try {
    const block = Buffer.allocUnsafe(Math.min(sizeBytes, 8 * 1024 * 1024));
    for (let at = 0; at < sizeBytes; at += block.length) {
      const piece = block.subarray(0, Math.min(block.length, sizeBytes - at));
      randomFillSync(piece);
      await handle.write(piece, 0, piece.length, at);
    }
  } finally {
    await handle.close();
  }
  return { path, remove: () => rm(directory, { recursive: true, force: true }) };
}

export async function runStream(run: StreamRun): Promise<StreamRunOutcome> {
  const started = await startNbdkit({
    plugin: 'memory', pluginArgs: [String(run.diskBytes)], threads: 64,
    filters: [{ name: 'delay', params: { 'delay-write': `${run.delayMs}ms`, 'delay-zero': `${run.delayMs}ms` } }],
  });
  if (!started.ok) return started;
  try {
    return run.copier === 'qemu' ? await viaQemu(run, started.server) : await viaMigsim(run, started.server);
  } finally {
    await started.server.stop();
  }
}

async function viaQemu(run: StreamRun, target: ServerPeer): Promise<StreamRunOutcome> {
  const mirrored = await runQemuMirror({ sourcePath: run.sourcePath, target: target.address, bufSizeBytes: run.bufSizeBytes, timeoutMs: run.timeoutMs });
  return mirrored.ok ? { ok: true, seconds: mirrored.report.readySeconds } : mirrored;
}

async function viaMigsim(run: StreamRun, target: ServerPeer): Promise<StreamRunOutcome> {
  const connected = await connectNbd(target.address, { timeoutMs: run.timeoutMs });
  if (!connected.ok) return connected;
  const source = await openFileSource(run.sourcePath);
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    connected.client.close();
  }, run.timeoutMs);
  try {
    const mirrored = await mirrorToNbd(connected.client, source, { bufSizeBytes: run.bufSizeBytes });
    if (!mirrored.ok && expired) return { ok: false, error: peerError('peer-timeout', `migsim mirror did not finish within ${run.timeoutMs} ms`) };
    if (!mirrored.ok) return mirrored;
    return { ok: true, seconds: mirrored.report.elapsedSeconds };
  } finally {
    clearTimeout(timer);
    await source.close();
    await connected.client.disconnect();
  }
}
