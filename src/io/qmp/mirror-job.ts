// Runs a real QEMU `blockdev-mirror` from a raw file into an NBD export, the storage-migration
// layout of docs/interop/live-block-operations.rst: blockdev-add the source and the NBD target,
// start the mirror with sync=full, wait for BLOCK_JOB_READY, block-job-cancel (after READY this
// completes without pivoting), quit. A job that fails (e.g. "Source and target image have
// different sizes") ends with BLOCK_JOB_COMPLETED carrying an error, which is reported as such.
import { performance } from 'node:perf_hooks';
import type { NbdAddress } from '../nbd/address.js';
import type { PeerError } from '../peers/errors.js';
import type { QmpClient, QmpEvent } from './client.js';
import { qmpError, type QmpError } from './errors.js';
import { launchHeadlessQemu } from './qemu.js';

export interface QemuMirrorOptions {
  readonly sourcePath: string;
  readonly target: NbdAddress;
  readonly exportName?: string;
  readonly bufSizeBytes?: number;
  readonly granularityBytes?: number;
  readonly speedBytesPerSecond?: number;
  readonly copyMode?: 'background' | 'write-blocking';
  readonly timeoutMs: number;
}

export interface QemuMirrorReport {
  /** From the job's JOB_STATUS_CHANGE "running" to BLOCK_JOB_READY, by QEMU's event timestamps. */
  readonly readySeconds: number;
  /** From sending blockdev-mirror to receiving BLOCK_JOB_READY, by our clock. */
  readonly wallSeconds: number;
  readonly lengthBytes: number;
}

export type QemuMirrorOutcome = { readonly ok: true; readonly report: QemuMirrorReport } | { readonly ok: false; readonly error: QmpError | PeerError };

const jobId = 'migsim-mirror';

export async function runQemuMirror(options: QemuMirrorOptions): Promise<QemuMirrorOutcome> {
  const launched = await launchHeadlessQemu();
  if (!launched.ok) return launched;
  try {
    return await mirror(launched.qemu.qmp, options);
  } finally {
    await launched.qemu.stop();
  }
}

async function mirror(qmp: QmpClient, options: QemuMirrorOptions): Promise<QemuMirrorOutcome> {
  const server = options.target.kind === 'tcp'
    ? { type: 'inet', host: options.target.host, port: String(options.target.port) }
    : { type: 'unix', path: options.target.path };
  const steps: [string, Record<string, unknown>][] = [
    ['blockdev-add', { 'driver': 'raw', 'node-name': 'source', 'file': { driver: 'file', filename: options.sourcePath } }],
    ['blockdev-add', { 'driver': 'nbd', 'node-name': 'target', server, 'export': options.exportName ?? '' }],
  ];
  for (const [command, args] of steps) {
    const result = await qmp.execute(command, args);
    if (!result.ok) return result;
  }
  const startMs = performance.now();
  const started = await qmp.execute('blockdev-mirror', {
    'job-id': jobId, 'device': 'source', 'target': 'target', 'sync': 'full',
    ...(options.bufSizeBytes !== undefined ? { 'buf-size': options.bufSizeBytes } : {}),
    ...(options.granularityBytes !== undefined ? { granularity: options.granularityBytes } : {}),
    ...(options.speedBytesPerSecond !== undefined ? { speed: options.speedBytesPerSecond } : {}),
    ...(options.copyMode !== undefined ? { 'copy-mode': options.copyMode } : {}),
  });
  if (!started.ok) return started;
  const ours = (event: QmpEvent): boolean => event.data.device === jobId || event.data.id === jobId;
  const settled = await qmp.waitForEvent((e) => ours(e) && (e.event === 'BLOCK_JOB_READY' || e.event === 'BLOCK_JOB_COMPLETED'), options.timeoutMs, 'BLOCK_JOB_READY');
  if (!settled.ok) return settled;
  const wallSeconds = (performance.now() - startMs) / 1000;
  if (settled.event.event === 'BLOCK_JOB_COMPLETED') {
    return { ok: false, error: qmpError('mirror-failed', `mirror job ended with an error: ${String(settled.event.data.error ?? 'completed before READY')}`) };
  }
  const running = qmp.events.find((e) => e.event === 'JOB_STATUS_CHANGE' && e.data.id === jobId && e.data.status === 'running');
  const readySeconds = settled.event.timestampSeconds - (running?.timestampSeconds ?? settled.event.timestampSeconds - wallSeconds);
  const cancelled = await qmp.execute('block-job-cancel', { device: jobId });
  if (!cancelled.ok) return cancelled;
  const completed = await qmp.waitForEvent((e) => ours(e) && (e.event === 'BLOCK_JOB_COMPLETED' || e.event === 'BLOCK_JOB_CANCELLED'), options.timeoutMs, 'BLOCK_JOB_COMPLETED');
  if (!completed.ok) return completed;
  return { ok: true, report: { readySeconds, wallSeconds, lengthBytes: Number(settled.event.data.len ?? 0) } };
}
