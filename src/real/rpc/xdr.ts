// The XDR pieces libvirt's RPC uses (RFC 4506; libvirt src/rpc/virnetprotocol.x and
// src/remote/remote_protocol.x): big-endian 32-bit words, variable-length opaque data and
// strings as a length word, the bytes and zero padding to a multiple of four. A reader that
// never reads past its buffer and reports a short or oversized item as an error. Pure, no I/O.

export type XdrResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export const padded = (length: number): number => (length + 3) & ~3;

export class XdrReader {
  private offset: number;

  constructor(private readonly bytes: Uint8Array, start = 0, private readonly end = bytes.length) {
    this.offset = start;
  }

  get position(): number {
    return this.offset;
  }

  private view(): DataView {
    return new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
  }

  uint32(): XdrResult<number> {
    if (this.offset + 4 > this.end) return { ok: false, error: `4 bytes needed at offset ${this.offset}, ${this.end - this.offset} left` };
    const value = this.view().getUint32(this.offset);
    this.offset += 4;
    return { ok: true, value };
  }

  int32(): XdrResult<number> {
    const word = this.uint32();
    return word.ok ? { ok: true, value: word.value | 0 } : word;
  }

  /** Skips `count` bytes plus padding to four. */
  skip(count: number): XdrResult<null> {
    if (count < 0 || this.offset + padded(count) > this.end) return { ok: false, error: `${count} bytes (padded) needed at offset ${this.offset}, ${this.end - this.offset} left` };
    this.offset += padded(count);
    return { ok: true, value: null };
  }

  /** `opaque x<max>` / `string x<max>`: the bytes (a view into the buffer) and where the item starts and ends. */
  opaque(max: number): XdrResult<{ readonly data: Uint8Array; readonly start: number; readonly end: number }> {
    const start = this.offset;
    const length = this.uint32();
    if (!length.ok) return length;
    if (length.value > max) return { ok: false, error: `opaque of ${length.value} bytes at offset ${start} is over its limit of ${max}` };
    const dataStart = this.offset;
    const skipped = this.skip(length.value);
    if (!skipped.ok) return skipped;
    return { ok: true, value: { data: this.bytes.subarray(dataStart, dataStart + length.value), start, end: this.offset } };
  }
}

/** `opaque x<>` as bytes: the length word, the data, zero padding. */
export function encodeOpaque(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + padded(data.length));
  new DataView(out.buffer).setUint32(0, data.length);
  out.set(data, 4);
  return out;
}
