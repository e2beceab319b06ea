// The mirror stream on a real socket: copies a source into an NBD export with the operation
// sizes, in-flight limit, buffer and order of QEMU's mirror job (see model/nbd/mirror-plan.ts),
// then flushes the target as QEMU does before BLOCK_JOB_READY (block/mirror.c mirror_run).
// One deviation: QEMU learns zero regions from the source's block status (SEEK_HOLE on a raw
// file); Node has no SEEK_HOLE, so granules are classified by content, like detect-zeroes.
import { performance } from 'node:perf_hooks';
import {
  defaultLimits, mirrorGeometry, nbdError, payloadBytesMaxOf, planIteration, transmissionFlag, type MirrorGeometry, type MirrorOp,
  type NbdError,
} from '../../model/nbd/index.js';
import type { NbdClient, RequestOutcome } from './client.js';
import { MirrorGate } from './mirror-gate.js';
import type { MirrorSource } from './mirror-source.js';
import { WindowReader, type SourceWindow } from './mirror-windows.js';

export interface MirrorOptions {
  readonly bufSizeBytes?: number;
  readonly granularityBytes?: number;
  /** Send zero granules as WRITE_ZEROES (default true). */
  readonly detectZeroes?: boolean;
  /** Flush the target at the end, as QEMU does before READY (default true). */
  readonly flush?: boolean;
}

export interface MirrorReport {
  readonly geometry: MirrorGeometry;
  readonly bytesCopied: number;
  readonly bytesZeroed: number;
  /** Op length → count, per kind, as issued by the mirror (before any split to the payload limit). */
  readonly copySizes: ReadonlyMap<number, number>;
  readonly zeroSizes: ReadonlyMap<number, number>;
  readonly inFlightMax: number;
  readonly bufferChunksMax: number;
  readonly elapsedSeconds: number;
  readonly throughputBytesPerSecond: number;
}

export type MirrorOutcome = { readonly ok: true; readonly report: MirrorReport } | { readonly ok: false; readonly error: NbdError };

export async function mirrorToNbd(client: NbdClient, source: MirrorSource, options: MirrorOptions = {}): Promise<MirrorOutcome> {
  const negotiated = client.negotiated;
  if (source.sizeBytes !== negotiated.sizeBytes) {
    return { ok: false, error: nbdError('size-mismatch', `source has ${source.sizeBytes} bytes, the export ${negotiated.sizeBytes}`) };
  }
  const resolved = mirrorGeometry({ diskBytes: source.sizeBytes, bufSizeBytes: options.bufSizeBytes, granularityBytes: options.granularityBytes });
  if (!resolved.ok) throw new RangeError(resolved.message);
  const run = new MirrorRun(client, resolved.geometry, options.detectZeroes ?? true);
  const startMs = performance.now();
  const failure = await run.copy(source);
  if (failure) return { ok: false, error: failure };
  if (options.flush ?? true) {
    const flushed = await client.flush();
    if (!flushed.ok) return { ok: false, error: flushed.error };
  }
  const elapsedSeconds = (performance.now() - startMs) / 1000;
  return { ok: true, report: run.report(elapsedSeconds) };
}

class MirrorRun {
  private readonly gate: MirrorGate;
  private readonly running = new Set<Promise<void>>();
  private failure: NbdError | null = null;
  private readonly copySizes = new Map<number, number>();
  private readonly zeroSizes = new Map<number, number>();
  private bytesCopied = 0;
  private bytesZeroed = 0;
  private readonly zeroes: Uint8Array;

  constructor(private readonly client: NbdClient, private readonly geometry: MirrorGeometry, private readonly detectZeroes: boolean) {
    this.gate = new MirrorGate(geometry);
    this.zeroes = new Uint8Array(Math.min(geometry.granularityBytes, zeroCompareBytes));
  }

  /** Issues every op in order, each once the gate lets it start; returns the first failure. */
  async copy(source: MirrorSource): Promise<NbdError | null> {
    const g = this.geometry.granularityBytes;
    const windows = new WindowReader(source, this.geometry);
    while (!this.failure) {
      const window = await windows.next();
      if (window === null) break;
      if ('code' in window) {
        this.failure = window;
        break;
      }
      const { offset, data } = window;
      const ops = planIteration(this.geometry, offset, (i) => this.detectZeroes && this.isZero(data.subarray(i * g, (i + 1) * g)));
      for (const op of ops) {
        await this.gate.acquire(op);
        if (this.failure) break;
        window.hold();
        this.start(op, data.subarray(op.offset - offset, op.offset - offset + op.lengthBytes), window);
      }
      window.release();
    }
    await windows.drain();
    await Promise.all(this.running);
    return this.failure;
  }

  private start(op: MirrorOp, data: Uint8Array, window: SourceWindow): void {
    const task: Promise<void> = this.issue(op, data).then((error) => {
      window.release();
      this.gate.release(op);
      this.running.delete(task);
      this.failure ??= error;
    });
    this.running.add(task);
  }

  report(elapsedSeconds: number): MirrorReport {
    return {
      geometry: this.geometry, bytesCopied: this.bytesCopied, bytesZeroed: this.bytesZeroed,
      copySizes: this.copySizes, zeroSizes: this.zeroSizes, inFlightMax: this.gate.inFlightMax,
      bufferChunksMax: this.gate.bufferChunksMax, elapsedSeconds,
      throughputBytesPerSecond: elapsedSeconds > 0 ? this.geometry.diskBytes / elapsedSeconds : 0,
    };
  }

  private async issue(op: MirrorOp, data: Uint8Array): Promise<NbdError | null> {
    const sizes = op.kind === 'copy' ? this.copySizes : this.zeroSizes;
    sizes.set(op.lengthBytes, (sizes.get(op.lengthBytes) ?? 0) + 1);
    const negotiated = this.client.negotiated;
    const useZeroes = op.kind === 'zero' && (negotiated.transmissionFlags & transmissionFlag.sendWriteZeroes) !== 0;
    // QEMU's NBD driver splits requests at the export's maximum payload (block/nbd.c
    // nbd_refresh_limits: max_pwrite_zeroes and max_transfer); so do we.
    const pieceBytes = payloadBytesMaxOf(negotiated, defaultLimits);
    const pieces: Promise<RequestOutcome>[] = [];
    for (let at = 0; at < op.lengthBytes; at += pieceBytes) {
      const length = Math.min(pieceBytes, op.lengthBytes - at);
      if (useZeroes) pieces.push(this.client.writeZeroes(op.offset + at, length));
      else pieces.push(this.client.write(op.offset + at, op.kind === 'copy' ? data.subarray(at, at + length) : new Uint8Array(length)));
    }
    const failed = (await Promise.all(pieces)).find((outcome) => !outcome.ok);
    if (failed && !failed.ok) return failed.error;
    if (op.kind === 'copy') this.bytesCopied += op.lengthBytes;
    else this.bytesZeroed += op.lengthBytes;
    return null;
  }

  private isZero(bytes: Uint8Array): boolean {
    for (let at = 0; at < bytes.length; at += this.zeroes.length) {
      const piece = bytes.subarray(at, Math.min(bytes.length, at + this.zeroes.length));
      if (Buffer.compare(piece, this.zeroes.subarray(0, piece.length)) !== 0) return false;
    }
    return true;
  }
}

const zeroCompareBytes = 1024 * 1024;
