// A file-backed export (a raw image). Zeroes are written as zeroes and trim is a no-op (it is
// advisory, doc/proto.md "NBD_CMD_TRIM"), because Node exposes neither fallocate nor
// SEEK_HOLE; for the same reason every extent is reported as data (status 0 is always safe).
import { open, type FileHandle } from 'node:fs/promises';
import type { Extent } from '../../model/nbd/index.js';
import { done, ioFailure, type BackendResult, type ExportBackend } from './export-backend.js';

const zeroChunkBytes = 1024 * 1024;

export class FileExport implements ExportBackend {
  readonly tracksAllocation = false;
  private readonly zeroes = new Uint8Array(zeroChunkBytes);

  private constructor(private readonly handle: FileHandle, readonly sizeBytes: number, readonly readOnly: boolean) {}

  /** Opens an image; with `sizeBytes` the file is created if missing and resized to that size. */
  static async open(path: string, options: { readonly readOnly?: boolean; readonly sizeBytes?: number } = {}): Promise<FileExport> {
    const readOnly = options.readOnly ?? false;
    const create = !readOnly && options.sizeBytes !== undefined;
    const handle = await open(path, readOnly ? 'r' : 'r+').catch(async (error: unknown) => {
      if (create && (error as { code?: string }).code === 'ENOENT') return open(path, 'w+');
      throw error;
    });
    if (create) await handle.truncate(options.sizeBytes);
    const { size } = await handle.stat();
    return new FileExport(handle, size, readOnly);
  }

  async read(offset: number, length: number): Promise<BackendResult<Uint8Array>> {
    try {
      const out = new Uint8Array(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await this.handle.read(out, filled, length - filled, offset + filled);
        if (bytesRead === 0) break; // Past the end of a file that shrank: the rest reads as zeroes.
        filled += bytesRead;
      }
      return done(out);
    } catch (error) {
      return ioFailure(error);
    }
  }

  async write(offset: number, data: Uint8Array): Promise<BackendResult<void>> {
    try {
      let written = 0;
      while (written < data.length) {
        const { bytesWritten } = await this.handle.write(data, written, data.length - written, offset + written);
        written += bytesWritten;
      }
      return done(undefined);
    } catch (error) {
      return ioFailure(error);
    }
  }

  async writeZeroes(offset: number, length: number): Promise<BackendResult<void>> {
    for (let at = 0; at < length; at += zeroChunkBytes) {
      const result = await this.write(offset + at, this.zeroes.subarray(0, Math.min(zeroChunkBytes, length - at)));
      if (!result.ok) return result;
    }
    return done(undefined);
  }

  async trim(): Promise<BackendResult<void>> {
    return done(undefined);
  }

  async flush(): Promise<BackendResult<void>> {
    try {
      await this.handle.datasync();
      return done(undefined);
    } catch (error) {
      return ioFailure(error);
    }
  }

  async extents(_offset: number, length: number): Promise<BackendResult<readonly Extent[]>> {
    return done([{ lengthBytes: Math.min(length, 0xffffffff), flags: 0 }]);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
