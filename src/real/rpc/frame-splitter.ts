// Cuts a libvirt RPC byte stream into whole frames, however TCP or a UNIX socket split it: a
// frame is taken only once its length word says it is all there. Bounded (a length over
// VIR_NET_MESSAGE_MAX or under a header is an error that sticks: the stream cannot be resynchronised).
import { ByteQueue } from '../../model/nbd/byte-queue.js';
import { frameLimits } from './frame.js';

export class FrameSplitter {
  private readonly queue = new ByteQueue(frameLimits.frameBytesMax * 2);
  private failure: string | null = null;

  get error(): string | null {
    return this.failure;
  }

  /** The complete frames the chunk finishes (none after an error). */
  push(chunk: Uint8Array): Uint8Array[] {
    if (this.failure !== null) return [];
    const refused = this.queue.push(chunk);
    if (refused) {
      this.failure = refused.message;
      return [];
    }
    const frames: Uint8Array[] = [];
    while (this.queue.length >= 4) {
      const head = this.queue.peek(4);
      const length = new DataView(head.buffer, head.byteOffset, 4).getUint32(0);
      if (length < 4 + frameLimits.headerBytes || length > frameLimits.frameBytesMax) {
        this.failure = `frame length ${length} is outside ${4 + frameLimits.headerBytes}..${frameLimits.frameBytesMax}`;
        return frames;
      }
      if (this.queue.length < length) break;
      frames.push(this.queue.take(length));
    }
    return frames;
  }
}
