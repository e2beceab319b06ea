// The source data of the mirror, one iteration window at a time, read one window ahead so that
// reading never stalls the pipeline at a window boundary (QEMU reads each op's data as the op
// starts, concurrently with the ops in flight). Window buffers are pooled and go back to the
// pool when the last op using them completes: allocating a fresh 16 MiB buffer per window
// halves the client's throughput through garbage collection alone (bench/nbd.bench.ts).
import { nbdError, windowBytes, type MirrorGeometry, type NbdError } from '../../model/nbd/index.js';
import type { MirrorSource } from './mirror-source.js';

export interface SourceWindow {
  readonly offset: number;
  readonly data: Uint8Array;
  /** One more user (an op in flight) of the buffer. */
  hold(): void;
  /** A user is done; the last one returns the buffer to the pool. */
  release(): void;
}

export class WindowReader {
  private readonly pool: Uint8Array[] = [];
  private pending: Promise<SourceWindow | NbdError> | null;

  constructor(private readonly source: MirrorSource, private readonly geometry: MirrorGeometry) {
    this.pending = this.read(0);
  }

  /** The next window (holding one reference for the caller), an error, or null at the end. */
  async next(): Promise<SourceWindow | NbdError | null> {
    if (!this.pending) return null;
    const window = await this.pending;
    if ('code' in window) {
      this.pending = null;
      return window;
    }
    const following = window.offset + window.data.length;
    this.pending = following < this.geometry.diskBytes ? this.read(following) : null;
    return window;
  }

  /** Waits for a read still under way, so that the source can be closed. */
  async drain(): Promise<void> {
    await this.pending;
    this.pending = null;
  }

  private async read(offset: number): Promise<SourceWindow | NbdError> {
    const length = windowBytes(this.geometry, offset);
    try {
      if (!this.source.readInto) return this.window(offset, await this.source.read(offset, length), null);
      const buffer = this.pool.pop() ?? Buffer.allocUnsafe(this.geometry.bufSizeBytes);
      const data = buffer.subarray(0, length);
      await this.source.readInto(offset, data);
      return this.window(offset, data, buffer);
    } catch (error) {
      return nbdError('source-read-failed', `cannot read the source at ${offset}: ${String(error)}`);
    }
  }

  private window(offset: number, data: Uint8Array, pooled: Uint8Array | null): SourceWindow {
    let users = 1;
    return {
      offset,
      data,
      hold: () => {
        users += 1;
      },
      release: () => {
        users -= 1;
        if (users === 0 && pooled) this.pool.push(pooled);
      },
    };
  }
}
