// A bounded FIFO of received bytes for the incremental decoders. Peers deliver arbitrary
// fragments (one byte at a time, or many messages at once); the decoders ask "are there n
// bytes?" and take exactly n, so no message boundary depends on how the stream was split.
import { nbdError, type NbdError } from './errors.js';

export class ByteQueue {
  private chunks: Uint8Array[] = [];
  private head = 0;
  private offset = 0;
  private total = 0;

  constructor(readonly bufferedBytesMax: number) {}

  get length(): number {
    return this.total;
  }

  /**
   * Appends a chunk; refuses it when the unconsumed bytes would exceed the bound. The chunk is
   * kept, not copied (messages may be views of it), so the caller must not reuse its memory.
   */
  push(chunk: Uint8Array): NbdError | null {
    if (chunk.length === 0) return null;
    if (this.total + chunk.length > this.bufferedBytesMax) {
      return nbdError('buffer-overflow', `more than ${this.bufferedBytesMax} bytes buffered without a complete message`);
    }
    this.chunks.push(chunk);
    this.total += chunk.length;
    return null;
  }

  /** The next n bytes without consuming them (n ≤ length). Copies only across chunk seams. */
  peek(n: number): Uint8Array {
    return this.read(n, false);
  }

  /** Removes and returns the next n bytes (n ≤ length). */
  take(n: number): Uint8Array {
    return this.read(n, true);
  }

  private read(n: number, consume: boolean): Uint8Array {
    if (n > this.total) throw new RangeError(`take(${n}) with ${this.total} bytes queued`);
    const first = this.chunks[this.head];
    if (first && first.length - this.offset >= n) {
      const view = first.subarray(this.offset, this.offset + n);
      if (consume) this.advance(n);
      return view;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    let index = this.head;
    let offset = this.offset;
    while (filled < n) {
      const chunk = this.chunks[index] as Uint8Array;
      const count = Math.min(chunk.length - offset, n - filled);
      out.set(chunk.subarray(offset, offset + count), filled);
      filled += count;
      index += 1;
      offset = 0;
    }
    if (consume) this.advance(n);
    return out;
  }

  private advance(n: number): void {
    this.total -= n;
    let left = n;
    while (left > 0) {
      const chunk = this.chunks[this.head] as Uint8Array;
      const available = chunk.length - this.offset;
      if (available > left) {
        this.offset += left;
        return;
      }
      left -= available;
      this.head += 1;
      this.offset = 0;
    }
    // Drop consumed chunks now and then so the array does not grow without bound.
    if (this.head > 64 || this.head === this.chunks.length) {
      this.chunks = this.chunks.slice(this.head);
      this.head = 0;
    }
  }
}
