// What the two NBD stream decoders share: a bounded byte queue, the phase the stream is in, and
// a sticky error (after one malformed message the stream cannot be resynchronised, so every
// later pull repeats the first error). Subclasses decode one message of the current phase.
import { ByteQueue } from './byte-queue.js';
import { failed, type DecodeStep } from './decode-step.js';
import { nbdError, type NbdError } from './errors.js';
import { bufferedBytesMax, type NbdLimits } from './limits.js';

export abstract class StreamDecoder<M, P extends string> {
  protected readonly queue: ByteQueue;
  protected stage: P;
  private error: NbdError | null = null;

  protected constructor(protected readonly limits: NbdLimits, initial: P) {
    this.queue = new ByteQueue(bufferedBytesMax(limits));
    this.stage = initial;
  }

  get phase(): P {
    return this.stage;
  }

  get bufferedBytes(): number {
    return this.queue.length;
  }

  push(chunk: Uint8Array): NbdError | null {
    if (this.error) return this.error;
    this.error = this.queue.push(chunk);
    return this.error;
  }

  next(): DecodeStep<M> {
    if (this.error) return failed(this.error);
    const step = this.decode();
    if (step.kind === 'error') this.error = step.error;
    return step;
  }

  /** At end of stream: bytes left over mean the peer stopped inside a message. */
  finish(): NbdError | null {
    if (this.error || this.queue.length === 0) return this.error;
    return nbdError('truncated', `stream ended inside a message (${this.queue.length} bytes pending)`);
  }

  protected abstract decode(): DecodeStep<M>;
}
