// What the mirror stream copies from: a byte buffer or a raw image file. Reads return fresh
// arrays that the caller may hand to the socket without copying again.
import { open, type FileHandle } from 'node:fs/promises';

export interface MirrorSource {
  readonly sizeBytes: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Reads into a caller's buffer, so that the mirror can reuse its window buffers. */
  readInto?(offset: number, target: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export function bufferSource(bytes: Uint8Array): MirrorSource {
  return {
    sizeBytes: bytes.length,
    read: async (offset, length) => bytes.subarray(offset, offset + length),
    close: async () => undefined,
  };
}

export async function openFileSource(path: string): Promise<MirrorSource> {
  const handle: FileHandle = await open(path, 'r');
  const { size } = await handle.stat();
  const readInto = async (offset: number, target: Uint8Array): Promise<void> => {
    let filled = 0;
    while (filled < target.length) {
      const { bytesRead } = await handle.read(target, filled, target.length - filled, offset + filled);
      if (bytesRead === 0) {
        target.fill(0, filled); // The file shrank: the rest reads as zeroes.
        return;
      }
      filled += bytesRead;
    }
  };
  return {
    sizeBytes: size,
    read: async (offset, length) => {
      const out = Buffer.allocUnsafe(length);
      await readInto(offset, out);
      return out;
    },
    readInto,
    close: () => handle.close(),
  };
}
